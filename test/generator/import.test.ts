import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';

const PETSTORE = path.join(REPO_ROOT, 'test/fixtures/petstore.yaml');

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

async function workspace(...flags: string[]): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sa-import-'));
  const result = await cli(dir, 'new', 'shop', '--yes', '--skip-install', '--no-git', ...flags);
  expect(result.exitCode, result.all).toBe(0);
  return path.join(dir, 'shop');
}

const yoRc = (dir: string) => JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'];

describe('serverless-api import', () => {
  it('adds the resources (fields from the schemas) and a route per other operation, nested paths under the item; --dry-run writes nothing; a second run changes nothing', async () => {
    const dir = await workspace('--iac', 'sam', '--no-resource');
    const before = snapshot(dir);
    const dry = await cli(dir, 'import', PETSTORE, '--dry-run');
    expect(dry.exitCode, dry.all).toBe(0);
    expect(dry.stdout).toContain(`Would add from ${PETSTORE}: the resources pet, owner; 14 routes:`);
    expect(snapshot(dir)).toEqual(before);

    const result = await cli(dir, 'import', PETSTORE);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('  GET /pets/{petId}/photos -> GET /pets/{id}/photos');
    const stored = yoRc(dir);
    expect(stored.resources).toEqual(['pet', 'owner']);
    expect(stored.fields).toEqual({
      pet: 'name:string(80), status:enum(available,pending,sold), tags:string(30)[], birth_date:date?, weight_kg:number?, vaccinated:boolean?, microchip:integer?, last_seen:datetime?',
      owner: 'full_name:string(120), email:string(254), phone:string(32)?, member_since:date?, vip:boolean?',
    });
    const custom = stored.routes.filter((r: { kind: string }) => r.kind === 'custom');
    expect(custom).toEqual([
      { name: 'list-pet-photos', method: 'GET', path: '/pets/{id}/photos', kind: 'custom', resource: 'pet', actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'] },
      { name: 'upload-pet-photo', method: 'POST', path: '/pets/{id}/photos', kind: 'custom', resource: 'pet', actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] },
      { name: 'list-owner-pets', method: 'GET', path: '/owners/{id}/pets', kind: 'custom', resource: 'owner', actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'] },
      { name: 'get-inventory', method: 'GET', path: '/store/inventory', kind: 'custom', actions: [] },
    ]);
    // The workspace's contract has every operation of the document, under the workspace's names.
    const contract = parseYaml(readFileSync(path.join(dir, 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const document = parseYaml(readFileSync(PETSTORE, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const operations = (paths: Record<string, Record<string, unknown>>) =>
      Object.entries(paths)
        .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p.replace(/\{[^}]+\}/g, '{}')}`))
        .sort();
    // A resource always has its five CRUD routes: those of owners the document leaves out come too.
    const extra = operations(contract.paths).filter((o) => !operations(document.paths).includes(o));
    expect(extra).toEqual(['DELETE /owners/{}', 'GET /health', 'GET /owners', 'GET /owners/{}', 'PUT /owners/{}']);
    expect(operations(contract.paths)).toEqual(expect.arrayContaining(operations(document.paths)));
    expect(readFileSync(path.join(dir, 'shared/src/pet.rs'), 'utf8')).toContain('pub status: PetStatus,');
    expect(readFileSync(path.join(dir, 'template.yaml'), 'utf8')).toContain('/pets/{id}/photos');

    const after = snapshot(dir);
    const again = await cli(dir, 'import', PETSTORE);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout).toBe(`shop has every operation of ${PETSTORE} already: nothing to change.`);
    expect(snapshot(dir)).toEqual(after);
  });

  it('refuses a document it cannot map whole, listing each operation and why, and writes nothing', async () => {
    const dir = await workspace('--iac', 'terraform');
    const doc = {
      openapi: '3.1.0',
      info: { title: 'x', version: '1' },
      paths: {
        '/orders': {
          post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { address: { type: 'object' } } } } } }, responses: {} },
        },
        '/carts': {
          post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { itemCount: { type: 'integer' } } } } } }, responses: {} },
        },
        '/reports': { options: { responses: {} } },
        '/items': { get: { operationId: 'browse', responses: {} } },
      },
    };
    const file = path.join(dir, '..', 'bad.yaml');
    writeFileSync(file, JSON.stringify(doc));
    const before = snapshot(dir);
    const result = await cli(dir, 'import', file);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `Error: ${file}: 4 operations cannot be imported, so nothing was written:`,
      '  OPTIONS /reports: the method OPTIONS is not one a function here answers (GET, POST, PUT, PATCH, DELETE)',
      '  POST /orders: the resource order cannot be made: property "address" is an object: fields are scalars or arrays of scalars',
      '  POST /carts: the resource cart cannot be made: its fields: field "itemCount": names are snake_case (lowercase letters, digits, single underscores), starting with a letter, at most 64 characters',
      '  GET /items: route GET /items already exists as GET /items (function "list-items")',
    ]);
    expect(snapshot(dir)).toEqual(before);

    for (const [args, message] of [
      [['import'], 'Error: import takes one OpenAPI document. See serverless-api import --help.'],
      [['import', 'missing.yaml'], 'Error: missing.yaml does not exist'],
      [['import', path.join(dir, '.yo-rc.json')], `Error: ${path.join(dir, '.yo-rc.json')} is not an OpenAPI 3.0 or 3.1 document (no "openapi: 3.x.y")`],
    ] as const) {
      const refused = await cli(dir, ...args);
      expect(refused.exitCode, args.join(' ')).toBe(1);
      expect(refused.stderr.trim()).toBe(message);
    }
    const outside = await cli(path.dirname(file), 'import', file);
    expect(outside.exitCode).toBe(1);
    expect(outside.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it('is listed by --help, with its own help', async () => {
    const top = await cli(tmpdir(), '--help');
    expect(top.stdout).toMatch(/^ {2}import +add the resources and routes an OpenAPI document describes/m);
    const own = await cli(tmpdir(), 'import', '--help');
    expect(own.exitCode).toBe(0);
    expect(own.stdout).toContain('Usage: serverless-api import <openapi.yaml> [options]');
  });
});
