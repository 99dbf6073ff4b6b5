import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import helpers, { result } from 'yeoman-test';
import { listFiles, snapshot } from '../helpers/fs.js';
import { APP_GENERATOR } from '../helpers/generators.js';

// yeoman-test forces overwrites by default; these tests run as a user does, without --force.
const FAST = { yes: true, skipInstall: true, git: false, force: false };

/** A folder of our own: yeoman-test removes its temporary folders when the next run starts. */
function newDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'sa-gen-'));
}

function run(args: string[], options: Record<string, unknown> = {}, dir = newDir()) {
  return helpers
    .run(APP_GENERATOR)
    .cd(dir)
    .withArguments(args)
    .withOptions({ ...FAST, ...options });
}

function yoRc(cwd: string, name = 'demo') {
  return JSON.parse(readFileSync(path.join(cwd, name, '.yo-rc.json'), 'utf8'))['generator-serverless-api'];
}

describe('serverless-api:app with defaults', () => {
  it('writes the workspace into ./<name>/ and records the answers and routes', async () => {
    await run(['demo']);
    const files = listFiles(path.join(result.cwd, 'demo'));
    expect(files).toContain('Cargo.toml');
    expect(files).toContain('infra/lib/api-stack.ts');
    expect(files.filter((f) => f.endsWith('/src/main.rs')).sort()).toEqual(
      ['create-item', 'delete-item', 'get-item', 'list-items', 'update-item'].map((f) => `lambdas/${f}/src/main.rs`),
    );
    expect(listFiles(result.cwd).every((f) => f.startsWith('demo/'))).toBe(true);
    const stored = yoRc(result.cwd);
    expect(stored).toMatchObject({ name: 'demo', iac: 'cdk', api: 'http', arch: 'arm64', memory: 256, timeout: 10, resources: [{ name: 'item' }] });
    expect(stored.routes.map((r: { name: string; method: string; path: string }) => `${r.method} ${r.path} ${r.name}`)).toEqual([
      'POST /items create-item',
      'GET /items/{id} get-item',
      'GET /items list-items',
      'PUT /items/{id} update-item',
      'DELETE /items/{id} delete-item',
    ]);
  });
});

describe('serverless-api:app options', () => {
  it('--api rest writes REST API (payload 1.0) events and enables apigw_rest', async () => {
    await run(['demo'], { api: 'rest' });
    const event = JSON.parse(readFileSync(path.join(result.cwd, 'demo/lambdas/get-item/events/ok.json'), 'utf8'));
    expect(event.httpMethod).toBe('GET');
    expect(event.version).toBeUndefined();
    expect(readFileSync(path.join(result.cwd, 'demo/Cargo.toml'), 'utf8')).toMatch(/features = \["apigw_rest", "apigw_http", "tracing"\]/);
    expect(readFileSync(path.join(result.cwd, 'demo/infra/lib/api-stack.ts'), 'utf8')).toContain('new apigw.RestApi(');
    expect(yoRc(result.cwd).api).toBe('rest');
  });

  it('--api http (default) writes payload 2.0 events', async () => {
    await run(['demo']);
    const event = JSON.parse(readFileSync(path.join(result.cwd, 'demo/lambdas/get-item/events/ok.json'), 'utf8'));
    expect(event.version).toBe('2.0');
    expect(readFileSync(path.join(result.cwd, 'demo/Cargo.toml'), 'utf8')).toMatch(/features = \["apigw_http", "tracing"\]/);
  });

  it('--arch, --memory and --timeout reach the stack manifest', async () => {
    await run(['demo'], { arch: 'x86_64', memory: '1024', timeout: '29' });
    const manifest = readFileSync(path.join(result.cwd, 'demo/infra/lib/manifest.ts'), 'utf8');
    expect(manifest).toContain("architecture: 'x86_64'");
    expect(manifest).toContain('memorySize: 1024');
    expect(manifest).toContain('timeoutSeconds: 29');
    expect(readFileSync(path.join(result.cwd, 'demo/Makefile'), 'utf8')).toContain('ARCH_FLAG := --x86-64');
    expect(yoRc(result.cwd)).toMatchObject({ arch: 'x86_64', memory: 1024, timeout: 29 });
  });

  it('--resource names the starter resource', async () => {
    await run(['demo'], { resource: 'category' });
    const files = listFiles(path.join(result.cwd, 'demo'));
    expect(files).toContain('shared/src/category.rs');
    expect(files).toContain('lambdas/list-categories/src/handler.rs');
    expect(yoRc(result.cwd).resources).toEqual([{ name: 'category' }]);
  });

  it('--no-resource writes a single health route and no table', async () => {
    await run(['demo'], { resource: false });
    const stored = yoRc(result.cwd);
    expect(stored.resources).toEqual([]);
    expect(stored.routes).toEqual([{ name: 'health', method: 'GET', path: '/health', kind: 'health', actions: [] }]);
    expect(readFileSync(path.join(result.cwd, 'demo/Cargo.toml'), 'utf8')).not.toContain('aws-sdk-dynamodb');
  });

  it('--iac sam writes template.yaml and samconfig.toml at the root, and no infra/', async () => {
    const dir = newDir();
    await run(['demo'], { iac: 'sam' }, dir);
    const files = listFiles(path.join(dir, 'demo'));
    expect(files).toEqual(expect.arrayContaining(['template.yaml', 'samconfig.toml', 'lambdas/get-item/src/main.rs']));
    expect(files.some((f) => f.startsWith('infra/'))).toBe(false);
    expect(readFileSync(path.join(dir, 'demo/Makefile'), 'utf8')).toContain('sam build && sam deploy --config-env $(STAGE)');
    expect(yoRc(dir).iac).toBe('sam');
  });

  it('--iac terraform writes infra/ with a file per route and per table', async () => {
    const dir = newDir();
    await run(['demo'], { iac: 'terraform' }, dir);
    const files = listFiles(path.join(dir, 'demo', 'infra'));
    expect(files.filter((f) => f.startsWith('route_'))).toEqual([
      'route_create_item.tf',
      'route_delete_item.tf',
      'route_get_item.tf',
      'route_list_items.tf',
      'route_update_item.tf',
    ]);
    expect(files).toContain('table_items.tf');
    expect(readFileSync(path.join(dir, 'demo/Makefile'), 'utf8')).toContain('--output-format zip');
  });

  it('--description lands in the README and .yo-rc.json', async () => {
    await run(['demo'], { description: 'Orders for the shop.' });
    expect(readFileSync(path.join(result.cwd, 'demo/README.md'), 'utf8')).toContain('Orders for the shop.');
    expect(yoRc(result.cwd).description).toBe('Orders for the shop.');
  });

  it('takes every answer from prompts when asked, giving what the flags give', async () => {
    await helpers
      .run(APP_GENERATOR)
      .withOptions({ skipInstall: true, git: false, force: false, interactive: true } as object)
      .withAnswers({ name: 'demo', description: 'Asked.', iac: 'cdk', api: 'rest', resource: 'order', arch: 'x86_64', memory: '512', timeout: '15' });
    const prompted = snapshot(path.join(result.cwd, 'demo'));
    await run(['demo'], { description: 'Asked.', api: 'rest', resource: 'order', arch: 'x86_64', memory: '512', timeout: '15' });
    expect(snapshot(path.join(result.cwd, 'demo'))).toEqual(prompted);
  });
});

