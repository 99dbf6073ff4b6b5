/**
 * Generated functions really work: every route answers its sample events, and a CRUD story
 * holds, against a DynamoDB-compatible server (moto) on loopback, through the local loop the
 * generated README teaches: `make local-tables`, then `cargo lambda watch` on port 9000.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkspaceConfig, workspaceFromStored } from '../../lib/config.js';
import { EXISTING_ID, MISSING_ID, apiGatewayEvent } from '../../lib/events.js';
import { type Field, LISTED_ATTRIBUTE, LISTED_VALUE, sampleBody } from '../../lib/fields.js';
import { type Model, type ResourceModel, buildModel } from '../../lib/model.js';
import { resourceNames } from '../../lib/naming.js';
import type { Route } from '../../lib/types.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';
import { portIsFree, startProcess, stopAll, stopProcess, waitForPort } from '../helpers/processes.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { sampleBatches } from '../../lib/triggers/crates/sqs.js';
import { sampleBatches as streamBatches } from '../../lib/triggers/crates/dynamodb-stream.js';

// The ports of the generated README: DynamoDB on 8000, `cargo lambda watch` on 9000.
const DYNAMODB_PORT = 8000;
const WATCH_PORT = 9000;
const API = `http://127.0.0.1:${WATCH_PORT}`;
const ROOT = path.join(E2E_DIR, 'local');
/** The contract tester (Schemathesis, on PyPI; `.ci/run` installs it) and its hooks and settings. */
const CONTRACT_TESTER = process.env.SCHEMATHESIS ?? 'st';
const CONTRACT_DIR = path.join(REPO_ROOT, 'test/helpers/contract');

const dynamo = new DynamoDBClient({
  endpoint: `http://127.0.0.1:${DYNAMODB_PORT}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

interface LambdaResponse {
  statusCode: number;
  headers?: Record<string, string>;
  /** REST API (payload 1.0) responses carry their headers here. */
  multiValueHeaders?: Record<string, string[]>;
  body?: string | null;
}

/** A header of a function's response, wherever the payload format puts it. */
function header(response: LambdaResponse, name: string): string | undefined {
  return response.headers?.[name] ?? response.multiValueHeaders?.[name]?.[0];
}

/** Invokes a function through the Lambda runtime API that `cargo lambda watch` serves (what `cargo lambda invoke` does). */
async function invoke(fn: string, event: unknown): Promise<LambdaResponse> {
  const response = await fetch(`${API}/2015-03-31/functions/${fn}/invocations`, { method: 'POST', body: JSON.stringify(event) });
  const text = await response.text();
  if (!response.ok) throw new Error(`invoking ${fn} failed: HTTP ${response.status}: ${text}`);
  return JSON.parse(text) as LambdaResponse;
}

function jsonBody(response: { body?: string | null }): any {
  return response.body ? JSON.parse(response.body) : undefined;
}

type Attribute = { S?: string; N?: string; BOOL?: boolean; L?: Attribute[]; NULL?: boolean };

/** A DynamoDB attribute as JSON: the mapping of the shared crate's store (serde_dynamo: lists, not sets). */
function fromAttribute(value: Attribute): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.L !== undefined) return value.L.map(fromAttribute);
  throw new Error(`an attribute the store never writes: ${JSON.stringify(value)}`);
}

function toAttribute(value: unknown): Attribute {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  throw new Error(`not a value of a field: ${JSON.stringify(value)}`);
}

/** The item under `id` as the API shows it (every attribute but its version), read through the server. */
async function stored(table: string, id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
  if (!Item) return undefined;
  // Not fields: the version (the ETag), and a sorted resource's list partition (checked on its own).
  return Object.fromEntries(
    Object.entries(Item)
      .filter(([k]) => k !== 'version' && k !== LISTED_ATTRIBUTE)
      .map(([k, v]) => [k, fromAttribute(v as Attribute)]),
  );
}

/** The version a stored item is at (its ETag), read through the server. */
async function storedVersion(table: string, id: string): Promise<string | undefined> {
  const { Item } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
  return Item?.version?.N;
}

/** What `seed` stores: a create's sample body, its first string field changed, so that a write shows. */
function seeded(fields: Field[]): Record<string, unknown> {
  return { id: EXISTING_ID, ...sampleBody(fields, 0), [labelOf(fields)]: 'Seeded widget' };
}

/**
 * The item the sample events expect, at version 1 (so `If-Match: "1"` matches, `"99"` does not);
 * in a sorted resource's list partition, as the store writes every item of one.
 */
async function seed(table: string, fields: Field[], sorted: boolean): Promise<void> {
  const item = Object.fromEntries(Object.entries(seeded(fields)).map(([k, v]) => [k, toAttribute(v)]));
  const listed = sorted ? { [LISTED_ATTRIBUTE]: { S: LISTED_VALUE } } : {};
  await dynamo.send(new PutItemCommand({ TableName: table, Item: { ...item, ...listed, version: { N: '1' } } as never }));
}

/** The first required string field of a resource: the one the story renames. */
function labelOf(fields: Field[]): string {
  const label = fields.find((f) => f.type === 'string' && !f.array && !f.optional);
  if (!label) throw new Error('the story needs a resource with a required string field');
  return label.name;
}

/** The request id of every sample event (`requestContext.requestId`). */
const SAMPLE_REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';

let moto: ChildProcess;

beforeAll(async () => {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  for (const port of [DYNAMODB_PORT, WATCH_PORT]) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} is in use; the generated README's local loop needs it`);
  }
  moto = startProcess('moto', 'moto_server', ['-H', '127.0.0.1', '-p', String(DYNAMODB_PORT)], ROOT);
  await waitForPort(DYNAMODB_PORT, 30_000, moto);
});

