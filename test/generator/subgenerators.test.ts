import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, snapshot } from '../helpers/fs.js';
import { CLI } from '../helpers/generators.js';

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

/** A fresh workspace of a flavour, generated once per flavour and copied per test. */
const templates: Record<string, string> = {};
async function workspace(iac: 'cdk' | 'sam' | 'terraform', api: 'http' | 'rest' = 'http'): Promise<string> {
  const key = `${iac}-${api}`;
  if (!templates[key]) {
    const dir = mkdtempSync(path.join(tmpdir(), `sa-sub-${key}-`));
    const result = await cli(dir, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', iac, '--api', api);
    expect(result.exitCode, result.all).toBe(0);
    templates[key] = path.join(dir, 'shop');
  }
  const copy = mkdtempSync(path.join(tmpdir(), `sa-sub-copy-`));
  await execa('cp', ['-r', templates[key]!, copy]);
  return path.join(copy, 'shop');
}

const yoRc = (dir: string) => JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'];

describe('serverless-api route', () => {
  it('adds a function with path parameters and table access, from a subfolder of the workspace', async () => {
    const dir = await workspace('cdk');
    const result = await cli(path.join(dir, 'lambdas'), 'route', 'GET', '/orders/{orderId}', '--resource', 'item', '--access', 'read', '--yes');
    expect(result.exitCode, result.all).toBe(0);
    const files = listFiles(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        'lambdas/get-order/Cargo.toml',
        'lambdas/get-order/src/main.rs',
        'lambdas/get-order/src/handler.rs',
        'lambdas/get-order/events/ok.json',
      ]),
    );
    expect(yoRc(dir).routes.at(-1)).toEqual({
      name: 'get-order',
      method: 'GET',
      path: '/orders/{orderId}',
      kind: 'custom',
      resource: 'item',
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
    });
    const handler = readFileSync(path.join(dir, 'lambdas/get-order/src/handler.rs'), 'utf8');
    expect(handler).toContain('let order_id = path_param(event, "orderId")?;');
    const manifest = readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8');
    expect(manifest).toContain("name: 'get-order'");
    const router = (parseToml(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')) as any).workspace.metadata.lambda.watch.router;
    expect(router).toContainEqual({ path: '/orders/{orderId}', methods: ['GET'], function: 'get-order' });
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/^\| `GET` +\| `\/orders\/\{orderId\}` +\| `get-order` +\|/m);
  });

  it("under a resource's item, reads that table by default and answers 404 under an item that does not exist; --access none keeps it off the table", async () => {
    const dir = await workspace('sam');
    const result = await cli(dir, 'route', 'GET', '/items/{id}/notes', '--yes');
    expect(result.exitCode, result.all).toBe(0);
    expect(yoRc(dir).routes.at(-1)).toEqual({
      name: 'get-item-notes',
      method: 'GET',
      path: '/items/{id}/notes',
      kind: 'custom',
      resource: 'item',
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
    });
    const events = listFiles(path.join(dir, 'lambdas/get-item-notes/events')).sort();
    expect(events).toEqual(['invalid-id.json', 'not-found.json', 'ok.json']);
    const handler = readFileSync(path.join(dir, 'lambdas/get-item-notes/src/handler.rs'), 'utf8');
    expect(handler).toContain('let id = parse_id::<Item>(path_param(event, "id")?)?;');
    expect(handler).toContain('if store.get(&id).await?.is_none() {');
    expect(handler).toContain('async fn answers_each_sample_event_with_its_status()');
    expect(handler).toContain('("not-found", include_str!("../events/not-found.json"), 404),');
    const doc = readFileSync(path.join(dir, 'openapi.yaml'), 'utf8');
    const operation = doc.slice(doc.indexOf('operationId: get-item-notes'), doc.indexOf('security:', doc.indexOf('operationId: get-item-notes')));
    expect(operation).toContain('format: uuid');
    expect(operation).toContain("'404':");
    // Told otherwise, it is a route of its own without the table.
    const own = await cli(dir, 'route', 'GET', '/items/{id}/history', '--access', 'none', '--yes');
    expect(own.exitCode, own.all).toBe(0);
    expect(yoRc(dir).routes.at(-1)).toEqual({ name: 'get-item-history', method: 'GET', path: '/items/{id}/history', kind: 'custom', actions: [] });
    expect(listFiles(path.join(dir, 'lambdas/get-item-history/events'))).toEqual(['ok.json']);
  });

  it('changes nothing when run twice', async () => {
    const dir = await workspace('cdk');
    const args = ['route', 'POST', '/webhooks/stripe', '--name', 'stripe-webhook', '--yes'];
    expect((await cli(dir, ...args)).exitCode).toBe(0);
    const before = snapshot(dir);
    const again = await cli(dir, ...args);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toContain('nothing to change');
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    [['route', 'GET', '/items/{itemId}'], 'already exists as GET /items/{id} (function "get-item")'],
    [['route', 'GET', '/other', '--name', 'get-item'], 'a function named "get-item" already exists (GET /items/{id})'],
    [['route', 'GET', '/a//b'], 'empty segment'],
    [['route', 'GET', '/{}'], 'empty or unclosed parameter'],
    [['route', 'GET', '/{id}/{id}'], 'repeats the parameter {id}'],
    [['route', 'GET', 'orders'], 'must start with "/"'],
    [['route', 'GET', '/orders?x=1'], 'characters API Gateway rejects'],
    [['route', 'FETCH', '/orders'], 'method must be one of GET, POST, PUT, PATCH, DELETE'],
    [['route', 'GET', '/orders', '--resource', 'order', '--access', 'read'], '--resource order is not a resource of this workspace'],
    [['route', 'GET', '/orders', '--resource', 'item'], '--resource item needs --access'],
    [['route', 'GET', '/orders', '--access', 'read'], '--access read needs --resource'],
    [['route', 'GET', '/orders', '--name', 'match'], 'Rust keyword'],
    [['route', 'GET', '/orders', '--name', 'shared'], 'reserved'],
    [['route', 'GET', '/orders', '--memory', '64'], 'memory must be from 128 to 10240 MB'],
    [['route', 'GET'], 'give the METHOD and PATH'],
    [['resource', 'item'], 'nothing to change'],
    [['resource', 'Bad'], 'is not a valid resource name'],
    [['resource', 'data'], 'must be singular'],
  ])('%j: refused with a message, workspace byte-identical', async (args, message) => {
    const dir = await workspace('cdk');
    const before = snapshot(dir);
    const result = await cli(dir, ...args, '--yes');
    expect(result.all).toContain(message);
    if (!message.includes('nothing to change')) {
      expect(result.exitCode).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses outside a workspace, writing nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sa-outside-'));
    const result = await cli(dir, 'route', 'GET', '/orders', '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('not inside a workspace of generator-serverless-api');
    expect(listFiles(dir)).toEqual([]);
  });

  it('merges the addition into a generator-owned file the user edited elsewhere (git merge-file), keeping the edit', async () => {
    const dir = await workspace('cdk');
    const manifest = path.join(dir, 'infra/lib/manifest.ts');
    const edited = readFileSync(manifest, 'utf8').replace('export const manifest', '// Reviewed by the platform team.\nexport const manifest');
    writeFileSync(manifest, `${edited}// mine\n`);
    const result = await cli(dir, 'route', 'GET', '/orders', '--yes');
    expect(result.exitCode, result.all).toBe(0);
    const text = readFileSync(manifest, 'utf8');
    expect(text).toContain('// Reviewed by the platform team.\nexport const manifest');
    expect(text.endsWith('// mine\n')).toBe(true);
    expect(text).toContain("{ name: 'get-orders', method: 'GET', path: '/orders', actions: [] },");
    expect(text).not.toMatch(/^(<<<<<<<|>>>>>>>)/m);
    // A second addition merges again, from what the generator wrote before it.
    expect((await cli(dir, 'route', 'DELETE', '/orders', '--yes')).exitCode).toBe(0);
    expect(readFileSync(manifest, 'utf8')).toMatch(/Reviewed by the platform team[\s\S]*'get-orders'[\s\S]*'delete-orders'[\s\S]*\/\/ mine\n$/);
  });

  it("stops when the user's edit and the addition touch the same lines, naming the file; nothing is written", async () => {
    const dir = await workspace('cdk');
    const manifest = path.join(dir, 'infra/lib/manifest.ts');
    const text = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, text.replace("actions: ['dynamodb:DeleteItem'] },", "actions: ['dynamodb:DeleteItem'], memorySize: 512 },"));
    expect(readFileSync(manifest, 'utf8')).not.toBe(text);
    const before = snapshot(dir);
    const result = await cli(dir, 'route', 'GET', '/orders', '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(
      "Error: your edits and this change touch the same lines of infra/lib/manifest.ts (1 region). Nothing was written. Move your edit away from the generated lines (or into a file of your own), or run again with --force to replace the file with the generator's version.",
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses rather than overwrites the user's edit when git, which merges it, cannot be run; nothing is written", async () => {
    const dir = await workspace('cdk');
    const manifest = path.join(dir, 'infra/lib/manifest.ts');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}// mine\n`);
    // A PATH with the tools the addition runs (node, rustfmt) but no git.
    const bin = mkdtempSync(path.join(tmpdir(), 'sa-nogit-'));
    for (const tool of ['node', 'rustfmt']) {
      const found = (await execa('which', [tool])).stdout.trim();
      symlinkSync(found, path.join(bin, tool));
    }
    const before = snapshot(dir);
    const result = await execa(path.join(bin, 'node'), [CLI, 'route', 'GET', '/orders', '--yes'], {
      cwd: dir,
      reject: false,
      all: true,
      stdin: 'ignore',
      env: { NO_COLOR: '1', PATH: bin },
    });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Error: git is needed to merge your edits of infra/lib/manifest.ts (git merge-file); install git and run again. Nothing was written',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a new function's file that exists already outside .yo-rc.json, naming it; nothing is written", async () => {
    const dir = await workspace('terraform');
    mkdirSync(path.join(dir, 'lambdas/get-orders'), { recursive: true });
    writeFileSync(path.join(dir, 'lambdas/get-orders/Cargo.toml'), '# a crate of ours\n');
    const before = snapshot(dir);
    const result = await cli(dir, 'route', 'GET', '/orders', '--yes');
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stderr.trim()).toBe('Error: lambdas/get-orders/Cargo.toml exists already; remove it or choose another --name');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--force overwrites a generator-owned file the user changed, and adds the route', async () => {
    const dir = await workspace('cdk');
    const manifest = path.join(dir, 'infra/lib/manifest.ts');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}// mine\n`);
    const result = await cli(dir, 'route', 'GET', '/orders', '--yes', '--force');
    expect(result.exitCode, result.all).toBe(0);
    const text = readFileSync(manifest, 'utf8');
    expect(text).not.toContain('// mine');
    expect(text).toContain("name: 'get-orders'");
    expect(listFiles(dir)).toContain('lambdas/get-orders/src/handler.rs');
  });

  it.each(['cdk', 'sam', 'terraform'] as const)('--dry-run in %s lists what it would change, and writes nothing', async (iac) => {
    const dir = await workspace(iac);
    const before = snapshot(dir);
    const result = await cli(dir, 'route', 'GET', '/orders/{orderId}', '--resource', 'item', '--access', 'read', '--yes', '--dry-run');
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('create lambdas/get-order/src/handler.rs');
    expect(result.all).toMatch(/force\s+Cargo\.toml/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('keeps a comment in the CDK stack, which it never rewrites', async () => {
    const dir = await workspace('cdk');
    const stack = path.join(dir, 'infra/lib/api-stack.ts');
    const edited = readFileSync(stack, 'utf8').replace('export class ApiStack', '// Our team owns this stack.\nexport class ApiStack');
    writeFileSync(stack, edited);
    expect((await cli(dir, 'route', 'GET', '/orders', '--yes')).exitCode).toBe(0);
    expect(readFileSync(stack, 'utf8')).toBe(edited);
  });

  it('keeps comments and edits in the SAM template when it adds a function', async () => {
    const dir = await workspace('sam');
    const file = path.join(dir, 'template.yaml');
    const edited = readFileSync(file, 'utf8')
      .replace('Resources:\n', 'Resources:\n  # Our alarms live in alarms.yaml.\n')
      .replace('RetentionInDays: 30', 'RetentionInDays: 90 # compliance');
    writeFileSync(file, edited);
    const result = await cli(dir, 'route', 'GET', '/orders/{orderId}', '--resource', 'item', '--access', 'read', '--yes');
    expect(result.exitCode, result.all).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('  # Our alarms live in alarms.yaml.\n');
    expect(after).toContain('RetentionInDays: 90 # compliance');
    expect(after).toContain('GetOrderFunction:');
    expect(after.startsWith(edited.split('\n  GetOrder')[0]!.slice(0, 200))).toBe(true);
  });

  it('adds a Terraform file per route and leaves the others as they are', async () => {
    const dir = await workspace('terraform', 'rest');
    const before = snapshot(dir);
    const result = await cli(dir, 'route', 'PATCH', '/items/{id}/tags', '--resource', 'item', '--access', 'write', '--yes');
    expect(result.exitCode, result.all).toBe(0);
    const after = snapshot(dir);
    const changed = Object.keys(after)
      .filter((f) => after[f] !== before[f])
      .sort();
    expect(changed).toEqual(
      [
        '.yo-rc.json',
        'Cargo.toml',
        'README.md',
        'infra/api_paths.tf',
        'infra/route_patch_item_tags.tf',
        'openapi.yaml',
        ...listFiles(path.join(dir, 'lambdas/patch-item-tags')).map((f) => `lambdas/patch-item-tags/${f}`),
      ].sort(),
    );
  });
});

describe('the generated README', () => {
  it('its "Add a route" commands work as written, and the route table then lists the queue consumer', async () => {
    const dir = await workspace('cdk');
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const commands = readme
      .split('\n')
      .filter((line) => line.startsWith('yo serverless-api:'))
      .map((line) => line.replace(/^yo serverless-api:(\w+)/, '$1'));
    expect(commands).toHaveLength(3);
    for (const command of commands) {
      // The shell's own word splitting, quotes included.
      const args = (await execa('bash', ['-c', `printf '%s\\0' ${command}`])).stdout.split('\0').filter(Boolean);
      const result = await cli(dir, ...args);
      expect(result.exitCode, `${command}\n${result.all}`).toBe(0);
    }
    expect(yoRc(dir).routes.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['get-history', 'list-orders']));
    expect(yoRc(dir).functions.map((f: { name: string }) => f.name)).toEqual(['process-messages']);
    const updated = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(updated).toMatch(
      /^\| `process-messages` +\| SQS, its own queue \(and dead-letter queue\), batches of up to 10 +\| stores each message of its queue as an item\. +\| item: PutItem, UpdateItem, DeleteItem +\|$/m,
    );
    expect(updated).toContain(
      'cargo lambda invoke process-messages --data-file lambdas/process-messages/events/poison-message.json   # a message that is not JSON among good ones: only it fails',
    );
  });
});

describe('serverless-api resource', () => {
  beforeAll(async () => {
    await workspace('cdk');
  });

  it('adds a table and its five CRUD functions, named from the plural', async () => {
    const dir = await workspace('cdk');
    const result = await cli(dir, 'resource', 'category', '--yes');
    expect(result.exitCode, result.all).toBe(0);
    const stored = yoRc(dir);
    expect(stored.resources).toEqual([{ name: 'item' }, { name: 'category' }]);
    expect(stored.routes.slice(-5).map((r: { name: string }) => r.name)).toEqual([
      'create-category',
      'get-category',
      'list-categories',
      'update-category',
      'delete-category',
    ]);
    expect(listFiles(dir)).toEqual(expect.arrayContaining(['shared/src/category.rs', 'lambdas/list-categories/src/handler.rs']));
    expect(readFileSync(path.join(dir, 'shared/src/lib.rs'), 'utf8')).toContain('pub mod category;');
    expect(readFileSync(path.join(dir, 'Makefile'), 'utf8')).toContain('CATEGORIES_TABLE_NAME=shop-categories');
  });

  it('--fields gives the resource its own fields: its module, sample events and openapi.yaml follow; a bad field or other fields for an existing resource change nothing', async () => {
    const dir = await workspace('sam');
    const result = await cli(dir, 'resource', 'book', '--fields', 'title:string(120), pages:integer?, status:enum(draft,live), tags:string[]', '--yes');
    expect(result.exitCode, result.all).toBe(0);
    expect(yoRc(dir).resources.find((r: { name: string }) => r.name === 'book').fields).toBe(
      'title:string(120), pages:integer?, status:enum(draft,live), tags:string[]',
    );
    const module = readFileSync(path.join(dir, 'shared/src/book.rs'), 'utf8');
    expect(module).toContain('pub pages: Option<i64>,');
    expect(module).toContain('pub status: BookStatus,');
    expect(module).toContain('pub type DynamoBookStore = store::DynamoStore<Book>;');
    // The starter resource keeps its default fields.
    expect(readFileSync(path.join(dir, 'shared/src/item.rs'), 'utf8')).toContain('pub description: Option<String>,');
    const ok = JSON.parse(readFileSync(path.join(dir, 'lambdas/create-book/events/ok.json'), 'utf8'));
    expect(JSON.parse(ok.body)).toEqual({ title: 'title one', pages: 42, status: 'draft', tags: ['tags one'] });
    expect(listFiles(dir)).toEqual(
      expect.arrayContaining([
        'lambdas/create-book/events/invalid-status.json',
        'lambdas/create-book/events/missing-title.json',
        'lambdas/create-book/events/wrong-type-tags.json',
      ]),
    );
    const openapi = readFileSync(path.join(dir, 'openapi.yaml'), 'utf8');
    expect(openapi).toContain('  /books/{id}:');
    expect(openapi).toContain('    BookInput:');

    const before = snapshot(dir);
    for (const [args, message] of [
      [['resource', 'author', '--fields', 'name:string, type:string'], 'Error: --fields: field "type" is a Rust keyword; choose another name'],
      [
        ['resource', 'author', '--fields', 'born:when'],
        'Error: --fields: field "born": unknown type "when" (one of string, integer, number, boolean, date, datetime, enum)',
      ],
      [
        ['resource', 'book', '--fields', 'title:string'],
        'Error: the resource book exists already, with other fields, index or sort key (title:string(120), pages:integer?, status:enum(draft,live), tags:string[]); change them in shared/src/book.rs',
      ],
    ] as const) {
      const refused = await cli(dir, ...args, '--yes');
      expect(refused.exitCode, args.join(' ')).toBe(1);
      expect(refused.stderr.trim()).toBe(message);
      expect(snapshot(dir)).toEqual(before);
    }
    const again = await cli(dir, 'resource', 'book', '--fields', 'title:string(120),pages:integer?,status:enum(draft,live),tags:string[]', '--yes');
    expect(again.exitCode, again.all).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each(['cdk', 'sam', 'terraform'] as const)(
    '--index gives the table an index, the list route a query of it and the grant of it (%s); a bad index changes nothing',
    async (iac) => {
      const dir = await workspace(iac);
      const result = await cli(dir, 'resource', 'book', '--fields', 'title:string(120), author:string(80), pages:integer?', '--index', 'author:title', '--yes');
      expect(result.exitCode, result.all).toBe(0);
      expect(yoRc(dir).resources.find((r: { name: string }) => r.name === 'book').index).toEqual({ partition: 'author', sort: 'title' });
      expect(yoRc(dir).routes.find((r: { name: string }) => r.name === 'list-books').actions).toEqual(['dynamodb:Query', 'dynamodb:Scan']);
      expect(readFileSync(path.join(dir, 'shared/src/book.rs'), 'utf8')).toContain('partition: "author",');
      expect(listFiles(dir)).toContain('lambdas/list-books/events/by-author.json');
      const iacText = {
        cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
        sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
        terraform: () => readFileSync(path.join(dir, 'infra/table_books.tf'), 'utf8') + readFileSync(path.join(dir, 'infra/route_list_books.tf'), 'utf8'),
      }[iac]();
      const expected = {
        cdk: ["index: { name: 'by-author', partitionKey: 'author', sortKey: 'title' }"],
        sam: ['IndexName: by-author', '- !Sub ${BooksTable.Arn}/index/*'],
        terraform: ['name            = "by-author"', 'range_key       = "title"', '"${aws_dynamodb_table.books.arn}/index/*"'],
      }[iac];
      for (const text of expected) expect(iacText).toContain(text);
      const before = snapshot(dir);
      for (const [args, message] of [
        [
          ['resource', 'shelf', '--fields', 'label:string, size:integer', '--index', 'size'],
          'Error: --index: field "size" cannot be an index key: partition keys are string, date, datetime or enum fields, not arrays',
        ],
        [['resource', 'shelf', '--index', 'title'], 'Error: --index: "title" is not a field of the resource (name, description)'],
        [
          ['resource', 'book', '--fields', 'title:string(120), author:string(80), pages:integer?', '--index', 'author'],
          'Error: the resource book exists already, with other fields, index or sort key (title:string(120), author:string(80), pages:integer?; index author:title); change them in shared/src/book.rs',
        ],
      ] as const) {
        const refused = await cli(dir, ...args, '--yes');
        expect(refused.exitCode, args.join(' ')).toBe(1);
        expect(refused.stderr.trim()).toBe(message);
        expect(snapshot(dir)).toEqual(before);
      }
    },
  );

  it('refuses an index a CDK stack without indexes would not deploy, naming render; nothing is written', async () => {
    const dir = await workspace('cdk');
    const stack = path.join(dir, 'infra/lib/api-stack.ts');
    writeFileSync(stack, readFileSync(stack, 'utf8').replace(/\n {6}\/\/ The index the list route[\s\S]*?\n {6}\}\n/, '\n'));
    expect(readFileSync(stack, 'utf8')).not.toContain('addGlobalSecondaryIndex');
    const before = snapshot(dir);
    const refused = await cli(dir, 'resource', 'book', '--index', 'name', '--yes');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe(
      "Error: infra/lib/api-stack.ts has no addGlobalSecondaryIndex (edited, or older than indexes), so the index of book would not be deployed. Add it as the generator's stack does (`serverless-api render --out <folder>` writes that stack), or add the resource without --index",
    );
    expect(snapshot(dir)).toEqual(before);
    expect((await cli(dir, 'resource', 'book', '--yes')).exitCode).toBe(0);
  });

  it.each(['cdk', 'sam', 'terraform'] as const)(
    '--sort-key gives the table a sorted index the list route queries instead of scanning, and the grant of it (%s); a bad sort key changes nothing',
    async (iac) => {
      const dir = await workspace(iac);
      const fields = 'title:string(120), released:date, at:datetime, pages:integer?, tags:string[], note:string?';
      const result = await cli(dir, 'resource', 'book', '--fields', fields, '--sort-key', 'released:desc', '--yes');
      expect(result.exitCode, result.all).toBe(0);
      expect(yoRc(dir).resources.find((r: { name: string }) => r.name === 'book').sortKey).toEqual({ field: 'released', descending: true });
      expect(yoRc(dir).routes.find((r: { name: string }) => r.name === 'list-books').actions).toEqual(['dynamodb:Query']);
      expect(readFileSync(path.join(dir, 'shared/src/book.rs'), 'utf8')).toContain(
        'const SORT_KEY: Option<store::SortKey> = Some(store::SortKey {\n        name: "sorted-by-released",\n        field: "released",\n        descending: true,',
      );
      expect(readFileSync(path.join(dir, 'openapi.yaml'), 'utf8')).toContain(
        'A page of books, in descending order of released (from the index sorted-by-released)',
      );
      const iacText = {
        cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
        sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
        terraform: () => readFileSync(path.join(dir, 'infra/table_books.tf'), 'utf8') + readFileSync(path.join(dir, 'infra/route_list_books.tf'), 'utf8'),
      }[iac]();
      const expected = {
        cdk: ["sorted: { name: 'sorted-by-released', partitionKey: '_list', sortKey: 'released' }"],
        sam: ['IndexName: sorted-by-released', '- AttributeName: _list', '- !Sub ${BooksTable.Arn}/index/*'],
        terraform: [
          'name            = "sorted-by-released"',
          'hash_key        = "_list"',
          'range_key       = "released"',
          '"${aws_dynamodb_table.books.arn}/index/*"',
        ],
      }[iac];
      for (const text of expected) expect(iacText).toContain(text);
      // A number sort key is a DynamoDB number, in the index that sorts the list and in one of an index.
      const ranked = await cli(
        dir,
        'resource',
        'player',
        '--fields',
        'team:string, score:integer',
        '--index',
        'team:score',
        '--sort-key',
        'score:desc',
        '--yes',
      );
      expect(ranked.exitCode, ranked.all).toBe(0);
      expect(readFileSync(path.join(dir, 'shared/src/player.rs'), 'utf8')).toMatch(/sort_is_number: true,[\s\S]*is_number: true,/);
      const numbered = {
        cdk: () => [readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'), "sortKey: 'score', numericSortKey: true"],
        sam: () => [readFileSync(path.join(dir, 'template.yaml'), 'utf8'), '- AttributeName: score\n          AttributeType: N'],
        terraform: () => [readFileSync(path.join(dir, 'infra/table_players.tf'), 'utf8'), '    name = "score"\n    type = "N"'],
      }[iac]();
      expect(numbered[0]).toContain(numbered[1]);
      const before = snapshot(dir);
      const again = await cli(dir, 'resource', 'book', '--fields', fields, '--sort-key', 'released:desc', '--yes');
      expect(again.exitCode, again.all).toBe(0);
      expect(snapshot(dir)).toEqual(before);
      for (const [args, message] of [
        [
          ['resource', 'shelf', '--fields', fields, '--sort-key', 'note'],
          'Error: --sort-key: field "note" cannot be a sort key: it is optional, and a record without it would be missing from the list (drop the ?)',
        ],
        [
          ['resource', 'shelf', '--fields', fields, '--sort-key', 'at'],
          'Error: --sort-key: field "at" cannot be a sort key: date-times with other offsets or fractions of a second do not sort as text (DynamoDB\'s order); sort by a date, or a string the client writes in one form',
        ],
        [
          ['resource', 'shelf', '--fields', fields, '--sort-key', 'tags'],
          'Error: --sort-key: field "tags" cannot be a sort key: sort keys are string, date, enum, integer or number fields, not arrays',
        ],
        [
          ['resource', 'shelf', '--sort-key', 'name:up'],
          'Error: --sort-key: "name:up" is not a sort key: write field, field:asc or field:desc, e.g. "released:desc"',
        ],
        [
          ['resource', 'book', '--fields', fields, '--sort-key', 'released'],
          `Error: the resource book exists already, with other fields, index or sort key (${fields.replace(/, /g, ', ').replace('title:string(120)', 'title:string(120)')}; sort key released:desc); change them in shared/src/book.rs`,
        ],
      ] as const) {
        const refused = await cli(dir, ...args, '--yes');
        expect(refused.exitCode, args.join(' ')).toBe(1);
        expect(refused.stderr.trim()).toBe(message);
        expect(snapshot(dir)).toEqual(before);
      }
    },
  );

  it('refuses a sort key a CDK stack without sort keys would not deploy, naming render; nothing is written', async () => {
    const dir = await workspace('cdk');
    const stack = path.join(dir, 'infra/lib/api-stack.ts');
    writeFileSync(stack, readFileSync(stack, 'utf8').replace('[spec.index, spec.sorted]', '[spec.index]'));
    expect(readFileSync(stack, 'utf8')).not.toContain('spec.sorted');
    const before = snapshot(dir);
    const refused = await cli(dir, 'resource', 'book', '--sort-key', 'name', '--yes');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe(
      "Error: infra/lib/api-stack.ts never reads spec.sorted (edited, or older than sort keys), so the sorted index of book would not be deployed. Add it as the generator's stack does (`serverless-api render --out <folder>` writes that stack), or add the resource without --sort-key",
    );
    expect(snapshot(dir)).toEqual(before);
    expect((await cli(dir, 'resource', 'book', '--index', 'name', '--yes')).exitCode).toBe(0);
  });

  it('refuses a number sort key a CDK stack would deploy as a string, naming render; nothing is written', async () => {
    const dir = await workspace('cdk');
    const stack = path.join(dir, 'infra/lib/api-stack.ts');
    writeFileSync(stack, readFileSync(stack, 'utf8').replace('index.numericSortKey ? dynamodb.AttributeType.NUMBER : ', ''));
    expect(readFileSync(stack, 'utf8')).not.toContain('numericSortKey');
    const before = snapshot(dir);
    const refused = await cli(dir, 'resource', 'player', '--fields', 'team:string, score:integer', '--index', 'team:score', '--yes');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe(
      "Error: infra/lib/api-stack.ts never reads numericSortKey (edited, or older than number sort keys), so it would deploy the number sort key of player as a string. Add it as the generator's stack does (`serverless-api render --out <folder>` writes that stack), or sort by a string field",
    );
    expect(snapshot(dir)).toEqual(before);
    expect((await cli(dir, 'resource', 'player', '--fields', 'team:string, score:integer', '--index', 'team', '--yes')).exitCode).toBe(0);
  });

  it('adds under 110 lines of Rust to shared/ for a resource of six fields, in a workspace of five resources', async () => {
    const dir = await workspace('terraform');
    const fields = 'title:string(120), pages:integer?, price:number, published:boolean, tags:string[], status:enum(draft,live)';
    for (const name of ['author', 'shelf', 'review', 'loan']) expect((await cli(dir, 'resource', name, '--fields', fields, '--yes')).exitCode).toBe(0);
    expect(yoRc(dir).resources).toHaveLength(5);
    const rustLines = () =>
      listFiles(path.join(dir, 'shared'))
        .filter((f) => f.endsWith('.rs'))
        .reduce((n, f) => n + readFileSync(path.join(dir, 'shared', f), 'utf8').split('\n').length - 1, 0);
    const before = rustLines();
    expect((await cli(dir, 'resource', 'book', '--fields', fields, '--yes')).exitCode).toBe(0);
    const added = rustLines() - before;
    expect(added).toBeGreaterThan(0);
    // Per resource: its record, its enums, its body (read as openapi.yaml says: integers, nulls,
    // its byte limit) with its checks, its table's settings; the rest is the shared crate's.
    expect(added).toBeLessThan(110);
  });

  it('--dry-run lists the table and the five functions, and writes nothing', async () => {
    const dir = await workspace('terraform');
    const before = snapshot(dir);
    const result = await cli(dir, 'resource', 'category', '--yes', '--dry-run');
    expect(result.exitCode, result.all).toBe(0);
    for (const file of ['shared/src/category.rs', 'infra/table_categories.tf', 'infra/route_list_categories.tf', 'lambdas/delete-category/Cargo.toml']) {
      expect(result.all).toContain(`create ${file}`);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('stops on an edit of the lines the addition changes, naming the file, and --force overwrites it', async () => {
    const dir = await workspace('cdk');
    const lib = path.join(dir, 'shared/src/lib.rs');
    writeFileSync(lib, `${readFileSync(lib, 'utf8').replace('pub mod deadline;', 'pub mod deadline; // mine')}`);
    const before = snapshot(dir);
    const refused = await cli(dir, 'resource', 'category', '--yes');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('shared/src/lib.rs');
    expect(snapshot(dir)).toEqual(before);
    const forced = await cli(dir, 'resource', 'category', '--yes', '--force');
    expect(forced.exitCode, forced.all).toBe(0);
    expect(readFileSync(lib, 'utf8')).not.toContain('// mine');
    expect(readFileSync(lib, 'utf8')).toContain('pub mod category;');
  });
});
