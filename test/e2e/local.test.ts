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
import { EXISTING_ID, MISSING_ID, apiGatewayEvent, sampleCases } from '../../lib/events.js';
import { resourceNames } from '../../lib/naming.js';
import type { Route } from '../../lib/types.js';
import { CLI } from '../helpers/generators.js';
import { portIsFree, startProcess, stopAll, stopProcess, waitForPort } from '../helpers/processes.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { sampleBatches } from '../../lib/triggers/sqs.js';
import { sampleBatches as streamBatches } from '../../lib/triggers/dynamodb-stream.js';

// The ports of the generated README: DynamoDB on 8000, `cargo lambda watch` on 9000.
const DYNAMODB_PORT = 8000;
const WATCH_PORT = 9000;
const API = `http://127.0.0.1:${WATCH_PORT}`;
const ROOT = path.join(E2E_DIR, 'local');

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

async function stored(table: string, id: string) {
  const { Item } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
  return Item ? { id: Item.id?.S, name: Item.name?.S, description: Item.description?.S } : undefined;
}

/** The version a stored item is at (its ETag), read through the server. */
async function storedVersion(table: string, id: string): Promise<string | undefined> {
  const { Item } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
  return Item?.version?.N;
}

/** The item the sample events expect, at version 1 (so `If-Match: "1"` matches, `"99"` does not). */
async function seed(table: string): Promise<void> {
  await dynamo.send(new PutItemCommand({ TableName: table, Item: { id: { S: EXISTING_ID }, name: { S: 'Seeded widget' }, version: { N: '1' } } }));
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

// The third workspace also has a resource added by the sub-generator.
const WORKSPACES: [string, string[], string][] = [
  ['local-http', ['--api', 'http'], 'item'],
  ['local-rest', ['--api', 'rest'], 'item'],
  ['local-extra', ['--api', 'http'], 'category'],
];

describe.each(WORKSPACES)('%s', (name, flags, storyResource) => {
  const dir = path.join(ROOT, name);
  let config: WorkspaceConfig;
  let watch: ChildProcess | undefined;
  const tableOf = (resource = 'item') => `${name}-${resourceNames(resource).plural}`;
  const table = tableOf(storyResource);
  const collection = resourceNames(storyResource).collectionPath;
  const crud = (kind: Route['kind']) => config.routes.find((r) => r.kind === kind && r.resource === storyResource)!;

  beforeAll(async () => {
    await tool(ROOT, 'node', [CLI, 'new', name, '--yes', '--skip-install', '--no-git', ...flags]);
    if (storyResource !== 'item') await tool(dir, 'node', [CLI, 'resource', storyResource, '--yes']);
    // Queue consumers: one that stores each message in the story's table in every workspace,
    // and one without a table beside it.
    await tool(dir, 'node', [CLI, 'function', 'store-messages', '--trigger', 'sqs', '--resource', storyResource, '--access', 'write', '--yes']);
    if (storyResource !== 'item') await tool(dir, 'node', [CLI, 'function', 'log-messages', '--trigger', 'sqs', '--yes']);
    // A scheduled job that counts the story's table.
    await tool(dir, 'node', [CLI, 'function', 'count-items', '--trigger', 'schedule', '--rate', 'rate(1 hour)', '--resource', storyResource, '--access', 'read', '--yes']);
    // An event rule's function that stores each event's detail in the story's table.
    await tool(dir, 'node', [CLI, 'function', 'store-events', '--trigger', 'eventbridge', '--source', 'com.example.orders', '--resource', storyResource, '--access', 'write', '--yes']);
    // A reader of the story table's stream.
    await tool(dir, 'node', [CLI, 'function', 'watch-changes', '--trigger', 'dynamodb-stream', '--resource', storyResource, '--yes']);
    // A bucket's function.
    await tool(dir, 'node', [CLI, 'function', 'on-upload', '--trigger', 's3', '--suffix', '.csv', '--yes']);
    config = workspaceFromStored(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8')));
    const out = await tool(dir, 'make', ['local-tables']);
    for (const resource of config.resources) expect(out).toContain(`table ${tableOf(resource)} created`);
    // The stores' own integration tests, against the same server.
    const integration = await tool(dir, 'make', ['test-integration']);
    const passed = [...integration.matchAll(/test result: ok\. (\d+) passed; 0 failed/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(passed).toBe(2 * config.resources.length);
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
    for (const route of config.routes) {
      const table = tableOf(route.resource);
      for (const sample of sampleCases(route)) {
        await seed(table);
        const event = JSON.parse(readFileSync(path.join(dir, 'lambdas', route.name, 'events', `${sample.name}.json`), 'utf8'));
        const response = await invoke(route.name, event);
        report.push(`${route.name.padEnd(12)} ${`${sample.name}.json`.padEnd(20)} -> ${response.statusCode} (expected ${sample.status})`);
        expect(response.statusCode, `${route.name} ${sample.name}: ${response.body}`).toBe(sample.status);
        const body = jsonBody(response);
        if (response.statusCode >= 400) {
          expect(typeof body.message, `${route.name} ${sample.name}`).toBe('string');
          expect(body.code, `${route.name} ${sample.name}`).toMatch(/^[a-z_]+$/);
          expect(body.requestId, `${route.name} ${sample.name}`).toBe(SAMPLE_REQUEST_ID);
        }
        if (response.statusCode === 412) expect(body.code).toBe('precondition_failed');
        if (route.kind === 'get' && response.statusCode === 200) {
          expect(body).toEqual({ id: EXISTING_ID, name: 'Seeded widget' });
          expect(header(response, 'etag')).toBe('"1"');
        }
        // Behind a REST stage the caller's path starts with the stage (`/prod/...`).
        if (route.kind === 'create' && response.statusCode === 201) {
          const stage = config.api === 'rest' ? '/prod' : '';
          expect(header(response, 'location')).toBe(`${stage}${route.path}/${body.id}`);
          expect(header(response, 'etag')).toBe('"1"');
        }
        if (route.kind === 'list' && response.statusCode === 200) expect(Array.isArray(body.items)).toBe(true);
        // The data in the table, read back through the server, not through the handler.
        if (route.kind === 'create' && response.statusCode === 201) {
          expect(await stored(table, body.id)).toEqual({ id: body.id, name: 'Blue widget', description: 'A widget, in blue.' });
        }
        if (route.kind === 'update' && response.statusCode === 200) {
          expect(await stored(table, EXISTING_ID)).toEqual({ id: EXISTING_ID, name: 'Red widget', description: undefined });
          expect(await storedVersion(table, EXISTING_ID)).toBe('2');
          expect(header(response, 'etag')).toBe('"2"');
        }
        if (response.statusCode === 412) expect(await stored(table, EXISTING_ID)).toEqual({ id: EXISTING_ID, name: 'Seeded widget', description: undefined });
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
      for (const batch of sampleBatches()) {
        const event = JSON.parse(readFileSync(path.join(dir, 'lambdas', fn.name, 'events', `${batch.name}.json`), 'utf8')) as { Records: { messageId?: string; body: string }[] };
        for (const record of event.Records) if (record.messageId) await dynamo.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: record.messageId } } }));
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
          expect(await stored(table, record.messageId), `${batch.name} ${record.messageId}`).toEqual(kept ? { id: record.messageId, name: JSON.parse(record.body).name, description: undefined } : undefined);
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
    const { Item } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: ok.event.id } } }));
    expect(Item?.name?.S).toBe(ok.event.detail.name);
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
    for (const batch of streamBatches()) {
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
    expect(report.some((line) => /poison-record\.json\s+-> HTTP 200 \{"batchItemFailures":\[\{"itemIdentifier":"\d+"\}\]\}$/.test(line)), report.join('\n')).toBe(true);
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
        if (sample === 'empty-object') expect(JSON.parse(text)).toEqual({ errorType: 'EventFailed', errorMessage: 'reports/2026-11-29 summary.csv: the object is empty' });
        else expect(text).toContain('missing field');
      }
    }
    console.log(`${name}: the bucket's function\n${report.join('\n')}`);
  });

  it('walks a CRUD story through the local API router with real HTTP requests', async () => {
    const json = { 'content-type': 'application/json' };
    const created = await fetch(`${API}${collection}`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Story widget', description: 'told twice' }) });
    expect(created.status).toBe(201);
    const item = await created.json();
    expect(item).toMatchObject({ name: 'Story widget', description: 'told twice' });
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
    const first = await fetch(`${API}${collection}/${item.id}`, { method: 'PUT', headers: { ...json, 'if-match': '"1"' }, body: JSON.stringify({ ...copy, name: 'First writer' }) });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const second = await fetch(`${API}${collection}/${item.id}`, { method: 'PUT', headers: { ...json, 'if-match': '"1"' }, body: JSON.stringify({ ...copy, name: 'Second writer' }) });
    expect(second.status).toBe(412);
    expect((await second.json()).code).toBe('precondition_failed');
    expect((await stored(table, item.id))?.name).toBe('First writer');
    const staleDelete = await fetch(`${API}${collection}/${item.id}`, { method: 'DELETE', headers: { 'if-match': '"1"' } });
    expect(staleDelete.status).toBe(412);
    expect((await stored(table, item.id))?.name).toBe('First writer');
    const otherId = await fetch(`${API}${collection}/${item.id}`, { method: 'PUT', headers: json, body: JSON.stringify({ id: MISSING_ID, name: 'x' }) });
    expect(otherId.status).toBe(400);
    const weak = await fetch(`${API}${collection}/${item.id}`, { method: 'PUT', headers: { ...json, 'if-match': 'W/"2"' }, body: JSON.stringify({ name: 'x' }) });
    expect(weak.status).toBe(400);
    const anyVersion = await fetch(`${API}${collection}/${item.id}`, { method: 'PUT', headers: { ...json, 'if-match': '*' }, body: JSON.stringify({ name: 'Story widget', description: 'told twice' }) });
    expect(anyVersion.status).toBe(200);
    expect(anyVersion.headers.get('etag')).toBe('"3"');

    // Pagination: with at least five items of this test's own (whatever earlier tests left), walk
    // every page with a limit of 2 and find each of them exactly once.
    const extra: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${API}${collection}`, { method: 'POST', headers: json, body: JSON.stringify({ name: `page filler ${i}` }) });
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
    for (const id of [item.id, ...extra]) expect(seen.filter((s) => s === id), id).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (const id of extra) expect((await fetch(`${API}${collection}/${id}`, { method: 'DELETE' })).status).toBe(204);

    const updated = await fetch(`${API}${collection}/${item.id}`, { method: 'PUT', headers: json, body: JSON.stringify({ name: 'Renamed widget' }) });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"4"');
    expect(await updated.json()).toEqual({ id: item.id, name: 'Renamed widget' });
    expect(await stored(table, item.id)).toEqual({ id: item.id, name: 'Renamed widget', description: undefined });

    const updateMissing = await fetch(`${API}${collection}/${MISSING_ID}`, { method: 'PUT', headers: json, body: JSON.stringify({ name: 'x' }) });
    expect(updateMissing.status).toBe(404);
    expect(await stored(table, MISSING_ID)).toBeUndefined();

    const badRequests: [string, RequestInit, number][] = [
      [collection, { method: 'POST', headers: json, body: '{"name": ' }, 400], // malformed JSON
      [collection, { method: 'POST', headers: json, body: '{"description": "no name"}' }, 400], // missing field
      [collection, { method: 'POST', headers: json, body: '{"name": 7}' }, 400], // wrong type
      [collection, { method: 'POST', headers: json, body: '{"name": "x", "colour": "red"}' }, 400], // unknown field
      [`${collection}/not-a-uuid`, { method: 'GET' }, 400], // ids are UUIDs
      [collection, { method: 'POST', headers: json, body: JSON.stringify({ name: 'x'.repeat(20_000) }) }, 413], // over 16 KiB
      [`${collection}?limit=0`, { method: 'GET' }, 400],
    ];
    for (const [pathAndQuery, init, status] of badRequests) {
      const response = await fetch(`${API}${pathAndQuery}`, init);
      expect(response.status, `${init.method} ${pathAndQuery}`).toBe(status);
      const error = await response.json();
      expect(typeof error.message).toBe('string');
      expect(error.code).toBe(status === 413 ? 'payload_too_large' : 'bad_request');
    }

    const deleted = await fetch(`${API}${collection}/${item.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await stored(table, item.id)).toBeUndefined();
    expect((await fetch(`${API}${collection}/${item.id}`)).status).toBe(404);
    expect((await fetch(`${API}${collection}/${item.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('never answers 5xx nor crashes on random bodies, path parameters and query strings', async () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', ' ', 'null', '{}', '[]', EXISTING_ID, MISSING_ID));
    const body = fc.oneof(text, fc.json(), fc.jsonValue().map((v) => JSON.stringify({ name: v, description: v })));
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
      const ok = sampleCases(route).find((c) => c.name === 'ok')!;
      await seed(table);
      expect((await invoke(route.name, apiGatewayEvent(config.api, route, ok.request))).statusCode).toBe(ok.status);
    }
    console.log(`${name}: ${invocations} random invocations, none answered 5xx`);
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
          body: JSON.stringify({ name: `concurrent ${n}` }),
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

/** Waits until the watcher's port is free again: the next workspace must not talk to this one's watcher. */
async function waitForPortToClose(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await portIsFree(WATCH_PORT)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`port ${WATCH_PORT} is still taken 10 s after the watcher was stopped`);
}
