import path from 'node:path';
import { describe, it } from 'vitest';
import { changes, expectGolden, readFileSync, rmSync, run, snapshot, tempDir, writeFileSync } from './golden.js';

const FLAVOURS = (['cdk', 'sam', 'terraform'] as const).flatMap((iac) => (['http', 'rest'] as const).map((api) => ({ iac, api, name: `add-${iac}-${api}` })));

describe('golden output of `serverless-api route` and `resource`', () => {
  it.each(FLAVOURS)('$name: a plain route, a resource, a route with table access, on a --no-resource workspace', async ({ iac, api, name }) => {
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
});
