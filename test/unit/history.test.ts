/** The replay of how a workspace came to be, from the order of its recorded routes. */
import { describe, expect, it } from 'vitest';
import { history } from '../../lib/base.js';
import { APP_DEFAULTS } from '../../lib/answers.js';
import { workspaceFromAnswers } from '../../lib/config.js';
import { crudRoutes } from '../../lib/routes.js';
import type { Route, WorkspaceConfig } from '../../lib/types.js';

const base = (resource: string | false): WorkspaceConfig => workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', resource });

const custom: Route = { name: 'get-order', method: 'GET', path: '/orders/{orderId}', kind: 'custom', resource: 'item', actions: ['dynamodb:GetItem'] };

describe('history', () => {
  it('is one step for a workspace as generated', () => {
    const config = base('item');
    expect(history(config).map((s) => s.command)).toEqual(['serverless-api new shop']);
    expect(history(base(false)).map((s) => s.config.routes.map((r) => r.name))).toEqual([['health']]);
  });

  it('replays routes one by one and a resource five routes at once, ending at the recorded configuration', () => {
    const start = base('item');
    const config = {
      ...start,
      resources: [{ name: 'item' }, { name: 'category' }],
      routes: [...start.routes, custom, ...crudRoutes('category'), { ...custom, name: 'list-orders', path: '/orders' }],
    };
    const steps = history(config);
    expect(steps.map((s) => s.command)).toEqual([
      'serverless-api new shop',
      'serverless-api route GET /orders/{orderId}',
      'serverless-api resource category',
      'serverless-api route GET /orders',
    ]);
    expect(steps.map((s) => s.config.routes.length)).toEqual([5, 6, 11, 12]);
    expect(steps.map((s) => s.config.resources.map((r) => r.name))).toEqual([['item'], ['item'], ['item', 'category'], ['item', 'category']]);
    expect(steps[2]?.routes.map((r) => r.name)).toEqual(crudRoutes('category').map((r) => r.name));
    expect(steps.at(-1)?.config).toBe(config);
  });

  it('replays each function not behind HTTP after the routes it followed, and one without a place last', () => {
    const start = base('item');
    const consumer = (name: string, afterRoutes?: number) => ({
      name,
      trigger: { type: 'sqs' as const, batchSize: 10 },
      actions: [],
      ...(afterRoutes !== undefined ? { afterRoutes } : {}),
    });
    const config = { ...start, routes: [...start.routes, custom], functions: [consumer('first', 5), consumer('second', 6), consumer('third')] };
    const steps = history(config);
    expect(steps.map((s) => s.command)).toEqual([
      'serverless-api new shop',
      'serverless-api function first --trigger sqs',
      'serverless-api route GET /orders/{orderId}',
      'serverless-api function second --trigger sqs',
      'serverless-api function third --trigger sqs',
    ]);
    expect(steps.map((s) => s.functions)).toEqual([[], ['first'], [], ['second'], ['third']]);
    expect(steps.map((s) => (s.config.functions ?? []).map((f) => f.name))).toEqual([
      [],
      ['first'],
      ['first'],
      ['first', 'second'],
      ['first', 'second', 'third'],
    ]);
    expect(steps.at(-1)?.config).toBe(config);
  });

  it('starts from the health route when the workspace had no resource at first', () => {
    const start = base(false);
    const config = { ...start, resources: [{ name: 'item' }], routes: [...start.routes, ...crudRoutes('item')] };
    const steps = history(config);
    expect(steps.map((s) => s.command)).toEqual(['serverless-api new shop', 'serverless-api resource item']);
    expect(steps[0]?.config.resources).toEqual([]);
  });
});
