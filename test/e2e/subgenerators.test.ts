/**
 * The sub-generators in every flavour and both API types: a workspace gets a route with a path
 * parameter and table access, a plain route, a resource, functions of every trigger (two queue
 * consumers: one writing the new table, one of an existing queue), and the operations of a
 * petstore-like OpenAPI document (`import`); then the real tools check it, and the new functions'
 * permissions are exactly those granted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultFunctionName } from '../../lib/routes.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';
import { type Deployed, fromCdkTemplate, fromSamTemplate, fromTerraform } from '../helpers/iac-model.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { cdkChecks, generate, rustChecks, samChecks, terraformChecks } from '../helpers/workspace.js';

const ROOT = path.join(E2E_DIR, 'sub');
const PETSTORE = path.join(REPO_ROOT, 'test/fixtures/petstore.yaml');
const THIRD_PARTY = path.join(REPO_ROOT, 'test/fixtures/third-party');

/** Routes the three imports add: the petstore's 9, the tic-tac-toe game's 2, the link example's 5. */
const IMPORTED = 9 + 2 + 5;

function expectAdditions(deployed: Deployed, arch: string, iac: string): void {
  const fn = (route: string, actions: string[]) => ({ route, memory: 256, timeout: 10, architecture: arch, actions });
  expect(deployed['get-order']).toEqual(fn('GET /orders/{orderId}', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan']));
  expect(deployed['stripe-webhook']).toEqual({ ...fn('POST /webhooks/stripe', []), memory: 512 });
  expect(deployed['create-category']).toEqual(fn('POST /categories', ['dynamodb:PutItem']));
  expect(deployed['list-categories']).toEqual(fn('GET /categories', ['dynamodb:Query']));
  expect(deployed['delete-category']).toEqual(fn('DELETE /categories/{id}', ['dynamodb:DeleteItem']));
  // Queue consumers: no route; the one that writes has the write actions on its table.
  expect(deployed['store-messages']).toEqual(fn('', ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
  expect(deployed['audit-orders']).toEqual(fn('', []));
  // A scheduled job: no route either.
  expect(deployed['nightly-report']).toEqual(fn('', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan']));
  // Event rules' functions: no route either; one writes its table, one is on a bus of its own.
  expect(deployed['store-orders']).toEqual(fn('', ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
  expect(deployed['audit-events']).toEqual(fn('', []));
  // A reader of the new table's stream: the stream's actions only.
  expect(deployed['on-category']).toEqual(fn('', ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']));
  // A bucket's function: no route, no table.
  expect(deployed['on-upload']).toEqual(fn('', []));
  // With the CDK, a function of an existing bucket too (SAM and Terraform refuse --bucket).
  if (iac === 'cdk') expect(deployed['on-shared-uploads']).toEqual(fn('', []));
  // What the petstore document imported: the CRUD routes it declares, and nested routes on their tables.
  expect(deployed['create-pet']).toEqual(fn('POST /pets', ['dynamodb:PutItem']));
  expect(deployed['create-owner']).toEqual(fn('POST /owners', ['dynamodb:PutItem']));
  expect(deployed['get-owner']).toBeUndefined();
  expect(deployed['list-pet-photos']).toEqual(fn('GET /pets/{id}/photos', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan']));
  expect(deployed['get-inventory']).toEqual(fn('GET /store/inventory', []));
  // And the documents of others.
  expect(deployed['get-square']).toEqual(fn('GET /board/{row}/{column}', []));
  expect(deployed['merge-pull-request']).toEqual(fn('POST /2.0/repositories/{username}/{slug}/pullrequests/{pid}/merge', []));
  expect(Object.keys(deployed)).toHaveLength((iac === 'cdk' ? 20 : 19) + IMPORTED);
}

describe.each([
  ['cdk', 'http', 'arm64'],
  ['cdk', 'rest', 'x86_64'],
  ['sam', 'http', 'arm64'],
  ['sam', 'rest', 'x86_64'],
  ['terraform', 'http', 'arm64'],
  ['terraform', 'rest', 'x86_64'],
] as const)('%s, %s API', (iac, api, arch) => {
  const name = `sub-${iac}-${api}`;
  let dir = '';

  beforeAll(async () => {
    dir = await generate(ROOT, name, '--iac', iac, '--api', api, '--arch', arch, ...(iac === 'cdk' ? [] : ['--skip-install']));
  });

  it("takes a route with table access, a plain route, a resource, two queue consumers, a scheduled job, two event rules, a stream reader and a bucket's function", async () => {
    await tool(path.join(dir, 'lambdas'), 'node', [CLI, 'route', 'GET', '/orders/{orderId}', '--resource', 'item', '--access', 'read', '--yes']);
    await tool(dir, 'node', [CLI, 'route', 'POST', '/webhooks/stripe', '--name', 'stripe-webhook', '--memory', '512', '--yes']);
    // With an index and a sort key: every flavour's validators see the table's two indexes and the grants of them.
    await tool(dir, 'node', [CLI, 'resource', 'category', '--index', 'name', '--sort-key', 'name', '--yes']);
    await tool(dir, 'node', [CLI, 'function', 'store-messages', '--trigger', 'sqs', '--resource', 'category', '--access', 'write', '--yes']);
    await tool(dir, 'node', [CLI, 'function', 'audit-orders', '--trigger', 'sqs', '--queue', 'arn:aws:sqs:eu-west-1:123456789012:orders', '--yes']);
    await tool(dir, 'node', [
      CLI,
      'function',
      'nightly-report',
      '--trigger',
      'schedule',
      '--cron',
      'cron(0 3 * * ? *)',
      '--resource',
      'category',
      '--access',
      'read',
      '--yes',
    ]);
    await tool(dir, 'node', [
      CLI,
      'function',
      'store-orders',
      '--trigger',
      'eventbridge',
      '--source',
      'com.example.orders',
      '--detail-type',
      'Order Placed',
      '--resource',
      'category',
      '--access',
      'write',
      '--yes',
    ]);
    await tool(dir, 'node', [CLI, 'function', 'audit-events', '--trigger', 'eventbridge', '--source', 'com.example.orders,aws.s3', '--bus', 'orders', '--yes']);
    await tool(dir, 'node', [CLI, 'function', 'on-category', '--trigger', 'dynamodb-stream', '--resource', 'category', '--yes']);
    await tool(dir, 'node', [CLI, 'function', 'on-upload', '--trigger', 's3', '--prefix', 'uploads/', '--yes']);
    if (iac === 'cdk')
      await tool(dir, 'node', [
        CLI,
        'function',
        'on-shared-uploads',
        '--trigger',
        's3',
        '--bucket',
        'acme-shared-uploads',
        '--events',
        's3:ObjectCreated:Put',
        '--yes',
      ]);
    // API-first: a petstore-like document (nested paths, enums, arrays, optional fields), but the
    // one operation that would read two tables; and two documents of others, 3.0 and 3.1, whose
    // routes keep their declared statuses, answers, bodies and parameters (none, an array, 204).
    await tool(dir, 'node', [CLI, 'import', PETSTORE, '--except', 'GET /owners/{ownerId}/pets']);
    await tool(dir, 'node', [CLI, 'import', path.join(THIRD_PARTY, 'oai-learn-tictactoe-3.1.yaml'), '--except', 'PUT /board/{row}/{column}']);
    await tool(dir, 'node', [
      CLI,
      'import',
      path.join(THIRD_PARTY, 'oai-link-example-3.0.yaml'),
      '--except',
      'GET /2.0/repositories/{username}/{slug}/pullrequests',
    ]);
    const router = (parseToml(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')) as any).workspace.metadata.lambda.watch.router;
    expect(router).toHaveLength(12 + IMPORTED);
    // `new` wrote a Cargo.lock (cdk: installed); the additions put their crates in it, so the
    // generated CI's --locked builds still pass.
    if (iac === 'cdk') {
      const members = await tool(dir, 'cargo', ['metadata', '--locked', '--format-version', '1', '--no-deps']);
      for (const crate of [
        'get-order',
        'stripe-webhook',
        'create-category',
        'store-messages',
        'audit-orders',
        'nightly-report',
        'store-orders',
        'audit-events',
        'on-category',
        'on-upload',
        'create-pet',
        'upload-pet-photo',
      ])
        expect(members).toContain(`"name":"${crate}"`);
    }
  });

  // The Rust code depends on the API type only: one flavour per API type compiles it.
  if (iac === 'sam') {
    it('passes cargo fmt, clippy -D warnings and its tests', async () => {
      await rustChecks(dir);
    });
  }

  it('passes its IaC checks, with exactly the granted permissions', async () => {
    if (iac === 'cdk') {
      // The stack type-checks with the manifest the additions rewrote, and cdk-nag finds nothing.
      expectAdditions(fromCdkTemplate(await cdkChecks(dir, name), name), arch, iac);
    } else if (iac === 'sam') {
      await samChecks(dir);
      expectAdditions(fromSamTemplate(path.join(dir, 'template.yaml'), name), arch, iac);
    } else {
      await terraformChecks(path.join(dir, 'infra'));
      expectAdditions(await fromTerraform(path.join(dir, 'infra')), arch, iac);
    }
  });
});

describe('50 routes added to one workspace', () => {
  // Speed is measured by `npm run bench`; this test prints the seconds per addition, it does not time them.
  it('each addition still validates, and the workspace still compiles after the 50th', async () => {
    const dir = await generate(ROOT, 'many-routes', '--skip-install');
    const seconds: number[] = [];
    for (let i = 1; i <= 50; i++) {
      const started = Date.now();
      await tool(dir, 'node', [CLI, 'route', 'GET', `/reports/r${i}/{reportId}`, '--yes']);
      seconds.push((Date.now() - started) / 1000);
      const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'];
      expect(stored.routes).toHaveLength(5 + i);
      const router = (parseToml(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')) as any).workspace.metadata.lambda.watch.router;
      expect(router).toHaveLength(5 + i);
      expect(readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8')).toContain(`name: '${defaultFunctionName('GET', `/reports/r${i}/{reportId}`)}'`);
    }
    const at = (n: number) => seconds[n - 1]!.toFixed(2);
    const mean = (from: number, to: number) => (seconds.slice(from - 1, to).reduce((a, b) => a + b, 0) / (to - from + 1)).toFixed(2);
    console.log(`seconds per route addition: #1 ${at(1)}, #10 ${at(10)}, #50 ${at(50)}; mean of 1-10 ${mean(1, 10)}, of 41-50 ${mean(41, 50)}`);
    await tool(dir, 'cargo', ['check', '--workspace', '--all-targets']);
  });
});
