/**
 * The flavour contract: what every flavour's infrastructure must deploy for a workspace, written
 * once against the generator's model of it (`.yo-rc.json`) and checked on the deployment model
 * (lib/iac/deployment.ts) each flavour's output reads into. A new flavour is done when its
 * workspaces pass it: `npm test` runs it on the SAM and Terraform workspaces of the covering array
 * (test/generator/matrix.test.ts), the e2e tests on every workspace of it, the CDK's synthesized
 * (test/e2e/matrix.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { workspaceFromStored } from '../../lib/config.js';
import {
  type DeploymentModel,
  type ModelQueue,
  type RouteAuthorization,
  itemStatement,
  readCloudFormation,
  readPulumi,
  readTerraform,
} from '../../lib/iac/deployment.js';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { LOG_ACTIONS } from '../../lib/iac/flavour.js';
import { tableName } from '../../lib/iac/terraform/index.js';
import { type Model, type ResourceModel, buildModel } from '../../lib/model.js';
import { routeKey } from '../../lib/routes.js';
import { STREAM_LIST_ACTION, STREAM_RETRY, STREAM_VIEW_TYPE } from '../../lib/triggers/dynamodb-stream.js';
import { DEFAULT_STAGE } from '../../lib/stage.js';
import type { Iac } from '../../lib/types.js';
import { samTranslated } from './iac-model.js';
import { pulumiDeclared } from './pulumi.js';

/**
 * A workspace's deployment model, read as the cloud reads its flavour: the CDK's synthesized
 * template (`cdkTemplate`: the e2e tests synthesize it), SAM's own translation, the parsed HCL,
 * the resources Pulumi's program declares under its mocks (its dependencies installed).
 */
export async function readDeployment(iac: Iac, dir: string, cdkTemplate?: string): Promise<DeploymentModel> {
  const { project } = workspaceModel(dir);
  const prefixes = [`${project}-${DEFAULT_STAGE}-`, `${project}-\${Stage}-`];
  if (iac === 'terraform') return readTerraform(await parseTerraformDir(path.join(dir, 'infra')));
  if (iac === 'sam') return readCloudFormation(await samTranslated(path.join(dir, 'template.yaml')), prefixes);
  if (iac === 'pulumi') return readPulumi(await pulumiDeclared(dir), prefixes);
  if (!cdkTemplate) throw new Error('a CDK workspace is read from its synthesized template: synthesize it first');
  return readCloudFormation(JSON.parse(readFileSync(cdkTemplate, 'utf8')), prefixes);
}

/** The generator's model of a workspace, from its `.yo-rc.json`. */
export function workspaceModel(dir: string): Model {
  return buildModel(workspaceFromStored(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))));
}

/**
 * The id the deployment model gives a table: its Terraform name, its logical id (SAM), or its
 * logical id with the 8 hexadecimal characters the CDK appends to a construct's path.
 */
export function tableRefIn(deployment: DeploymentModel, iac: Iac, table: ResourceModel): string {
  if (iac === 'terraform') return tableName(table);
  const ids = Object.keys(deployment.tables).filter((id) => id === table.tableId || new RegExp(`^${table.tableId}[0-9A-F]{8}$`).test(id));
  expect(ids, `the table of ${table.name}`).toHaveLength(1);
  return ids[0]!;
}

/** Each function with a table (by name): the table, the DynamoDB actions `.yo-rc.json` gives it, and whether it queries an index. */
export function expectedGrants(dir: string): Map<string, { table: ResourceModel; actions: string[]; queries: boolean }> {
  const model = workspaceModel(dir);
  const out = new Map<string, { table: ResourceModel; actions: string[]; queries: boolean }>();
  for (const fn of [...model.routes, ...model.eventFunctions]) {
    if (!fn.table || fn.actions.length === 0) continue;
    const actions = [...fn.actions].sort();
    out.set(fn.name, { table: fn.table, actions, queries: fn.table.indexes.length > 0 && actions.includes('dynamodb:Query') });
  }
  return out;
}

/**
 * Holds each function's DynamoDB item statements to `.yo-rc.json`: exactly its actions on exactly
 * its table, with the table's indexes only where it queries them; a function without a table has
 * none; every function with one is deployed. Returns how many functions query an index.
 */
export function expectTableGrants(iac: Iac, dir: string, deployment: DeploymentModel): number {
  const grants = expectedGrants(dir);
  let queried = 0;
  for (const fn of deployment.functions) {
    const statements = fn.statements.filter((s) => itemStatement(s.actions));
    const expected = grants.get(fn.name);
    if (!expected) {
      expect(statements, fn.name).toEqual([]);
      continue;
    }
    const id = tableRefIn(deployment, iac, expected.table);
    if (expected.queries) queried++;
    expect(
      statements.map((s) => ({ actions: [...s.actions].sort(), resources: s.resources })),
      fn.name,
    ).toEqual([{ actions: expected.actions, resources: [`table:${id}`, ...(expected.queries ? [`indexes:${id}`] : [])] }]);
  }
  expect(
    deployment.functions
      .map((f) => f.name)
      .filter((n) => grants.has(n))
      .sort(),
  ).toEqual([...grants.keys()].sort());
  return queried;
}

