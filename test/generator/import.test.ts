import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';

const PETSTORE = path.join(REPO_ROOT, 'test/fixtures/petstore.yaml');
const THIRD_PARTY = path.join(REPO_ROOT, 'test/fixtures/third-party');

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
  it('adds the resources (fields from the schemas), only the CRUD routes declared, and a route per other operation, nested paths under the item; --dry-run writes nothing; a second run changes nothing', async () => {
    const dir = await workspace('--iac', 'sam', '--no-resource');
    const before = snapshot(dir);
    // GET /owners/{ownerId}/pets reads pets under an owner: two tables, so it is left out on purpose.
    const except = ['--except', 'GET /owners/{ownerId}/pets'];
    const whole = await cli(dir, 'import', PETSTORE);
    expect(whole.exitCode).toBe(1);
    expect(whole.stderr).toContain(
      "  GET /owners/{ownerId}/pets: it reads pets under an item of owners, two tables, and a function here reads one; leave it out (--except 'GET /owners/{ownerId}/pets') and add it with `serverless-api route GET /owners/{id}/pets --resource pet --access read`",
    );
    expect(snapshot(dir)).toEqual(before);
    const dry = await cli(dir, 'import', PETSTORE, '--dry-run', ...except);
    expect(dry.exitCode, dry.all).toBe(0);
    expect(dry.stdout).toContain(`Would add from ${PETSTORE}: the resources pet, owner; 9 routes:`);
    expect(snapshot(dir)).toEqual(before);

    const result = await cli(dir, 'import', PETSTORE, ...except);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('  GET /pets/{petId}/photos -> GET /pets/{id}/photos');
    const stored = yoRc(dir);
    expect(stored.resources).toEqual([
      {
        name: 'pet',
        fields:
          'name:string(80), status:enum(available,pending,sold), tags:string(30)[], birth_date:date?, weight_kg:number?, vaccinated:boolean?, microchip:integer?, last_seen:datetime?',
      },
      { name: 'owner', fields: 'full_name:string(120), email:string(254), phone:string(32)?, member_since:date?, vip:boolean?' },
    ]);
    // Only the operations the document declares: the owners' create, not the four it leaves out.
    expect(
      stored.routes.filter((r: { resource?: string; kind: string }) => r.resource === 'owner' && r.kind !== 'custom').map((r: { name: string }) => r.name),
    ).toEqual(['create-owner']);
    const custom = stored.routes.filter((r: { kind: string }) => r.kind === 'custom');
    expect(custom).toEqual([
      {
        name: 'list-pet-photos',
        method: 'GET',
        path: '/pets/{id}/photos',
        kind: 'custom',
        resource: 'pet',
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
      },
      {
        name: 'upload-pet-photo',
        method: 'POST',
        path: '/pets/{id}/photos',
        kind: 'custom',
        resource: 'pet',
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        declared: { request: { type: 'object', properties: { url: { type: 'string' } } } },
      },
      { name: 'get-inventory', method: 'GET', path: '/store/inventory', kind: 'custom', actions: [] },
    ]);
    // The workspace's contract has every operation of the document but the one left out, under the
    // workspace's names, and nothing else but the health route.
    const contract = parseYaml(readFileSync(path.join(dir, 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, any>> };
    const document = parseYaml(readFileSync(PETSTORE, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const operations = (paths: Record<string, Record<string, unknown>>) =>
      Object.entries(paths)
        .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p.replace(/\{[^}]+\}/g, '{}')}`))
        .sort();
    expect(operations(contract.paths)).toEqual([...operations(document.paths).filter((o) => o !== 'GET /owners/{}/pets'), 'GET /health'].sort());
    // A nested route answers 404 under a pet that does not exist.
    expect(Object.keys(contract.paths['/pets/{id}/photos']!.get.responses)).toContain('404');
    expect(contract.paths['/pets/{id}/photos']!.post.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: { url: { type: 'string' } },
    });
    expect(readFileSync(path.join(dir, 'shared/src/pet.rs'), 'utf8')).toContain('pub status: PetStatus,');
    expect(readFileSync(path.join(dir, 'template.yaml'), 'utf8')).toContain('/pets/{id}/photos');

    const after = snapshot(dir);
    const again = await cli(dir, 'import', PETSTORE, ...except);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout).toBe(`shop has every operation of ${PETSTORE} already: nothing to change.`);
    expect(snapshot(dir)).toEqual(after);
  });

  it('holds documents of others (3.0 and 3.1) to what they declare: what a function cannot answer is listed, and what is imported keeps its statuses, answers, bodies and parameters', async () => {
    const doc = (file: string) => path.join(THIRD_PARTY, file);
    const refusals: [string, string[]][] = [
      [
        'oai-petstore-expanded-3.0.yaml',
        [
          '  GET /pets: it declares an array; the generated list function answers 200 with a page, {"items": [...], "next": "..."}',
          '  POST /pets: it declares 200; the generated create function answers 201 with the new item (with its Location and ETag)',
          '  GET /pets/{id}: its {id} is an integer; the ids of a resource here are UUIDs (strings)',
          '  DELETE /pets/{id}: its {id} is an integer; the ids of a resource here are UUIDs (strings)',
        ],
      ],
      ['oai-petstore-3.0.yaml', ['  GET /pets: it declares an array; the generated list function answers 200 with a page, {"items": [...], "next": "..."}']],
      ['oai-learn-tictactoe-3.1.yaml', ['  PUT /board/{row}/{column}: it declares the successes 200 and 202: a function here answers one']],
      [
        'oai-link-example-3.0.yaml',
        ['  GET /2.0/repositories/{username}/{slug}/pullrequests: function name "get-2-0-repository-pullrequests" is 31 characters long; the limit is 30'],
      ],
    ];
    const dir = await workspace('--iac', 'terraform', '--no-resource');
    const before = snapshot(dir);
    for (const [file, lines] of refusals) {
      const result = await cli(dir, 'import', doc(file));
      expect(result.exitCode, file).toBe(1);
      expect(result.stderr.trim().split('\n'), file).toEqual([
        `Error: ${doc(file)}: ${lines.length} operation${lines.length === 1 ? '' : 's'} cannot be imported as declared, so nothing was written (leave one out on purpose with --except 'METHOD /path'):`,
        ...lines,
      ]);
    }
    expect(snapshot(dir)).toEqual(before);
    const unknown = await cli(dir, 'import', doc('oai-petstore-3.0.yaml'), '--except', 'GET /cats');
    expect(unknown.stderr.trim()).toBe(`Error: --except GET /cats: not an operation of ${doc('oai-petstore-3.0.yaml')}`);

    // Left out on purpose, the rest imports: the petstore's pet with the two CRUD routes it declares.
    for (const [file, except] of [
      ['oai-petstore-3.0.yaml', 'get /pets'],
      ['oai-learn-tictactoe-3.1.yaml', 'PUT /board/{row}/{column}'],
      ['oai-link-example-3.0.yaml', 'GET /2.0/repositories/{username}/{slug}/pullrequests'],
      ['oai-learn-non-oauth-scopes-3.1.yaml', undefined],
    ] as const) {
      const result = await cli(dir, 'import', doc(file), ...(except ? ['--except', except] : []));
      expect(result.exitCode, `${file}: ${result.all}`).toBe(0);
    }
    const stored = yoRc(dir);
    expect(stored.routes.filter((r: { resource?: string }) => r.resource === 'pet').map((r: { name: string; path: string }) => `${r.name} ${r.path}`)).toEqual([
      'create-pet /pets',
      'get-pet /pets/{id}',
    ]);
    // Each imported route's success in the workspace's contract is the document's: its status, and
    // its answer's schema with the document's references resolved.
    const contract = parseYaml(readFileSync(path.join(dir, 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, any>> };
    const tictactoe = parseYaml(readFileSync(doc('oai-learn-tictactoe-3.1.yaml'), 'utf8')) as any;
    const square = contract.paths['/board/{row}/{column}']!.get;
    expect(square.responses['200'].content['application/json'].schema).toEqual(tictactoe.components.schemas.mark);
    expect(square.parameters.map((p: { name: string; schema: unknown }) => [p.name, p.schema])).toEqual([
      ['row', tictactoe.components.schemas.coordinate],
      ['column', tictactoe.components.schemas.coordinate],
    ]);
    expect(contract.paths['/board']!.get.responses['200'].content['application/json'].schema.properties.board.items.items).toEqual(
      tictactoe.components.schemas.mark,
    );
    const merge = contract.paths['/2.0/repositories/{username}/{slug}/pullrequests/{pid}/merge']!.post;
    expect(Object.keys(merge.responses).filter((s) => s.startsWith('2'))).toEqual(['204']);
    expect(merge.requestBody).toBeUndefined();
    const repositories = contract.paths['/2.0/repositories/{username}']!.get.responses['200'].content['application/json'].schema;
    expect(repositories.type).toBe('array');
    // The functions answer as declared until written: 204 and nothing, an empty list, the declared status.
    expect(readFileSync(path.join(dir, 'lambdas/merge-pull-request/src/handler.rs'), 'utf8')).toContain('Ok(empty_response(StatusCode::NO_CONTENT))');
    expect(readFileSync(path.join(dir, 'lambdas/get-repositories-by-owner/src/handler.rs'), 'utf8')).toContain('Ok(json_response(StatusCode::OK, &json!([])))');
    const petstore = parseYaml(readFileSync(doc('oai-petstore-3.0.yaml'), 'utf8')) as any;
    expect(Object.keys(petstore.paths['/pets'].post.responses)).toContain('201');
    expect(Object.keys(contract.paths['/pets']!.post.responses)).toContain('201');
  });

  it('refuses a document it cannot map whole, listing each operation and why, and writes nothing', async () => {
    const dir = await workspace('--iac', 'terraform');
    const doc = {
      openapi: '3.1.0',
      info: { title: 'x', version: '1' },
      paths: {
        '/orders': {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { address: { type: 'object' } } } } } },
            responses: {},
          },
        },
        '/carts': {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { itemCount: { type: 'integer' } } } } } },
            responses: {},
          },
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
      `Error: ${file}: 4 operations cannot be imported as declared, so nothing was written (leave one out on purpose with --except 'METHOD /path'):`,
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

  it('refuses a resource the workspace has with other fields, and writes nothing', async () => {
    const dir = await workspace('--iac', 'cdk');
    const doc = {
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: {
        '/items': {
          post: {
            requestBody: {
              content: { 'application/json': { schema: { type: 'object', required: ['title'], properties: { title: { type: 'string', maxLength: 40 } } } } },
            },
            responses: { '201': { description: 'Created' } },
          },
        },
      },
    };
    const file = path.join(dir, '..', 'items.yaml');
    writeFileSync(file, JSON.stringify(doc));
    const before = snapshot(dir);
    const result = await cli(dir, 'import', file);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n').slice(1)).toEqual([
      '  POST /items: the resource item exists already, with other fields (name:string(200), description:string(2000)?)',
    ]);
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
