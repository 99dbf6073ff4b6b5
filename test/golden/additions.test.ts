import path from 'node:path';
import { describe, it, vi } from 'vitest';
import { ADDITION_CASES, FUNCTION_CASES } from './cases.js';
import { changes, expectGolden, readFileSync, rmSync, run, snapshot, tempDir, writeFileSync } from './golden.js';

// Several commands a case (the function cases seven): beyond the suite's 30 s on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });


describe('golden output of `serverless-api route` and `resource`', () => {
  it.each(ADDITION_CASES)('$name: a plain route, a resource, a route with table access, on a --no-resource workspace', async ({ iac, api, name }) => {
    const tmp = tempDir();
    try {
      await run(tmp, tmp, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', iac, '--api', api, '--no-resource');
      const dir = path.join(tmp, 'shop');
      const before = snapshot(dir);
      let output = await run(dir, tmp, 'route', 'GET', '/orders/{orderId}', '--yes');
      output += await run(path.join(dir, 'lambdas'), tmp, 'resource', 'category', '--yes');
      output += await run(dir, tmp, 'route', 'PUT', '/categories/{id}/archive', '--resource', 'category', '--access', 'read-write', '--memory', '512', '--timeout', '20', '--yes');
      await expectGolden(name, `${output}${changes(before, snapshot(dir))}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('add-edited-cargo: a route added to a workspace whose root Cargo.toml was edited', async () => {
    const tmp = tempDir();
    try {
      await run(tmp, tmp, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', 'sam');
      const dir = path.join(tmp, 'shop');
      writeFileSync(path.join(dir, 'Cargo.toml'), `${readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')}\n# A note of the team's.\n`);
      const before = snapshot(dir);
      const output = await run(dir, tmp, 'route', 'GET', '/items/{id}/history', '--name', 'get-history', '--resource', 'item', '--access', 'read', '--yes');
      await expectGolden('add-edited-cargo', `${output}${changes(before, snapshot(dir))}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it.each(FUNCTION_CASES)('function-%s: a consumer that writes a table, one of an existing queue, a route, then a scheduled job reading the table, an event rule function writing it, a reader of its stream and a bucket\'s function', async (iac) => {
    const tmp = tempDir();
    try {
      await run(tmp, tmp, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', iac);
      const dir = path.join(tmp, 'shop');
      const before = snapshot(dir);
      let output = await run(dir, tmp, 'function', 'store-messages', '--trigger', 'sqs', '--resource', 'item', '--access', 'write', '--batch-size', '5', '--timeout', '120', '--yes');
      output += await run(dir, tmp, 'function', 'audit-orders', '--trigger', 'sqs', '--queue', 'arn:aws:sqs:eu-west-1:123456789012:orders', '--yes');
      output += await run(dir, tmp, 'route', 'GET', '/orders', '--yes');
      output += await run(dir, tmp, 'function', 'nightly-report', '--trigger', 'schedule', '--cron', 'cron(0 3 * * ? *)', '--timezone', 'Europe/Paris', '--resource', 'item', '--access', 'read', '--yes');
      output += await run(dir, tmp, 'function', 'store-orders', '--trigger', 'eventbridge', '--source', 'com.example.orders', '--detail-type', 'Order Placed', '--bus', 'orders', '--resource', 'item', '--access', 'write', '--yes');
      output += await run(dir, tmp, 'function', 'on-item-change', '--trigger', 'dynamodb-stream', '--resource', 'item', '--batch-size', '50', '--yes');
      output += await run(dir, tmp, 'function', 'on-upload', '--trigger', 's3', '--prefix', 'uploads/', '--suffix', '.csv', '--yes');
      await expectGolden(`function-${iac}`, `${output}${changes(before, snapshot(dir))}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