/** What a route of the model asks of its caller, as the deployment model says it. */
function expectedAuthorization(model: Model, auth: { type: string; scopes: readonly string[] }): RouteAuthorization {
  const scopes = [...auth.scopes].sort();
  if (auth.type === 'none' || auth.type === 'iam') return { type: auth.type, scopes: [] };
  if (auth.type === 'cognito')
    return model.config.api === 'rest' ? { type: 'user-pool', scopes } : { type: 'jwt', issuer: 'user-pool', audience: ['user-pool-client'], scopes };
  return { type: 'jwt', issuer: String(model.config.auth.issuer), audience: [...(model.config.auth.audience ?? [])].sort(), scopes };
}

/** A queue the workspace owns: encrypted, refusing requests without TLS. */
function expectOwnQueue(queue: ModelQueue | undefined, what: string): void {
  expect(queue, what).toBeDefined();
  expect({ sse: queue!.sse, tlsOnly: queue!.tlsOnly }, what).toEqual({ sse: true, tlsOnly: true });
}

/**
 * Holds a workspace's deployment model to the contract: exactly its functions, sized as recorded;
 * each role with its own log group, exactly its table's actions on its table (and indexes where
 * it queries), no wildcard action and `*` only for ListStreams; every route with what it asks of
 * its caller, no integration with the caller's credentials; CORS; every table with its keys,
 * indexes and stream; every queue consumer's and stream reader's mapping with partial batch
 * responses, and their own queues encrypted and TLS-only with dead letters.
 */