describe('serverless-api:app refuses bad input and writes nothing', () => {
  it.each([
    [['Bad Name!'], {}, 'is not a valid project name'],
    [['demo'], { memory: '5' }, '--memory: memory must be from 128 to 10240 MB (got 5)'],
    [['demo'], { timeout: '30' }, 'timeout must be from 1 to 29 seconds'],
    [['demo'], { arch: 'arm' }, '--arch must be one of arm64, x86_64'],
    [['demo'], { api: 'graphql' }, '--api must be one of http, rest'],
    [['demo'], { iac: 'cloudformation' }, '--iac must be one of cdk, sam, terraform, pulumi'],
    [['demo'], { resource: 'Items' }, 'is not a valid resource name'],
    [['demo'], { resource: 'type' }, 'Rust keyword'],
    [['demo'], { description: 'a "quoted" word' }, 'quotes'],
  ])('%j %j: %s', async (args, options, message) => {
    const dir = newDir();
    await expect(run(args, options, dir)).rejects.toThrow(message);
    expect(listFiles(dir)).toEqual([]);
  });

  it('without a terminal and without --yes, names the flags it would have asked for', async () => {
    const dir = newDir();
    const context = helpers
      .run(APP_GENERATOR)
      .cd(dir)
      .withArguments(['demo'])
      .withOptions({ skipInstall: true, git: false, force: false, memory: '512' } as object);
    await expect(context).rejects.toThrow('no terminal to ask for --description, --iac, --api, --resource, --arch, --timeout');
    expect(listFiles(dir)).toEqual([]);
  });

  it('refuses a non-empty folder that is not one of its workspaces', async () => {
    const dir = newDir();
    mkdirSync(path.join(dir, 'demo'));
    writeFileSync(path.join(dir, 'demo', 'notes.txt'), 'mine');
    await expect(run(['demo'], {}, dir)).rejects.toThrow('demo/ exists and is not empty');
    expect(listFiles(dir)).toEqual(['demo/notes.txt']);
  });

  it('writes into such a folder with --force', async () => {
    const dir = newDir();
    mkdirSync(path.join(dir, 'demo'));
    writeFileSync(path.join(dir, 'demo', 'notes.txt'), 'mine');
    await run(['demo'], { force: true }, dir);
    expect(existsSync(path.join(dir, 'demo', 'Cargo.toml'))).toBe(true);
    expect(readFileSync(path.join(dir, 'demo', 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('serverless-api:app run again', () => {
  it('leaves every file byte-identical', async () => {
    const cwd = newDir();
    await run(['demo'], {}, cwd);
    const before = snapshot(path.join(cwd, 'demo'));
    await run(['demo'], {}, cwd);
    expect(snapshot(path.join(cwd, 'demo'))).toEqual(before);
  });

  it('under --yes, refuses to overwrite a user edit, naming the file, and keeps the edit', async () => {
    const cwd = newDir();
    await run(['demo'], {}, cwd);
    const handler = path.join(cwd, 'demo/lambdas/get-item/src/handler.rs');
    writeFileSync(handler, `${readFileSync(handler, 'utf8')}\n// my change\n`);
    const before = snapshot(path.join(cwd, 'demo'));
    await expect(run(['demo'], {}, cwd)).rejects.toThrow('lambdas/get-item/src/handler.rs');
    expect(snapshot(path.join(cwd, 'demo'))).toEqual(before);
  });

  it('overwrites a user edit with --force', async () => {
    const cwd = newDir();
    await run(['demo'], {}, cwd);
    const original = readFileSync(path.join(cwd, 'demo/lambdas/get-item/src/handler.rs'), 'utf8');
    writeFileSync(path.join(cwd, 'demo/lambdas/get-item/src/handler.rs'), 'edited');
    await run(['demo'], { force: true }, cwd);
    expect(readFileSync(path.join(cwd, 'demo/lambdas/get-item/src/handler.rs'), 'utf8')).toBe(original);
  });
});
