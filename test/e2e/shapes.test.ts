/**
 * Every option and route shape a user can ask for, through the real tools, in every flavour and
 * both API types: a `--no-resource` workspace (memory and timeout at their bounds, the
 * architecture the other e2e files do not pair with that API type, the longest project name, a
 * description with quotes, `&`, `<` and unicode) is checked by its validators; then it takes a resource and one route per shape
 * (each method; no, one and nested parameters; the root; literals with `.`, `_`, `-`; a literal
 * beside a parameter; every access level with and without a body; a route's own memory and
 * timeout) and is checked again, its functions compared with what was asked, and its Rust code
 * through the generated `make lint` and `make test` (once per API type: the Rust code depends on
 * nothing else).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/generators.js';
import { type Deployed, fromCdkTemplate, fromSamTemplate, fromTerraform } from '../helpers/iac-model.js';
import { CARGO_TARGET_DIR, E2E_DIR, tool } from '../helpers/run.js';
import { cdkChecks, expectZipPaths, generate, samChecks, stackName, terraformChecks } from '../helpers/workspace.js';

const ROOT = path.join(E2E_DIR, 'shapes');
const DESCRIPTION = "Bob's shapes & <routes> — ünïcode";

const CASES = [
  { iac: 'cdk', api: 'http', arch: 'arm64', memory: 128, timeout: 1, rust: false, build: false },
  { iac: 'cdk', api: 'rest', arch: 'x86_64', memory: 10240, timeout: 29, rust: false, build: false },
  { iac: 'sam', api: 'http', arch: 'x86_64', memory: 10240, timeout: 1, rust: true, build: false },
  { iac: 'sam', api: 'rest', arch: 'arm64', memory: 128, timeout: 29, rust: true, build: false },
  { iac: 'terraform', api: 'http', arch: 'x86_64', memory: 128, timeout: 29, rust: false, build: true },
  { iac: 'terraform', api: 'rest', arch: 'arm64', memory: 10240, timeout: 1, rust: false, build: false },
] as const;

/** One route per shape: the command's arguments, and the function it must deploy. */
const SHAPES: { args: string[]; name: string; route: string; actions: string[]; memory?: number; timeout?: number }[] = [
  { args: ['GET', '/'], name: 'get-root', route: 'GET /', actions: [] },
  { args: ['GET', '/status'], name: 'get-status', route: 'GET /status', actions: [] },
  { args: ['POST', '/webhooks/stripe.v1', '--name', 'stripe-webhook'], name: 'stripe-webhook', route: 'POST /webhooks/stripe.v1', actions: [] },
  {
    args: ['GET', '/books/{id}/history', '--resource', 'book', '--access', 'read'],
    name: 'get-book-history',
    route: 'GET /books/{id}/history',
    actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
  },
  {
    args: ['POST', '/books/search', '--resource', 'book', '--access', 'read'],
    name: 'create-books-search',
    route: 'POST /books/search',
    actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
  },
  {
    args: ['PATCH', '/books/{id}/cover', '--resource', 'book', '--access', 'write'],
    name: 'patch-book-cover',
    route: 'PATCH /books/{id}/cover',
    actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  {
    args: ['DELETE', '/books/{id}/tags/{tagId}', '--resource', 'book', '--access', 'write'],
    name: 'delete-book-tag',
    route: 'DELETE /books/{id}/tags/{tagId}',
    actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  {
    args: ['PUT', '/books/{id}/shelf', '--resource', 'book', '--access', 'read-write', '--memory', '1024', '--timeout', '5'],
    name: 'update-book-shelf',
    route: 'PUT /books/{id}/shelf',
    actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
    memory: 1024,
    timeout: 5,
  },
  // A literal where another route has a parameter: `/books/id` beside `/books/{id}`.
  {
    args: ['GET', '/books/id', '--name', 'get-books-id-literal', '--resource', 'book', '--access', 'read-write'],
    name: 'get-books-id-literal',
    route: 'GET /books/id',
    actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
  },
  // Two literals that differ only by `.` and `-`.
  { args: ['GET', '/v1.0/status'], name: 'get-v1-0-status', route: 'GET /v1.0/status', actions: [] },
  { args: ['GET', '/v1-0/status', '--name', 'get-v1-dash-status'], name: 'get-v1-dash-status', route: 'GET /v1-0/status', actions: [] },
  // `_` and `.` (API Gateway refuses `~` in a REST resource's path part; so does validation).
  { args: ['GET', '/a_b/c.d'], name: 'get-a-b-c-d', route: 'GET /a_b/c.d', actions: [] },
];

const CRUD: Record<string, [string, string[]]> = {
  'create-book': ['POST /books', ['dynamodb:PutItem']],
  'get-book': ['GET /books/{id}', ['dynamodb:GetItem']],
  'list-books': ['GET /books', ['dynamodb:Scan']],
  'update-book': ['PUT /books/{id}', ['dynamodb:UpdateItem']],
  'delete-book': ['DELETE /books/{id}', ['dynamodb:DeleteItem']],
};

const titled = CASES.map((c) => [`${c.iac}, ${c.api} API, ${c.arch}, memory ${c.memory}, timeout ${c.timeout}`, c] as const);

describe.each(titled)('%s', (_, { iac, api, arch, memory, timeout, rust, build }) => {
  // The longest project name allowed (24 characters): every physical name built from it must fit.
  const base = `shapes-${iac}-${api}`;
  const name = `${base}-${'z'.repeat(24 - base.length - 1)}`;
  let dir = '';
  const deployed = async (): Promise<Deployed> => {
    if (iac === 'cdk') return fromCdkTemplate(await cdkChecks(dir, name), name);
    if (iac === 'sam') {
      await samChecks(dir);
      return fromSamTemplate(path.join(dir, 'template.yaml'), name);
    }
    await terraformChecks(path.join(dir, 'infra'));
    return fromTerraform(path.join(dir, 'infra'));
  };
  const fn = (route: string, actions: string[], own: { memory?: number; timeout?: number } = {}) => ({
    route,
    memory: own.memory ?? memory,
    timeout: own.timeout ?? timeout,
    architecture: arch,
    actions,
  });

  beforeAll(async () => {
    const flags = [
      '--iac',
      iac,
      '--api',
      api,
      '--arch',
      arch,
      '--memory',
      String(memory),
      '--timeout',
      String(timeout),
      '--no-resource',
      '--description',
      DESCRIPTION,
    ];
    dir = await generate(ROOT, name, ...flags, ...(iac === 'cdk' ? [] : ['--skip-install']));
  });

  it("--no-resource: one health function, accepted by the flavour's validators", async () => {
    expect(await deployed()).toEqual({ health: fn('GET /health', []) });
    if (iac === 'cdk') {
      const template = JSON.parse(readFileSync(path.join(dir, 'infra/cdk.out', `${stackName(name)}.template.json`), 'utf8'));
      expect(template.Description).toBe(DESCRIPTION);
    }
  });

  if (build) {
    it('make build and make build-zip build what Terraform deploys, where its functions look for it', async () => {
      // `target/` of the workspace is the shared target folder: the Makefile runs as written,
      // without recompiling the dependencies every workspace shares.
      mkdirSync(CARGO_TARGET_DIR, { recursive: true });
      symlinkSync(CARGO_TARGET_DIR, path.join(dir, 'target'));
      rmSync(path.join(CARGO_TARGET_DIR, 'lambda', 'health'), { recursive: true, force: true });
      const env = { CARGO_TARGET_DIR: undefined };
      await tool(dir, 'make', ['build'], env);
      expect(existsSync(path.join(dir, 'target/lambda/health/bootstrap'))).toBe(true);
      await tool(dir, 'make', ['build-zip'], env);
      const binaries = await expectZipPaths(path.join(dir, 'infra'));
      expect(binaries).toEqual(['health']);
      for (const binary of binaries) expect(existsSync(path.join(dir, 'target', 'lambda', binary, 'bootstrap.zip')), binary).toBe(true);
    });
  }

  it('takes a resource, then one route per shape', async () => {
    await tool(dir, 'node', [CLI, 'resource', 'book', '--yes']);
    if (iac === 'sam') {
      // The team's edit of the root Cargo.toml: the additions are appended below it.
      writeFileSync(path.join(dir, 'Cargo.toml'), `${readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')}\n# Our own note: keep it.\n`);
    }
    for (const shape of SHAPES) await tool(dir, 'node', [CLI, 'route', ...shape.args, '--yes']);
    const cargo = readFileSync(path.join(dir, 'Cargo.toml'), 'utf8');
    if (iac === 'sam') expect(cargo).toContain('# Our own note: keep it.');
    const router = (parseToml(cargo) as any).workspace.metadata.lambda.watch.router;
    expect(router.map((r: { function: string }) => r.function).sort()).toEqual(['health', ...Object.keys(CRUD), ...SHAPES.map((s) => s.name)].sort());
  });

  it("deploys exactly the functions, routes and permissions asked for, accepted by the flavour's validators", async () => {
    const expected: Deployed = { health: fn('GET /health', []) };
    for (const [fnName, [route, actions]] of Object.entries(CRUD)) expected[fnName] = fn(route, actions);
    for (const s of SHAPES) expected[s.name] = fn(s.route, s.actions, s);
    const actual = await deployed();
    for (const f of Object.values(actual)) f.actions.sort();
    for (const f of Object.values(expected)) f.actions.sort();
    expect(actual).toEqual(expected);
  });

  if (rust) {
    it('passes the generated make lint (fmt, clippy -D warnings) and make test', async () => {
      await tool(dir, 'make', ['lint']);
      const tests = await tool(dir, 'make', ['test']);
      expect(tests).not.toMatch(/test result: FAILED/);
      const passed = [...tests.matchAll(/test result: ok\. (\d+) passed; 0 failed/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(passed).toBeGreaterThan(40);
    });
  }
});
