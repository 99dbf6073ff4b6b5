/**
 * `serverless-api render` (the base of `upgrade`): what it writes is exactly what the generator
 * wrote, for every flavour, after additions too; it refuses what it cannot do, writing nothing.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI } from '../helpers/generators.js';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function scratch(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix))
    .flatMap((name) => {
      const relative = prefix ? `${prefix}/${name}` : name;
      return statSync(path.join(dir, relative)).isDirectory() ? files(dir, relative) : [relative];
    })
    .sort();
}

describe.each(['cdk', 'sam', 'terraform'] as const)('render, %s', (iac) => {
  it('writes exactly the files the generator wrote, after a route and a resource too', async () => {
    const cwd = scratch('sa-render-');
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', iac)).exitCode).toBe(0);
    const dir = path.join(cwd, 'shop');
    expect((await cli(dir, 'route', 'GET', '/orders/{orderId}', '--resource', 'item', '--access', 'read', '--yes')).exitCode).toBe(0);
    expect((await cli(dir, 'resource', 'category', '--yes')).exitCode).toBe(0);
    const before = snapshot(dir);
    const result = await cli(cwd, 'render', 'shop', '--out', 'base');
    expect(result.exitCode, result.all).toBe(0);
    const base = path.join(cwd, 'base');
    const generated = files(dir).filter((f) => f !== '.yo-rc.json');
    expect(files(base)).toEqual(generated);
    for (const file of generated) expect(readFileSync(path.join(base, file), 'utf8'), file).toBe(readFileSync(path.join(dir, file), 'utf8'));
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('render refuses', () => {
  it('a folder that is not empty, a missing --out, a folder outside a workspace, and another version', async () => {
    const cwd = scratch('sa-render-');
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--no-resource')).exitCode).toBe(0);
    writeFileSync(path.join(cwd, 'keep.txt'), 'mine');
    const before = snapshot(cwd);
    let result = await cli(cwd, 'render', 'shop', '--out', '.');
    expect([result.exitCode, result.stderr]).toEqual([1, 'Error: . is not empty; render writes into a new or empty folder']);
    result = await cli(cwd, 'render', 'shop');
    expect([result.exitCode, result.stderr]).toEqual([1, 'Error: render needs --out <folder>. See serverless-api render --help.']);
    result = await cli(tmpdir(), 'render', '--out', path.join(cwd, 'base'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^Error: not inside a workspace of generator-serverless-api/);
    const rc = path.join(cwd, 'shop/.yo-rc.json');
    const stored = readFileSync(rc, 'utf8');
    writeFileSync(rc, stored.replace(/"generatorVersion": "[^"]+"/, '"generatorVersion": "0.0.1"'));
    result = await cli(cwd, 'render', 'shop', '--out', 'base');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('follows generator 0.0.1; this is');
    expect(result.stderr).toContain('npx --package generator-serverless-api@0.0.1 serverless-api render');
    writeFileSync(rc, stored);
    expect(snapshot(cwd)).toEqual(before);
  });
});

describe('additions on a workspace of an older version', () => {
  it('are refused, pointing to upgrade, with nothing written', async () => {
    const cwd = scratch('sa-render-');
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git')).exitCode).toBe(0);
    const dir = path.join(cwd, 'shop');
    const rc = path.join(dir, '.yo-rc.json');
    writeFileSync(rc, readFileSync(rc, 'utf8').replace(/"generatorVersion": "[^"]+"/, '"generatorVersion": "0.0.1"'));
    const before = snapshot(dir);
    for (const args of [['route', 'GET', '/orders', '--yes'], ['resource', 'category', '--yes']]) {
      const result = await cli(dir, ...args);
      expect(result.exitCode, result.all).toBe(1);
      expect(result.stderr).toContain('this workspace follows generator-serverless-api 0.0.1, older than this one');
      expect(result.stderr).toContain('run `serverless-api upgrade` first (it keeps your edits)');
    }
    expect(snapshot(dir)).toEqual(before);
  });
});
