/**
 * `new --preset` and the sub-generators under a preset: defaults, locked answers, bounds, policy
 * and files applied; every refusal is one message naming the preset, and writes nothing.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../lib/version.js';
import { listFiles, snapshot } from '../helpers/fs.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples/presets/acme');

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

const yoRc = (dir: string) => JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'];

async function acmeWorkspace(...flags: string[]): Promise<string> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
  const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', EXAMPLE, ...flags);
  expect(result.exitCode, result.all).toBe(0);
  return path.join(cwd, 'shop');
}

describe('new --preset', () => {
  it("takes the preset's defaults and locked answers, applies its policy, renders its files and records it", async () => {
    const dir = await acmeWorkspace();
    const stored = yoRc(dir);
    expect(stored).toMatchObject({ generatorVersion: GENERATOR_VERSION, iac: 'terraform', api: 'http', arch: 'arm64', memory: 512, timeout: 10 });
    expect(stored.policy).toEqual({
      throttling: { rateLimit: 50, burstLimit: 100 },
      logRetentionDays: 90,
      tags: { CostCenter: 'cc-1234', Owner: 'platform-team' },
      namePrefix: 'acme-',
    });
    expect(stored.preset).toMatchObject({ name: 'acme-standard', version: '1.2.0', hash: expect.stringMatching(/^sha256-/) });
    expect(readFileSync(path.join(dir, 'CODEOWNERS'), 'utf8')).toContain('*                @acme/shop-owners');
    expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toContain('shop is proprietary software of ACME Corporation.');
    expect(existsSync(path.join(dir, '.github/pull_request_template.md'))).toBe(true);
    const tf = readFileSync(path.join(dir, 'infra/providers.tf'), 'utf8') + readFileSync(path.join(dir, 'infra/locals.tf'), 'utf8');
    expect(tf).toContain('CostCenter = "cc-1234"');
    expect(tf).toMatch(/project\s*=\s*"acme-shop-\$\{var\.stage\}"/);
  });

  it('lets flags change a default within the bounds', async () => {
    const dir = await acmeWorkspace('--iac', 'cdk', '--memory', '1024', '--timeout', '15', '--skip-install');
    expect(yoRc(dir)).toMatchObject({ iac: 'cdk', memory: 1024, timeout: 15 });
    expect(readFileSync(path.join(dir, 'infra/bin/app.ts'), 'utf8')).toContain("Tags.of(app).add('CostCenter', 'cc-1234');");
  });

  it.each([
    [['--arch', 'x86_64'], 'Error: --arch x86_64: preset acme-standard 1.2.0 locks arch to arm64'],
    [['--api', 'rest'], 'Error: --api rest: preset acme-standard 1.2.0 locks api to http'],
    [['--memory', '2048'], 'Error: --memory: 2048 is above the maximum of preset acme-standard 1.2.0 (policy.memory.max 1024)'],
    [['--timeout', '20'], 'Error: --timeout: 20 is above the maximum of preset acme-standard 1.2.0 (policy.timeout.max 15)'],
    [['--iac', 'sam'], 'Error: --iac: sam is not allowed by preset acme-standard 1.2.0 (policy.iac: terraform, cdk)'],
  ])('refuses %j in one message naming the preset, and writes nothing', async (flags, message) => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', EXAMPLE, ...flags);
    expect(result.exitCode).not.toBe(0);
    expect(result.all?.trim()).toBe(message);
    expect(listFiles(cwd)).toEqual([]);
  });

  it('accepts a locked answer repeated as a flag', async () => {
    const dir = await acmeWorkspace('--arch', 'arm64', '--api', 'http');
    expect(yoRc(dir)).toMatchObject({ arch: 'arm64', api: 'http' });
  });

  it("gives the starter resource's fields, index and sort key; a flag changes them; check is clean", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    const fields = 'title:string(120), author:string(80), released:date';
    writeFileSync(
      path.join(cwd, 'books.json'),
      JSON.stringify({
        name: 'books',
        version: '1.0.0',
        defaults: { resource: 'book', index: 'author:released', 'sort-key': 'released:desc' },
        locked: { fields },
      }),
    );
    const made = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', 'books.json');
    expect(made.exitCode, made.all).toBe(0);
    expect(yoRc(path.join(cwd, 'shop'))).toMatchObject({
      resources: [{ name: 'book', fields, index: { partition: 'author', sort: 'released' }, sortKey: { field: 'released', descending: true } }],
    });
    const other = await cli(cwd, 'new', 'other', '--yes', '--skip-install', '--no-git', '--preset', 'books.json', '--sort-key', 'title');
    expect(other.exitCode, other.all).toBe(0);
    expect(yoRc(path.join(cwd, 'other')).resources[0].sortKey).toEqual({ field: 'title' });
    // The starter resource's answers are what `new` wrote, not a rule of the workspace: check is clean.
    const checked = await cli(path.join(cwd, 'shop'), 'check', '--preset', path.join(cwd, 'books.json'));
    expect(checked.exitCode, checked.all).toBe(0);
  });

  it('check is clean on a fresh workspace whose preset locks auth, its JWT settings and cors, and names a change of each', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    const locked = {
      api: 'http',
      auth: 'jwt',
      'jwt-issuer': 'https://id.example.com',
      'jwt-audience': 'web, cli',
      cors: 'https://a.example.com, https://b.example.com',
    };
    writeFileSync(path.join(cwd, 'secure.json'), JSON.stringify({ name: 'secure', version: '1.0.0', locked }));
    const made = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', 'secure.json');
    expect(made.exitCode, made.all).toBe(0);
    const dir = path.join(cwd, 'shop');
    const checked = await cli(dir, 'check', '--preset', path.join(cwd, 'secure.json'));
    expect(checked.exitCode, checked.all).toBe(0);
    expect(checked.all).not.toContain('[object Object]');
    // The same workspace under a preset that locks other values: each difference is named, as text.
    writeFileSync(
      path.join(cwd, 'other.json'),
      JSON.stringify({
        name: 'secure',
        version: '1.0.0',
        locked: { ...locked, 'jwt-issuer': 'https://other.example.com', 'jwt-audience': 'web', cors: 'https://a.example.com' },
      }),
    );
    const other = await cli(dir, 'check', '--preset', path.join(cwd, 'other.json'));
    expect(other.exitCode).not.toBe(0);
    expect(other.all).toContain('jwt-issuer is https://id.example.com; preset secure 1.0.0 locks it to https://other.example.com');
    expect(other.all).toContain('jwt-audience is web,cli; preset secure 1.0.0 locks it to web');
    expect(other.all).toContain('cors is https://a.example.com,https://b.example.com; preset secure 1.0.0 locks it to https://a.example.com');
  });

  it('refuses a bad preset with a line per mistake, and writes nothing', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    writeFileSync(path.join(cwd, 'bad.json'), JSON.stringify({ name: 'acme', version: '2', policy: { memory: { max: 99999 } } }));
    const before = snapshot(cwd);
    const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', 'bad.json');
    expect(result.exitCode).not.toBe(0);
    expect(result.all?.trim().split('\n')).toEqual([
      'Error: preset bad.json: version: must be a semantic version, e.g. "1.2.0"',
      'preset bad.json: policy.memory.max: must be <= 10240',
    ]);
    expect(snapshot(cwd)).toEqual(before);
  });

  it('refuses a preset file that takes a path the generator writes', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    cpSync(EXAMPLE, path.join(cwd, 'p'), { recursive: true });
    const document = JSON.parse(readFileSync(path.join(cwd, 'p/preset.json'), 'utf8'));
    writeFileSync(path.join(cwd, 'p/preset.json'), JSON.stringify({ ...document, files: { 'Cargo.toml': 'files/LICENSE.ejs' } }));
    const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', 'p');
    expect(result.all?.trim()).toBe('Error: preset acme-standard 1.2.0: files.Cargo.toml: the generator writes this file itself; ship it under another path');
    expect(existsSync(path.join(cwd, 'shop'))).toBe(false);
  });
});

describe("a preset's tags under SAM", () => {
  it('refuses a key with a space or a value with a quote, which SAM CLI would change, naming them; nothing written', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    cpSync(EXAMPLE, path.join(cwd, 'p'), { recursive: true });
    const document = JSON.parse(readFileSync(path.join(cwd, 'p/preset.json'), 'utf8'));
    const tags = { 'Cost Center': 'cc-1', Owner: 'the "core" team', Fine: 'a b' };
    writeFileSync(path.join(cwd, 'p/preset.json'), JSON.stringify({ ...document, policy: { ...document.policy, iac: undefined, tags } }));
    const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', 'p', '--iac', 'sam');
    expect(result.exitCode).toBe(1);
    expect(result.all?.trim()).toBe(
      'Error: tags "Cost Center", "Owner": SAM CLI would deploy them under another name or value (it turns spaces in keys into "_" and mangles quotes and backslashes); with --iac sam, use keys without spaces and values without " or \\',
    );
    expect(existsSync(path.join(cwd, 'shop'))).toBe(false);
  });
});

describe('sub-generators under a preset', () => {
  it("refuse a route outside the preset's bounds, naming it, and leave the workspace byte-identical", async () => {
    const dir = await acmeWorkspace();
    const before = snapshot(dir);
    const result = await cli(dir, 'route', 'GET', '/reports', '--memory', '4096', '--yes');
    expect(result.exitCode).not.toBe(0);
    expect(result.all?.trim()).toBe('Error: --memory: 4096 is above the maximum of preset acme-standard 1.2.0 (policy.memory.max 1024)');
    expect(snapshot(dir)).toEqual(before);
    const within = await cli(dir, 'route', 'GET', '/reports', '--memory', '1024', '--yes');
    expect(within.exitCode, within.all).toBe(0);
    expect(yoRc(dir).routes.at(-1)).toMatchObject({ name: 'get-reports', memory: 1024 });
    // The addition keeps the preset as recorded.
    expect(yoRc(dir).preset).toEqual(JSON.parse(before['.yo-rc.json'] ?? '{}')['generator-serverless-api'].preset);
  });

  it('refuse a route memory or timeout other than the one the preset locks, naming it, and leave the workspace byte-identical', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'sa-preset-locked-'));
    await execa('cp', ['-r', `${EXAMPLE}/.`, folder]);
    const document = JSON.parse(readFileSync(path.join(folder, 'preset.json'), 'utf8'));
    writeFileSync(path.join(folder, 'preset.json'), JSON.stringify({ ...document, locked: { ...document.locked, memory: 512, timeout: 10 } }));
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    const made = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', folder);
    expect(made.exitCode, made.all).toBe(0);
    const dir = path.join(cwd, 'shop');
    const before = snapshot(dir);
    for (const [flag, value, locked] of [
      ['--memory', '1024', '512'],
      ['--timeout', '5', '10'],
    ] as const) {
      const result = await cli(dir, 'route', 'GET', '/reports', flag, value, '--yes');
      expect(result.exitCode, flag).not.toBe(0);
      expect(result.all?.trim()).toBe(`Error: ${flag} ${value}: preset acme-standard 1.2.0 locks ${flag.slice(2)} to ${locked}`);
      expect(snapshot(dir)).toEqual(before);
    }
    const same = await cli(dir, 'route', 'GET', '/reports', '--memory', '512', '--timeout', '10', '--yes');
    expect(same.exitCode, same.all).toBe(0);
    expect(yoRc(dir).routes.at(-1)).toEqual(expect.not.objectContaining({ memory: expect.anything() }));
  });

  it('refuse to run when the recorded preset was edited by hand', async () => {
    const dir = await acmeWorkspace();
    const file = path.join(dir, '.yo-rc.json');
    const document = JSON.parse(readFileSync(file, 'utf8'));
    document['generator-serverless-api'].preset.policy.memory.max = 10240;
    writeFileSync(file, JSON.stringify(document));
    const before = snapshot(dir);
    const result = await cli(dir, 'route', 'GET', '/reports', '--memory', '4096', '--yes');
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('the recorded preset acme-standard 1.2.0 does not match its hash (edited by hand?)');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuse a workspace made by a newer generator', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', 'sam')).exitCode).toBe(0);
    const file = path.join(cwd, 'shop', '.yo-rc.json');
    const document = JSON.parse(readFileSync(file, 'utf8'));
    document['generator-serverless-api'].generatorVersion = '99.0.0';
    writeFileSync(file, JSON.stringify(document));
    const before = snapshot(path.join(cwd, 'shop'));
    const result = await cli(path.join(cwd, 'shop'), 'resource', 'order', '--yes');
    expect(result.exitCode).not.toBe(0);
    expect(result.all?.trim()).toBe(
      `Error: this workspace follows generator-serverless-api 99.0.0, newer than this one (${GENERATOR_VERSION}): update the generator (npm install -g generator-serverless-api@99.0.0) and run again`,
    );
    expect(snapshot(path.join(cwd, 'shop'))).toEqual(before);
  });
});
