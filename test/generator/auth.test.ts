/**
 * Authentication and CORS input: every bad value refused in one line, nothing written; accepted
 * values stored in .yo-rc.json, route overrides kept by additions and reproduced by render.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI } from '../helpers/generators.js';

vi.setConfig({ testTimeout: 120_000 });

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sa-auth-'));
  temporary.push(dir);
  return dir;
}

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

const JWT = ['--auth', 'jwt', '--jwt-issuer', 'https://login.example.com/realms/acme', '--jwt-audience', 'web,cli'];

describe('new refuses bad authentication and CORS input, writing nothing', () => {
  it.each([
    [['--auth', 'oauth'], '--auth must be one of none, jwt, cognito, iam (got "oauth")'],
    [['--auth', 'jwt', '--jwt-issuer', 'http://login.example.com', '--jwt-audience', 'web'], '--jwt-issuer must use https'],
    [['--auth', 'jwt', '--jwt-audience', 'web'], '--jwt-issuer is needed with --auth jwt'],
    [['--auth', 'jwt', '--jwt-issuer', 'https://login.example.com'], '--jwt-audience is needed with --auth jwt'],
    [['--jwt-issuer', 'https://login.example.com'], '--jwt-issuer is only for --auth jwt'],
    [['--api', 'rest', ...JWT], '--auth jwt: REST APIs have no JWT authorizer. Use --auth cognito'],
    [['--cors', 'https://app.example.com/'], '--cors: "https://app.example.com/" is not an origin'],
    [['--api', 'rest', '--cors', 'https://a.example.com,https://b.example.com'], "--cors: a REST API's preflight answers with one Access-Control-Allow-Origin"],
  ])('%j', async (flags, message) => {
    const cwd = scratch();
    const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', ...flags);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(existsSync(path.join(cwd, 'shop'))).toBe(false);
  });

  it('keeps a public API under --yes without --auth, and says so', async () => {
    const cwd = scratch();
    const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--no-resource');
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('Warning: the API is public: --yes without --auth keeps none.');
    const given = await cli(cwd, 'new', 'given', '--yes', '--skip-install', '--no-git', '--no-resource', '--auth', 'none');
    expect(given.exitCode, given.all).toBe(0);
    expect(given.all).not.toContain('Warning: the API is public');
  });
});

describe.each(['cdk', 'sam', 'terraform'] as const)('authentication, %s', (iac) => {
  it('stores the authorizer, CORS and route overrides; render reproduces the workspace; bad overrides change nothing', async () => {
    const cwd = scratch();
    const made = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', iac, ...JWT, '--cors', 'https://app.example.com');
    expect(made.exitCode, made.all).toBe(0);
    const dir = path.join(cwd, 'shop');
    for (const args of [
      ['GET', '/status', '--auth', 'none'],
      ['GET', '/reports', '--auth', 'scopes:reports.read,reports.all'],
      ['GET', '/internal', '--auth', 'iam'],
    ]) {
      const added = await cli(dir, 'route', ...args, '--yes');
      expect(added.exitCode, added.all).toBe(0);
    }
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'];
    expect(stored.auth).toEqual({ kind: 'jwt', issuer: 'https://login.example.com/realms/acme', audience: ['web', 'cli'] });
    expect(stored.cors).toEqual({ origins: ['https://app.example.com'] });
    expect(Object.fromEntries(stored.routes.map((r: { name: string; auth?: string }) => [r.name, r.auth]))).toMatchObject({
      'get-status': 'none',
      'get-reports': 'scopes:reports.read,reports.all',
      'get-internal': 'iam',
      'create-item': undefined,
    });
    expect(existsSync(path.join(dir, 'shared/src/auth.rs'))).toBe(true);
    expect(readFileSync(path.join(dir, 'lambdas/get-reports/events/missing-scope.json'), 'utf8')).toMatch(/"scope": "openid"/);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/\| `GET` +\| `\/reports` +\|.*\| token \+ `reports\.read`, `reports\.all` \|/);

    const rendered = await cli(cwd, 'render', 'shop', '--out', 'base');
    expect(rendered.exitCode, rendered.all).toBe(0);
    const base = snapshot(path.join(cwd, 'base'));
    const files = snapshot(dir);
    delete files['.yo-rc.json'];
    expect(base).toEqual(files);

    const before = snapshot(dir);
    for (const [auth, message] of [
      ['scopes:a b', '"a b" is not a scope'],
      ['public', '--auth must be default, none, iam or scopes:<scope,...> (got "public")'],
    ]) {
      const refused = await cli(dir, 'route', 'GET', '/x', '--auth', auth!, '--yes');
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toContain(message);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a workspace with a Cognito user pool', () => {
  it("refuses scopes the pool's tokens never carry (no resource server), writing nothing", async () => {
    const cwd = scratch();
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--no-resource', '--iac', 'sam', '--auth', 'cognito')).exitCode).toBe(0);
    const dir = path.join(cwd, 'shop');
    const before = snapshot(dir);
    const result = await cli(dir, 'route', 'GET', '/reports', '--auth', 'scopes:reports.read', '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      "a Cognito user pool's tokens carry openid, email, phone, profile, aws.cognito.signin.user.admin or <resource-server>/<scope>",
    );
    expect(result.stderr).toContain('e.g. scopes:api/reports.read');
    expect(snapshot(dir)).toEqual(before);
    const scoped = await cli(dir, 'route', 'GET', '/reports', '--auth', 'scopes:shop/reports.read', '--yes');
    expect(scoped.exitCode, scoped.all).toBe(0);
  });
});

describe('a workspace without an authorizer', () => {
  it('refuses a route that needs scopes or IAM, writing nothing', async () => {
    const cwd = scratch();
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--no-resource', '--auth', 'none')).exitCode).toBe(0);
    const dir = path.join(cwd, 'shop');
    const before = snapshot(dir);
    let result = await cli(dir, 'route', 'GET', '/reports', '--auth', 'scopes:reports.read', '--yes');
    expect([result.exitCode, result.stderr]).toEqual([
      1,
      expect.stringContaining("scopes need a JWT or Cognito authorizer, and this API's is none (a public API)"),
    ]);
    result = await cli(dir, 'route', 'GET', '/reports', '--auth', 'iam', '--yes');
    expect([result.exitCode, result.stderr]).toEqual([1, expect.stringContaining('--auth iam: this API has no authorizer')]);
    expect(snapshot(dir)).toEqual(before);
  });
});