afterAll(async () => {
  await stopAll();
});

// The third workspace also has a resource added by the sub-generator, with a field of every type.
const EVERY_TYPE =
  'title:string(40), pages:integer?, price:number, published:boolean, tags:string(20)[], released:date, at:datetime?, status:enum(draft,live-now), scores:integer[]?';
const WORKSPACES: [string, string[], string][] = [
  ['local-http', ['--api', 'http'], 'item'],
  // With CORS: a REST API passes each answer to the browser as the function wrote it.
  ['local-rest', ['--api', 'rest', '--cors', 'https://app.example.com'], 'item'],
  ['local-extra', ['--api', 'http'], 'category'],
];

describe.each(WORKSPACES)('%s', (name, flags, storyResource) => {
  const dir = path.join(ROOT, name);
  let config: WorkspaceConfig;
  let model: Model;
  let fields: Field[];
  let sortKey: ResourceModel['sortKey'];
  let label: string;
  let watch: ChildProcess | undefined;
  const tableOf = (resource = 'item') => `${name}-${resourceNames(resource).plural}`;
  const table = tableOf(storyResource);
  const collection = resourceNames(storyResource).collectionPath;
  const crud = (kind: Route['kind']) => config.routes.find((r) => r.kind === kind && r.resource === storyResource)!;
  // Bodies of the story's resource: every field (a create's sample), or the required ones (an update's).
  const full = (text: string) => ({ ...sampleBody(fields, 0), [label]: text });
  const required = (text: string) => ({ ...sampleBody(fields, 1), [label]: text });

  beforeAll(async () => {
    await tool(ROOT, 'node', [CLI, 'new', name, '--yes', '--skip-install', '--no-git', ...flags]);
    // With an index on an enum, sorted by a number: the list route's `by-status` sample queries it
    // through moto; and a sort key, latest first: the whole list queries an index of its own.
    if (storyResource !== 'item')
      await tool(dir, 'node', [CLI, 'resource', storyResource, '--fields', EVERY_TYPE, '--index', 'status:price', '--sort-key', 'released:desc', '--yes']);
    // Queue consumers: one that stores each message in the story's table in every workspace,
    // and one without a table beside it.
    await tool(dir, 'node', [CLI, 'function', 'store-messages', '--trigger', 'sqs', '--resource', storyResource, '--access', 'write', '--yes']);
    if (storyResource !== 'item') await tool(dir, 'node', [CLI, 'function', 'log-messages', '--trigger', 'sqs', '--yes']);
    // A scheduled job that counts the story's table.
    await tool(dir, 'node', [
      CLI,
      'function',
      'count-items',
      '--trigger',
      'schedule',
      '--rate',
      'rate(1 hour)',
      '--resource',
      storyResource,
      '--access',
      'read',
      '--yes',
    ]);
    // An event rule's function that stores each event's detail in the story's table.
    await tool(dir, 'node', [
      CLI,
      'function',
      'store-events',
      '--trigger',
      'eventbridge',
      '--source',
      'com.example.orders',
      '--resource',
      storyResource,
      '--access',
      'write',
      '--yes',
    ]);
    // A reader of the story table's stream.
    await tool(dir, 'node', [CLI, 'function', 'watch-changes', '--trigger', 'dynamodb-stream', '--resource', storyResource, '--yes']);
    // A bucket's function.
    await tool(dir, 'node', [CLI, 'function', 'on-upload', '--trigger', 's3', '--suffix', '.csv', '--yes']);
    // A route of its own under the story's item: it reads the table (inferred from the path) and
    // answers 404 under an item that does not exist.
    await tool(dir, 'node', [CLI, 'route', 'GET', `${collection}/{id}/notes`, '--yes']);
    config = workspaceFromStored(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8')));
    model = buildModel(config);
    fields = model.resource(storyResource).fields;
    sortKey = model.resource(storyResource).sortKey;
    if (storyResource !== 'item') expect(sortKey).toMatchObject({ field: 'released', descending: true });
    label = labelOf(fields);
    if (storyResource !== 'item')
      expect(fields.map((f) => f.type)).toEqual(expect.arrayContaining(['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'enum']));
    const out = await tool(dir, 'make', ['local-tables']);
    for (const resource of config.resources) expect(out).toContain(`table ${tableOf(resource.name)} created`);
    // The generic store's own integration tests (a record with a field of each kind), against the same server.
    const integration = await tool(dir, 'make', ['test-integration']);
    const passed = [...integration.matchAll(/test result: ok\. (\d+) passed; 0 failed/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(passed).toBe(5);
    // Compile every function before the watcher starts, so no request waits for a build.
    await tool(dir, 'cargo', ['build', '--workspace', '--bins']);
    watch = startProcess(`watch-${name}`, 'cargo', ['lambda', 'watch', '--ignore-changes'], dir);
    await waitForPort(WATCH_PORT, 120_000, watch);
  });

  afterAll(async () => {
    if (watch) await stopProcess(watch);
    await waitForPortToClose();
  });

  it('answers every sample event of every function with its documented status', async () => {
    const report: string[] = [];
    for (const route of model.routes) {
      const table = tableOf(route.resource);
      const own = route.table?.fields ?? fields;
      for (const sample of route.events) {
        await seed(table, own, route.table?.sortKey !== undefined);
        const event = JSON.parse(readFileSync(path.join(dir, 'lambdas', route.name, 'events', `${sample.name}.json`), 'utf8'));
        const response = await invoke(route.name, event);
        report.push(`${route.name.padEnd(12)} ${`${sample.name}.json`.padEnd(20)} -> ${response.statusCode} (expected ${sample.status})`);
        expect(response.statusCode, `${route.name} ${sample.name}: ${response.body}`).toBe(sample.status);
        // Behind a REST API with CORS, every answer (errors too) lets the browser read it.
        if (config.api === 'rest' && config.cors) {
          expect(header(response, 'access-control-allow-origin'), `${route.name} ${sample.name}`).toBe(config.cors.origins[0]);
          expect(header(response, 'vary'), `${route.name} ${sample.name}`).toBe('Origin');
          expect(header(response, 'access-control-expose-headers'), `${route.name} ${sample.name}`).toBe('etag,location');
        }
        const body = jsonBody(response);
        if (response.statusCode >= 400) {
          expect(typeof body.message, `${route.name} ${sample.name}`).toBe('string');
          expect(body.code, `${route.name} ${sample.name}`).toMatch(/^[a-z_]+$/);
          expect(body.requestId, `${route.name} ${sample.name}`).toBe(SAMPLE_REQUEST_ID);
        }
        if (response.statusCode === 412) expect(body.code).toBe('precondition_failed');
        if (route.kind === 'get' && response.statusCode === 200) {
          expect(body).toEqual(seeded(own));
          expect(header(response, 'etag')).toBe('"1"');
        }
        // Behind a REST stage the caller's path starts with the stage (`/prod/...`).
        if (route.kind === 'create' && response.statusCode === 201) {
          const stage = config.api === 'rest' ? '/prod' : '';
          expect(header(response, 'location')).toBe(`${stage}${route.path}/${body.id}`);
          expect(header(response, 'etag')).toBe('"1"');
        }
        if (route.kind === 'list' && response.statusCode === 200) expect(Array.isArray(body.items)).toBe(true);
        // From the index: the seeded item, and only items of the partition asked for.
        if (route.kind === 'list' && sample.name.startsWith('by-')) {
          const [[field, value]] = Object.entries(sample.request.query ?? {}) as [[string, string]];
          expect(body.items.map((i: { id: string }) => i.id)).toContain(EXISTING_ID);
          for (const item of body.items) expect(item[field], JSON.stringify(item)).toBe(value);
        }
        // The data in the table, read back through the server, not through the handler.
        if (route.kind === 'create' && response.statusCode === 201) {
          expect(await stored(table, body.id)).toEqual({ id: body.id, ...sampleBody(own, 0) });
        }
        if (route.kind === 'update' && response.statusCode === 200) {
          expect(await stored(table, EXISTING_ID)).toEqual({ id: EXISTING_ID, ...sampleBody(own, 1) });
          expect(await storedVersion(table, EXISTING_ID)).toBe('2');
          expect(header(response, 'etag')).toBe('"2"');
        }
        if (response.statusCode === 412) expect(await stored(table, EXISTING_ID)).toEqual(seeded(own));
        if (route.kind === 'delete' && response.statusCode === 204) expect(await stored(table, EXISTING_ID)).toBeUndefined();
        if (sample.name === 'not-found') expect(await stored(table, MISSING_ID)).toBeUndefined();
      }
    }
    console.log(`${name}: every function/event pair\n${report.join('\n')}`);
  });

  it('answers each sample batch of each queue consumer: only the poison message fails; the writer stores the others', async () => {
    const consumers = (config.functions ?? []).filter((f) => f.trigger.type === 'sqs');
    expect(consumers.map((f) => f.name)).toEqual(storyResource === 'item' ? ['store-messages'] : ['store-messages', 'log-messages']);
    const report: string[] = [];
    for (const fn of consumers) {
      const writes = fn.resource !== undefined;
      for (const batch of sampleBatches(writes ? fields : undefined)) {
        const event = JSON.parse(readFileSync(path.join(dir, 'lambdas', fn.name, 'events', `${batch.name}.json`), 'utf8')) as {
          Records: { messageId?: string; body: string }[];
        };
        for (const record of event.Records)
          if (record.messageId) await dynamo.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: record.messageId } } }));
        const response = await fetch(`${API}/2015-03-31/functions/${fn.name}/invocations`, { method: 'POST', body: JSON.stringify(event) });
        const text = await response.text();
        report.push(`${fn.name.padEnd(15)} ${`${batch.name}.json`.padEnd(24)} -> HTTP ${response.status} ${text}`);
        if (batch.failed === 'batch') {
          // The function fails the invocation: Lambda retries the whole batch.
          expect(response.ok, `${fn.name} ${batch.name}: ${text}`).toBe(false);
          expect(JSON.parse(text)).toEqual({ errorType: 'MalformedBatch', errorMessage: 'a record of the batch has no id: the whole batch is retried' });
        } else {
          expect(response.status, `${fn.name} ${batch.name}: ${text}`).toBe(200);
          expect(JSON.parse(text)).toEqual({ batchItemFailures: batch.failed.map((id) => ({ itemIdentifier: id })) });
        }
        if (!writes) continue;
        // The table, read through the server: each message that did not fail is an item under its id.
        for (const record of event.Records) {
          if (!record.messageId) continue;
          const kept = batch.failed !== 'batch' && !batch.failed.includes(record.messageId);
          expect(await stored(table, record.messageId), `${batch.name} ${record.messageId}`).toEqual(
            kept ? { id: record.messageId, ...JSON.parse(record.body) } : undefined,
          );
        }
      }
    }
    console.log(`${name}: every consumer/batch pair\n${report.join('\n')}`);
  });

  it('runs the scheduled job on each sample run: it counts the table read from moto; a document that is not a run is refused', async () => {
    const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: table }));
    const report: string[] = [];
    for (const run of ['ok', 'retry', 'not-a-run']) {
      const event = readFileSync(path.join(dir, 'lambdas', 'count-items', 'events', `${run}.json`), 'utf8');
      const response = await fetch(`${API}/2015-03-31/functions/count-items/invocations`, { method: 'POST', body: event });
      const text = await response.text();
      report.push(`count-items ${`${run}.json`.padEnd(16)} -> HTTP ${response.status} ${text}`);
      if (run === 'not-a-run') {
        expect(response.ok, text).toBe(false);
        expect(text).toContain('unknown field');
      } else {
        expect(response.status, text).toBe(200);
        expect(JSON.parse(text)).toEqual({ executionId: JSON.parse(event).executionId, items: Items.length });
      }
    }
    expect(Items.length).toBeGreaterThan(0);
    console.log(`${name}: the scheduled job\n${report.join('\n')}`);
  });

  it("stores each good event of the rule's function in moto, once; a bad detail and a document that is not an event fail", async () => {
    const report: string[] = [];
    const invoke = async (sample: string) => {
      const event = readFileSync(path.join(dir, 'lambdas', 'store-events', 'events', `${sample}.json`), 'utf8');
      const response = await fetch(`${API}/2015-03-31/functions/store-events/invocations`, { method: 'POST', body: event });
      const text = await response.text();
      report.push(`store-events ${`${sample}.json`.padEnd(18)} -> HTTP ${response.status} ${text}`);
      return { event: JSON.parse(event), response, text };
    };
    const ok = await invoke('ok');
    expect(ok.response.status, ok.text).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({ eventId: ok.event.id, created: true });
    expect(await stored(table, ok.event.id)).toEqual({ id: ok.event.id, ...ok.event.detail });
    // EventBridge delivers at least once: the same event again stores nothing new.
    const again = await invoke('ok');
    expect(JSON.parse(again.text)).toEqual({ eventId: ok.event.id, created: false });
    const bad = await invoke('bad-detail');
    expect(bad.response.ok, bad.text).toBe(false);
    expect(JSON.parse(bad.text)).toMatchObject({ errorType: 'EventFailed' });
    const { Item: none } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: bad.event.id } } }));
    expect(none).toBeUndefined();
    const notEvent = await invoke('not-an-event');
    expect(notEvent.response.ok, notEvent.text).toBe(false);
    expect(notEvent.text).toContain('missing field');
    console.log(`${name}: the event rule's function\n${report.join('\n')}`);
  });

  it("answers each sample batch of the stream reader: the handler stops at the poison record, Lambda's checkpoint", async () => {
    const report: string[] = [];
    for (const batch of streamBatches(fields)) {
      const event = readFileSync(path.join(dir, 'lambdas', 'watch-changes', 'events', `${batch.name}.json`), 'utf8');
      const response = await fetch(`${API}/2015-03-31/functions/watch-changes/invocations`, { method: 'POST', body: event });
      const text = await response.text();
      report.push(`watch-changes ${`${batch.name}.json`.padEnd(26)} -> HTTP ${response.status} ${text}`);
      if (batch.failed === 'batch') {
        expect(response.ok, `${batch.name}: ${text}`).toBe(false);
        expect(JSON.parse(text)).toEqual({ errorType: 'MalformedBatch', errorMessage: 'a record of the batch has no id: the whole batch is retried' });
      } else {
        expect(response.status, `${batch.name}: ${text}`).toBe(200);
        expect(JSON.parse(text)).toEqual({ batchItemFailures: batch.failed.map((id) => ({ itemIdentifier: id })) });
      }
    }
    expect(
      report.some((line) => /poison-record\.json\s+-> HTTP 200 \{"batchItemFailures":\[\{"itemIdentifier":"\d+"\}\]\}$/.test(line)),
      report.join('\n'),
    ).toBe(true);
    console.log(`${name}: the stream reader\n${report.join('\n')}`);
  });

  it("answers each sample event of the bucket's function: the object's key decoded; an empty object and a document that is not an event fail", async () => {
    const report: string[] = [];
    for (const sample of ['ok', 'empty-object', 'not-an-event']) {
      const event = readFileSync(path.join(dir, 'lambdas', 'on-upload', 'events', `${sample}.json`), 'utf8');
      const response = await fetch(`${API}/2015-03-31/functions/on-upload/invocations`, { method: 'POST', body: event });
      const text = await response.text();
      report.push(`on-upload ${`${sample}.json`.padEnd(20)} -> HTTP ${response.status} ${text}`);
      if (sample === 'ok') {
        expect(response.status, text).toBe(200);
        expect(JSON.parse(text)).toEqual({ objects: ['reports/2026-11-29 summary.csv'] });
      } else {
        expect(response.ok, text).toBe(false);
        if (sample === 'empty-object')
          expect(JSON.parse(text)).toEqual({ errorType: 'EventFailed', errorMessage: 'reports/2026-11-29 summary.csv: the object is empty' });
        else expect(text).toContain('missing field');
      }
    }
    console.log(`${name}: the bucket's function\n${report.join('\n')}`);
  });

  it('walks a CRUD story through the local API router with real HTTP requests', async () => {
    const json = { 'content-type': 'application/json' };
    const created = await fetch(`${API}${collection}`, { method: 'POST', headers: json, body: JSON.stringify(full('Story widget')) });
    expect(created.status).toBe(201);
    const item = await created.json();
    expect(item).toEqual({ id: item.id, ...full('Story widget') });
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).toBe(`${collection}/${item.id}`);
    expect(await stored(table, item.id)).toEqual(item);

    expect(created.headers.get('etag')).toBe('"1"');

    const got = await fetch(`${API}${collection}/${item.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    const copy = await got.json();
    expect(copy).toEqual(item);

    // Lost updates: a write with the ETag of what it read succeeds once; the second writer with
    // the same (now stale) ETag gets 412 and changes nothing. A body copied from the GET (with its
    // id) is accepted.
    const first = await fetch(`${API}${collection}/${item.id}`, {
      method: 'PUT',
      headers: { ...json, 'if-match': '"1"' },
      body: JSON.stringify({ ...copy, [label]: 'First writer' }),
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const second = await fetch(`${API}${collection}/${item.id}`, {
      method: 'PUT',
      headers: { ...json, 'if-match': '"1"' },
      body: JSON.stringify({ ...copy, [label]: 'Second writer' }),
    });
    expect(second.status).toBe(412);
    expect((await second.json()).code).toBe('precondition_failed');
    expect((await stored(table, item.id))?.[label]).toBe('First writer');
    const staleDelete = await fetch(`${API}${collection}/${item.id}`, { method: 'DELETE', headers: { 'if-match': '"1"' } });
    expect(staleDelete.status).toBe(412);
    expect((await stored(table, item.id))?.[label]).toBe('First writer');
    const otherId = await fetch(`${API}${collection}/${item.id}`, { method: 'PUT', headers: json, body: JSON.stringify({ id: MISSING_ID, ...required('x') }) });
    expect(otherId.status).toBe(400);
    const weak = await fetch(`${API}${collection}/${item.id}`, {
      method: 'PUT',
      headers: { ...json, 'if-match': 'W/"2"' },
      body: JSON.stringify(required('x')),
    });
    expect(weak.status).toBe(400);
    const anyVersion = await fetch(`${API}${collection}/${item.id}`, {
      method: 'PUT',
      headers: { ...json, 'if-match': '*' },
      body: JSON.stringify(full('Story widget')),
    });
    expect(anyVersion.status).toBe(200);
    expect(anyVersion.headers.get('etag')).toBe('"3"');

    // Pagination: with at least five items of this test's own (whatever earlier tests left), walk
    // every page with a limit of 2 and find each of them exactly once.
    const extra: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${API}${collection}`, { method: 'POST', headers: json, body: JSON.stringify(required(`page filler ${i}`)) });
      expect(response.status).toBe(201);
      extra.push((await response.json()).id);
    }
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await fetch(`${API}${collection}?limit=2${next ? `&next=${encodeURIComponent(next)}` : ''}`);
      expect(page.status).toBe(200);
      const body = await page.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((i: { id: string }) => i.id));
      next = body.next;
      pages++;
    } while (next && pages < 100);
    for (const id of [item.id, ...extra])
      expect(
        seen.filter((s) => s === id),
        id,
      ).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (const id of extra) expect((await fetch(`${API}${collection}/${id}`, { method: 'DELETE' })).status).toBe(204);

    // An update replaces: the optional fields it leaves out are gone.
    const updated = await fetch(`${API}${collection}/${item.id}`, { method: 'PUT', headers: json, body: JSON.stringify(required('Renamed widget')) });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"4"');
    expect(await updated.json()).toEqual({ id: item.id, ...required('Renamed widget') });
    expect(await stored(table, item.id)).toEqual({ id: item.id, ...required('Renamed widget') });

    const updateMissing = await fetch(`${API}${collection}/${MISSING_ID}`, { method: 'PUT', headers: json, body: JSON.stringify(required('x')) });
    expect(updateMissing.status).toBe(404);
    expect(await stored(table, MISSING_ID)).toBeUndefined();

    const badRequests: [string, RequestInit, number][] = [
      [collection, { method: 'POST', headers: json, body: JSON.stringify(full('x')).slice(0, -1) }, 400], // malformed JSON
      [collection, { method: 'POST', headers: json, body: JSON.stringify({ ...full('x'), [label]: undefined }) }, 400], // missing field
      [collection, { method: 'POST', headers: json, body: JSON.stringify({ ...full('x'), [label]: 7 }) }, 400], // wrong type
      [collection, { method: 'POST', headers: json, body: JSON.stringify({ ...full('x'), colour: 'red' }) }, 400], // unknown field
      [`${collection}/not-a-uuid`, { method: 'GET' }, 400], // ids are UUIDs
      // Over the most bytes the resource's bodies may take (its create's requestBody says how many).
      [collection, { method: 'POST', headers: json, body: JSON.stringify(full('x'.repeat(model.resource(storyResource).maxBodyBytes))) }, 413],
      // Within the limit, but a string over its field's length: the field's 400.
      [collection, { method: 'POST', headers: json, body: JSON.stringify(full('x'.repeat(20_000))) }, 400],
      [`${collection}?limit=0`, { method: 'GET' }, 400],
    ];
    for (const [pathAndQuery, init, status] of badRequests) {
      const response = await fetch(`${API}${pathAndQuery}`, init);
      expect(response.status, `${init.method} ${pathAndQuery}`).toBe(status);
      const error = await response.json();
      expect(typeof error.message).toBe('string');
      expect(error.code).toBe(status === 413 ? 'payload_too_large' : 'bad_request');
    }

    // A body that is not UTF-8 reaches a function base64-encoded (API Gateway's binary payloads):
    // malformed JSON, a 400. (`cargo lambda watch`'s own HTTP server answers such a body 500
    // without invoking anything, so this goes to the function directly.)
    const binary = {
      ...apiGatewayEvent(config.api, crud('create'), { pathParameters: {} }),
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'),
      isBase64Encoded: true,
    };
    const notUtf8 = await invoke(crud('create').name, binary);
    expect(notUtf8.statusCode, notUtf8.body ?? '').toBe(400);
    expect(jsonBody(notUtf8).code).toBe('bad_request');

    const deleted = await fetch(`${API}${collection}/${item.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await stored(table, item.id)).toBeUndefined();
    expect((await fetch(`${API}${collection}/${item.id}`)).status).toBe(404);
    expect((await fetch(`${API}${collection}/${item.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('never answers 5xx nor crashes on random bodies, path parameters and query strings', async () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', ' ', 'null', '{}', '[]', EXISTING_ID, MISSING_ID));
    // Bodies of the resource's fields, each of its type or not, in range or not, present or not.
    const typed = fc.record(Object.fromEntries(fields.map((f) => [f.name, fieldValue(f)])), { requiredKeys: [] });
    const body = fc.oneof(
      text,
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(Object.fromEntries(fields.map((f) => [f.name, v])))),
      typed.map((b) => JSON.stringify(b)),
    );
    const request = fc.record({
      pathParameters: fc.record({ id: fc.oneof(text, fc.uuid()) }),
      query: fc.dictionary(fc.oneof(fc.constantFrom('limit', 'next'), fc.string()), text, { maxKeys: 3 }),
      body,
    });
    let invocations = 0;
    // Seeded: FC_SEED=<n> replays a run; the seed is printed, and fast-check reports it on failure.
    const fcSeed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`${name}: fast-check seed ${fcSeed}`);
    for (const kind of ['create', 'get', 'list', 'update', 'delete'] as const) {
      const route = crud(kind);
      await fc.assert(
        fc.asyncProperty(request, async (req) => {
          const pathParameters = route.path.includes('{id}') ? req.pathParameters : {};
          const withBody = kind === 'create' || kind === 'update';
          const event = apiGatewayEvent(config.api, route, { pathParameters, query: req.query, ...(withBody ? { body: req.body } : {}) });
          const response = await invoke(route.name, event);
          invocations++;
          return response.statusCode >= 200 && response.statusCode < 500;
        }),
        { numRuns: 60, seed: fcSeed },
      );
      // The function process is still there and answers.
      const ok = model.route(route.name).events.find((c) => c.name === 'ok')!;
      await seed(table, fields, sortKey !== undefined);
      expect((await invoke(route.name, apiGatewayEvent(config.api, route, ok.request))).statusCode).toBe(ok.status);
    }
    console.log(`${name}: ${invocations} random invocations, none answered 5xx`);

    // Round trips: every valid body of the fields' types is created, a GET reads it back as the
    // create answered it (and moto holds that), each value as sent (strings trimmed: contained in what was sent).
    let created = 0;
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(fields.map((f) => [f.name, validValue(f)]))), async (sent) => {
        const response = await invoke(crud('create').name, apiGatewayEvent(config.api, crud('create'), { pathParameters: {}, body: JSON.stringify(sent) }));
        expect(response.statusCode, `${JSON.stringify(sent)}: ${response.body}`).toBe(201);
        created++;
        const answer = jsonBody(response);
        const read = await invoke(crud('get').name, apiGatewayEvent(config.api, crud('get'), { pathParameters: { id: answer.id } }));
        expect(jsonBody(read)).toEqual(answer);
        expect(await stored(table, answer.id)).toEqual(answer);
        for (const f of fields) {
          const [given, kept] = [(sent as Record<string, unknown>)[f.name], answer[f.name]];
          if (given === undefined) expect(kept, f.name).toBeUndefined();
          else if (f.type === 'string')
            for (const [g, k] of (f.array ? (given as string[]).map((g, i) => [g, (kept as string[])[i]]) : [[given, kept]]) as [string, string][])
              expect(g.includes(k) && k.length > 0, `${f.name}: ${JSON.stringify(g)} -> ${JSON.stringify(k)}`).toBe(true);
          // Through JSON, as the API reads it (-0 is 0).
          else expect(kept, f.name).toEqual(JSON.parse(JSON.stringify(given)));
        }
        return true;
      }),
      { numRuns: 80, seed: fcSeed },
    );
    expect(created).toBe(80);
    console.log(`${name}: ${created} random creates read back as answered`);

    // A sorted resource lists every item of its table once, in the order of its sort key, page by
    // page, from its index (each item carries the list's partition).
    if (sortKey) {
      const listed: Record<string, unknown>[] = [];
      let next: string | undefined;
      do {
        const response = await fetch(`${API}${collection}?limit=7${next ? `&next=${encodeURIComponent(next)}` : ''}`);
        expect(response.status).toBe(200);
        const page = (await response.json()) as { items: Record<string, unknown>[]; next?: string };
        listed.push(...page.items);
        next = page.next;
      } while (next);
      const { Count } = await dynamo.send(new ScanCommand({ TableName: table, Select: 'COUNT' }));
      expect(listed.length).toBe(Count);
      expect(new Set(listed.map((i) => i.id)).size).toBe(listed.length);
      const keys = listed.map((i) => String(i[sortKey!.field]));
      expect(keys).toEqual([...keys].sort().reverse());
      const { Item } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: String(listed[0]!.id) } } }));
      expect(Item?.[LISTED_ATTRIBUTE]).toEqual({ S: LISTED_VALUE });
      console.log(`${name}: ${listed.length} items listed in descending order of ${sortKey.field}`);
      // The index's number sort key: one status's items in numeric order of price, page by page
      // (the page tokens carry the number).
      const drafts: Record<string, unknown>[] = [];
      do {
        const response = await fetch(`${API}${collection}?status=draft&limit=5${next ? `&next=${encodeURIComponent(next)}` : ''}`);
        expect(response.status).toBe(200);
        const page = (await response.json()) as { items: Record<string, unknown>[]; next?: string };
        drafts.push(...page.items);
        next = page.next;
      } while (next);
      const prices = drafts.map((i) => Number(i.price));
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
      expect(drafts.length).toBe(listed.filter((i) => i.status === 'draft').length);
      expect(drafts.length).toBeGreaterThan(5);
      console.log(`${name}: ${drafts.length} drafts listed in numeric order of price`);
    }
  });

  it('answers as openapi.yaml says: the contract tester (Schemathesis), every check on, finds nothing', async () => {
    const nested = config.routes.find((r) => r.path === `${collection}/{id}/notes`);
    expect(nested).toMatchObject({ kind: 'custom', resource: storyResource, actions: expect.arrayContaining(['dynamodb:GetItem']) });
    // Seeded: CONTRACT_SEED=<n> replays a run (Schemathesis prints its seed too).
    const seed = process.env.CONTRACT_SEED ?? String(Date.now() % 2 ** 31);
    const out = await tool(
      dir,
      CONTRACT_TESTER,
      // Not `unsupported_method` (405 with Allow for a method no route declares): API Gateway
      // answers such a request 404 (an HTTP API) or 403 (a REST API), as the local router does 404.
      [
        '--config-file',
        path.join(CONTRACT_DIR, 'schemathesis.toml'),
        'run',
        'openapi.yaml',
        '--url',
        API,
        '--checks',
        'all',
        '--exclude-checks',
        'unsupported_method',
        '--max-examples',
        '40',
        '--workers',
        '1',
        '--seed',
        seed,
        '--no-color',
      ],
      { SCHEMATHESIS_HOOKS: 'hooks', PYTHONPATH: CONTRACT_DIR },
    );
    expect(out).toContain(`Tested: ${model.routes.length}`);
    for (const phase of ['Coverage', 'Fuzzing', 'Stateful']) expect(out).toMatch(new RegExp(`✅ +${phase}`));
    // Every case generated passed every check: no failure, no error. (A warning, such as an
    // operation that refused most of what was generated, is said in the log, not a failure.)
    const [, generated, passed] = /(\d+) generated, (\d+) passed/.exec(out) ?? [];
    expect(Number(generated)).toBeGreaterThan(100);
    expect(passed, out.slice(-3000)).toBe(generated);
    expect(out).not.toMatch(/❌|failures? in|errors? in/);
    const warnings = out.includes('WARNINGS') ? out.slice(out.indexOf('WARNINGS'), out.indexOf('SUMMARY')) : '';
    console.log(
      `${name}: the contract tester, seed ${seed}\n${out
        .split('\n')
        .filter((l) => /generated|Scenarios|API Links|No issues|warning/.test(l))
        .join('\n')}${warnings ? `\n${warnings}` : ''}`,
    );
  });

  it('keeps every write of 200 requests sent 16 at a time, each readable right after its 201', async () => {
    const total = 200;
    const ids: string[] = [];
    let nextIndex = 0;
    const worker = async () => {
      while (nextIndex < total) {
        const n = nextIndex++;
        const response = await fetch(`${API}${collection}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(required(`concurrent ${n}`)),
        });
        expect(response.status).toBe(201);
        const { id } = await response.json();
        ids.push(id);
        // Read-your-writes: the item is there for the very next GET.
        const read = await fetch(`${API}${collection}/${id}`);
        expect(read.status, `GET after creating ${id}`).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(new Set(ids).size).toBe(total);
    for (const id of ids) expect((await stored(table, id))?.id, id).toBe(id);
    const { Count } = await dynamo.send(new ScanCommand({ TableName: table, Select: 'COUNT' }));
    expect(Count).toBeGreaterThanOrEqual(total);
    await dynamo.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: EXISTING_ID } } }));
  });
});

/** A valid value for a field (what a create must accept), or none for an optional one. */
function validValue(f: Field): fc.Arbitrary<unknown> {
  const years = { min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true };
  const one = (): fc.Arbitrary<unknown> => {
    switch (f.type) {
      case 'string':
        // Characters as the API counts them (Unicode scalar values); not blank by Rust's trim
        // either (which also drops U+0085).
        return fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: f.max })
          .filter((s) => s.replace(/[\s\u0085]/gu, '').length > 0 && [...s].length <= (f.max ?? 0));
      case 'integer':
        return fc.maxSafeInteger();
      case 'number':
        return fc.oneof(
          fc.constant(0),
          fc.double({ min: -9.99e125, max: 9.99e125, noNaN: true }).filter((d) => Math.abs(d) >= 1e-130),
        );
      case 'boolean':
        return fc.boolean();
      case 'date':
        return fc.date(years).map((d) => d.toISOString().slice(0, 10));
      case 'datetime':
        return fc.date(years).map((d) => d.toISOString());
      case 'enum':
        return fc.constantFrom(...(f.values ?? []));
    }
  };
  const value = f.array ? fc.array(one(), { maxLength: 4 }) : one();
  return f.optional ? fc.option(value, { nil: undefined }) : value;
}

/** A value for a field: mostly of its type (in range or not), sometimes not; absent for an optional one. */
function fieldValue(f: Field): fc.Arbitrary<unknown> {
  const years = { min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true };
  const one = (): fc.Arbitrary<unknown> => {
    switch (f.type) {
      case 'string':
        return fc.oneof(
          fc.string({ minLength: 1, maxLength: (f.max ?? 10) + 2 }),
          fc.string({ unit: 'grapheme', maxLength: f.max }),
          fc.constantFrom(' padded ', ''),
        );
      case 'integer':
        return fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, -1, 1.5));
      case 'number':
        return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0.1, 1e125, 1e126, 1e-130, 5e-324));
      case 'boolean':
        return fc.oneof(fc.boolean(), fc.constantFrom('true', 0));
      case 'date':
        return fc.oneof(
          fc.date(years).map((d) => d.toISOString().slice(0, 10)),
          fc.constantFrom('2026-02-29', '2024-02-29', '2026-1-1'),
        );
      case 'datetime':
        return fc.oneof(
          fc.date(years).map((d) => d.toISOString()),
          fc.constantFrom('2026-11-27T12:00:00+01:00', '2026-11-27 12:00', '2026-11-27T25:00:00Z'),
        );
      case 'enum':
        return fc.oneof(fc.constantFrom(...(f.values ?? [])), fc.string());
    }
  };
  const value = f.array ? fc.array(one(), { maxLength: 4 }) : one();
  return f.optional ? fc.option(value, { nil: undefined }) : value;
}

/** Waits until the watcher's port is free again: the next workspace must not talk to this one's watcher. */
async function waitForPortToClose(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await portIsFree(WATCH_PORT)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`port ${WATCH_PORT} is still taken 10 s after the watcher was stopped`);
}