export function expectFlavourContract(iac: Iac, dir: string, deployment: DeploymentModel): void {
  const model = workspaceModel(dir);
  const { config } = model;
  const all = [...model.routes, ...model.eventFunctions];

  // Functions: exactly the workspace's, each sized as recorded.
  expect(deployment.functions.map((f) => f.name).sort(), 'functions').toEqual(all.map((f) => f.name).sort());
  for (const fn of all) {
    const deployed = deployment.functions.find((f) => f.name === fn.name)!;
    expect({ memory: deployed.memory, timeout: deployed.timeout, architecture: deployed.architecture }, fn.name).toEqual({
      memory: fn.memory ?? config.memory,
      timeout: fn.timeout ?? config.timeout,
      architecture: config.arch,
    });
    // Its own log group, once; no managed policy; no wildcard action; `*` only where AWS has no narrower resource.
    expect(
      deployed.statements.filter((s) => s.resources.includes('log-group:own')).map((s) => [...s.actions].sort()),
      `${fn.name}: logs`,
    ).toEqual([[...LOG_ACTIONS].sort()]);
    expect(
      deployed.statements.flatMap((s) => s.resources).filter((r) => r.startsWith('log-group:') && r !== 'log-group:own'),
      `${fn.name}: other log groups`,
    ).toEqual([]);
    expect(deployed.managed, `${fn.name}: managed policies`).toEqual([]);
    expect(deployed.unread, `${fn.name}: unreadable policies`).toEqual([]);
    expect(
      deployed.statements.flatMap((s) => s.actions).filter((a) => a.includes('*')),
      `${fn.name}: wildcard actions`,
    ).toEqual([]);
    expect(
      deployed.statements
        .filter((s) => s.resources.includes('*'))
        .flatMap((s) => s.actions)
        .filter((a) => a !== STREAM_LIST_ACTION),
      `${fn.name}: actions on "*"`,
    ).toEqual([]);
  }
  // Tables: the grants name exactly each function's table, and its indexes where it queries.
  const tableOf = (table: ResourceModel) => tableRefIn(deployment, iac, table);
  expectTableGrants(iac, dir, deployment);

  // Tables: the partition key `id`, the index and the sorted index where recorded, a stream where read.
  const streamed = new Set(model.eventFunctions.filter((f) => f.trigger.type === 'dynamodb-stream').map((f) => f.resource));
  expect(Object.keys(deployment.tables), 'tables').toHaveLength(model.resources.length);
  for (const r of model.resources) {
    const table = deployment.tables[tableOf(r)]!;
    expect(table.keys, r.name).toEqual(['id HASH']);
    expect(table.indexes.length, `${r.name}: indexes`).toBe((r.index ? 1 : 0) + (r.sortKey ? 1 : 0));
    if (r.index)
      expect(
        table.indexes.map((i) => i.name),
        r.name,
      ).toContain(r.index.name);
    expect(table.stream, `${r.name}: stream`).toBe(streamed.has(r.name) ? STREAM_VIEW_TYPE : undefined);
  }

  // The API: every route, and what it asks of its caller.
  const routes = Object.fromEntries(Object.entries(deployment.api.routes).map(([key, { ref: _, ...auth }]) => [key, auth]));
  expect(routes, 'routes').toEqual(Object.fromEntries(model.routes.map((route) => [routeKey(route), expectedAuthorization(model, route.authorization)])));
  if (!config.cors) expect(deployment.api.cors, 'CORS').toBeUndefined();
  else if (config.api === 'http') expect(deployment.api.cors, 'CORS').toEqual({ origins: [...config.cors.origins].sort() });
  else {
    expect(config.cors.origins, 'CORS').toEqual(expect.arrayContaining(deployment.api.cors?.origins ?? ['none']));
    for (const route of model.routes) expect(deployment.api.cors?.preflight, `preflight of ${route.path}`).toContain(route.path);
  }

  // Buckets: a function of a bucket of the workspace's own is notified of its recorded events and
  // key filter by a bucket that is versioned, encrypted, closed to the public and TLS-only, and S3
  // may invoke it from that bucket and this account only (as the CDK's LambdaDestination allows).
  for (const fn of model.eventFunctions) {
    const t = fn.trigger;
    if (t.type !== 's3' || t.bucket) continue;
    const id = deployment.functions.find((f) => f.name === fn.name)!.id;
    const owned = Object.entries(deployment.buckets).filter(([, b]) => b.notifications.some((n) => n.function === id));
    expect(owned.length, `${fn.name}: its bucket`).toBe(1);
    const [bucketId, bucket] = owned[0]!;
    // Its events, in one configuration or one per event (SAM's), each with the key filter.
    const mine = bucket.notifications.filter((n) => n.function === id);
    const filter = { ...(t.prefix !== undefined ? { prefix: t.prefix } : {}), ...(t.suffix !== undefined ? { suffix: t.suffix } : {}) };
    expect(mine.flatMap((n) => n.events).sort(), `${fn.name}: events`).toEqual([...t.events].sort());
    for (const n of mine) expect(n.filter, `${fn.name}: key filter`).toEqual(filter);
    expect({ ...bucket, notifications: undefined, sse: bucket.sse !== undefined }, `${fn.name}: bucket`).toEqual({
      versioned: true,
      sse: true,
      publicAccessBlocked: true,
      tlsOnly: true,
      notifications: undefined,
    });
    expect(
      deployment.permissions.filter((p) => p.function === id),
      `${fn.name}: who may invoke it`,
    ).toEqual([
      {
        function: id,
        principal: 's3.amazonaws.com',
        sourceAccount: true,
        // SAM's S3 event writes its permission without the bucket's ARN (the known exception the
        // cross-flavour test pins: the bucket would depend on the permission that names it).
        ...(iac === 'sam' ? {} : { source: `bucket:${bucketId}` }),
      },
    ]);
  }

  // Mappings: one per queue consumer and stream reader, each reporting batch item failures.
  const mapped = model.eventFunctions.filter((f) => f.trigger.type === 'sqs' || f.trigger.type === 'dynamodb-stream');
  expect(deployment.mappings, 'mappings').toHaveLength(mapped.length);
  for (const fn of mapped) {
    const id = deployment.functions.find((f) => f.name === fn.name)!.id;
    const mapping = deployment.mappings.find((m) => m.function === id);
    expect(mapping?.responseTypes, `${fn.name}: mapping`).toEqual(['ReportBatchItemFailures']);
    const t = fn.trigger;
    if (t.type === 'sqs') {
      expect(mapping!.batchSize ?? 10, `${fn.name}: batch size`).toBe(t.batchSize);
      if (t.queueArn) {
        expect(mapping!.source, fn.name).toBe(t.queueArn);
        continue;
      }
      expect(mapping!.source, fn.name).toMatch(/^queue:/);
      const queue = deployment.queues[mapping!.source.slice('queue:'.length)];
      expectOwnQueue(queue, `${fn.name}: its queue`);
      expect(queue!.deadLetter?.queue, `${fn.name}: dead letters`).toMatch(/^queue:/);
      expectOwnQueue(deployment.queues[queue!.deadLetter!.queue.slice('queue:'.length)], `${fn.name}: its dead-letter queue`);
    }
    if (t.type === 'dynamodb-stream') {
      expect(mapping, fn.name).toMatchObject({
        source: `stream:${tableOf(fn.table!)}`,
        batchSize: t.batchSize,
        bisect: true,
        retries: STREAM_RETRY.maximumRetryAttempts,
        maxRecordAgeSeconds: STREAM_RETRY.maximumRecordAgeInSeconds,
      });
      expect(mapping!.onFailure, `${fn.name}: on failure`).toMatch(/^queue:/);
      expectOwnQueue(deployment.queues[mapping!.onFailure!.slice('queue:'.length)], `${fn.name}: its on-failure queue`);
    }
  }
}
