/**
 * Files written without a formatter (`formatted: true` specs) must be what prettier prints, for
 * every option and value that reaches them: each option of `new`, functions of every trigger, a
 * preset's policy, and free text at its limits.
 */
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { APP_DEFAULTS, type AppAnswers } from '../../lib/answers.js';
import { type WorkspaceConfig, workspaceFromAnswers } from '../../lib/config.js';
import { renderUnformatted, workspaceFiles } from '../../lib/files.js';
import { buildModel } from '../../lib/model.js';
import { loadPreset } from '../../lib/preset.js';
import { PRETTIER_OPTIONS, tidy } from '../../lib/render.js';
import { REPO_ROOT } from '../helpers/generators.js';

const PARSERS: Readonly<Record<string, string>> = { ts: 'typescript', json: 'json', yml: 'yaml', yaml: 'yaml', md: 'markdown' };

const FUNCTIONS: NonNullable<WorkspaceConfig['functions']> = [
  { name: 'store-messages', trigger: { type: 'sqs', batchSize: 10 }, resource: 'item', actions: ['dynamodb:PutItem'] },
  { name: 'existing-queue', trigger: { type: 'sqs', batchSize: 5, queueArn: 'arn:aws:sqs:eu-west-1:123456789012:orders' }, actions: [] },
  { name: 'nightly', trigger: { type: 'schedule', expression: 'cron(0 3 * * ? *)', timezone: 'Europe/Paris' }, actions: [] },
  { name: 'on-change', trigger: { type: 'dynamodb-stream', batchSize: 100 }, resource: 'item', actions: [] },
  { name: 'on-write', trigger: { type: 'dynamodb-stream', batchSize: 10000 }, resource: 'item', actions: ['dynamodb:GetItem'], memory: 256, timeout: 900 },
  { name: 'on-upload', trigger: { type: 's3', events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'], prefix: 'uploads/', suffix: '.csv' }, actions: [] },
  {
    name: 'on-order',
    trigger: { type: 'eventbridge', sources: ['com.example.orders'], detailTypes: ['Order Placed'] },
    resource: 'item',
    actions: ['dynamodb:PutItem'],
    memory: 512,
    timeout: 20,
  },
  {
    name: 'on-bus',
    trigger: { type: 'eventbridge', bus: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders', sources: ['com.example.orders'] },
    actions: [],
  },
];

/** Each option of `new` in turn, with and without functions not behind HTTP. */
function configs(): { label: string; config: WorkspaceConfig }[] {
  const preset = loadPreset(`${REPO_ROOT}/examples/presets/acme`, REPO_ROOT);
  const cases: { label: string; answers: Partial<AppAnswers>; preset?: typeof preset }[] = [];
  for (const iac of ['cdk', 'sam', 'terraform'] as const) {
    for (const api of ['http', 'rest'] as const) {
      for (const auth of ['none', 'jwt', 'cognito', 'iam'] as const) {
        if (auth === 'jwt' && api === 'rest') continue;
        const authAnswers = auth === 'jwt' ? { 'jwt-issuer': 'https://login.example.com/realms/shop', 'jwt-audience': 'web,cli' } : {};
        cases.push({
          label: `${iac} ${api} ${auth}`,
          answers: {
            iac,
            api,
            auth,
            ...authAnswers,
            cors: auth === 'none' ? '' : api === 'http' ? 'https://shop.example.com,http://localhost:3000' : 'https://shop.example.com',
          },
        });
      }
      cases.push({ label: `${iac} ${api} no resource x86_64`, answers: { iac, api, resource: false, arch: 'x86_64', memory: 1024, timeout: 29 } });
    }
    cases.push({ label: `${iac} description at its limits`, answers: { iac, description: `Orders' API & <refunds>: ${'é'.repeat(20)} ${'x'.repeat(150)}` } });
    if (iac !== 'sam') cases.push({ label: `${iac} with the example preset`, answers: { iac }, preset });
  }
  return cases.flatMap(({ label, answers, preset: p }) => {
    const config = workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', ...answers } as AppAnswers, p);
    return [
      { label, config },
      {
        label: `${label} + functions`,
        config: { ...config, functions: FUNCTIONS.filter((f) => !f.resource || config.resources.some((r) => r.name === f.resource)) },
      },
    ];
  });
}

describe('files written without a formatter', () => {
  it("are prettier's text for every option of `new`, with functions of every trigger and a preset", async () => {
    let compared = 0;
    for (const { label, config } of configs()) {
      const specs = workspaceFiles(buildModel(config));
      const rendered = renderUnformatted(specs);
      for (const [i, spec] of specs.entries()) {
        if (!spec.formatted) continue;
        const parser = PARSERS[spec.path.split('.').at(-1) ?? ''];
        expect(parser, `${spec.path}: no formatter known`).toBeDefined();
        const text = tidy(rendered[i]!.contents);
        expect(text, `${label}: ${spec.path}`).toBe(await prettier.format(text, { ...PRETTIER_OPTIONS, parser: parser! }));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('include, in a CDK workspace of the defaults, every file but the README: prettier is not loaded', () => {
    const specs = workspaceFiles(buildModel(workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', iac: 'cdk' })));
    // JSON made in code (JSON.stringify: sample events, .yo-rc.json) is printed by lib/json-format.ts.
    const byPrettier = specs.filter(
      (s) => PARSERS[s.path.split('.').at(-1) ?? ''] && !s.formatted && !s.raw && !(s.path.endsWith('.json') && s.contents !== undefined),
    );
    expect(byPrettier.map((s) => s.path)).toEqual(['README.md']);
  });
});
