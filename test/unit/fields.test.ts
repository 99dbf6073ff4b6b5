import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DEFAULTS } from '../../lib/answers.js';
import { storedFields, workspaceFromAnswers, workspaceFromStored, storedConfig } from '../../lib/config.js';
import {
  CREATED_BY_MAX,
  DEFAULT_FIELDS_SPEC,
  ITEM_MAX_BYTES,
  type Field,
  NOT_BLANK,
  badBodies,
  fieldSchema,
  fieldsOf,
  fieldsText,
  maxBodyBytes,
  parseFields,
  parseIndex,
  parseSortKey,
  rustCheck,
  sampleBody,
  validateFields,
} from '../../lib/fields.js';
import { renderUnformatted, sharedFiles } from '../../lib/files.js';
import { type WorkspaceConfig } from '../../lib/types.js';
import { buildModel } from '../../lib/model.js';
import { MAX_BODY_BYTES, MAX_IF_MATCH_TAGS, PAGE_SIZE, openApiDocument } from '../../lib/openapi.js';
import { REPO_ROOT } from '../helpers/generators.js';

/** A file of the workspace of `config`, rendered (unformatted). */
function renderedFile(config: WorkspaceConfig, file: string): string {
  const found = renderUnformatted(sharedFiles(buildModel(config))).find((f) => f.path === file);
  if (!found) throw new Error(`no ${file}`);
  return found.contents;
}

const BOOK =
  'title:string(120), pages:integer?, price:number, published:boolean, tags:string[], released:date, at:datetime?, status:enum(draft,live), scores:integer[]?';

describe('--fields', () => {
  it('reads every type, arrays and optional fields, and prints them back the same', () => {
    const fields = parseFields(BOOK);
    expect(fields).toEqual([
      { name: 'title', type: 'string', max: 120 },
      { name: 'pages', type: 'integer', optional: true },
      { name: 'price', type: 'number' },
      { name: 'published', type: 'boolean' },
      { name: 'tags', type: 'string', max: 1000, array: true },
      { name: 'released', type: 'date' },
      { name: 'at', type: 'datetime', optional: true },
      { name: 'status', type: 'enum', values: ['draft', 'live'] },
      { name: 'scores', type: 'integer', array: true, optional: true },
    ]);
    expect(fieldsText(fieldsOf(BOOK))).toBe(BOOK);
    expect(fieldsText(fieldsOf(' title : string(120) ,pages:integer ? '))).toBe('title:string(120), pages:integer?');
  });

  it('accepts DynamoDB reserved words (the store aliases every name) and refuses, in one line each, what cannot be a field', () => {
    expect(parseFields('name:string, status:string, size:integer, data:string?, comment:string')).not.toBeTypeOf('string');
    const refused: [string, string][] = [
      ['type:string', '"type" is a Rust keyword'],
      ['title:string, title:integer', '"title" is given twice'],
      ['title:text', 'unknown type "text"'],
      ['Title:string', 'names are snake_case'],
      ['id:string', 'given by the API to every item'],
      ['created_by:string', 'given by the API to every item'],
      ['title', 'is not a field'],
      ['title:string(0)', 'string(N) needs a length from 1 to 100000'],
      ['title:string(abc)', 'string(N) needs a length'],
      ['pages:integer(3)', 'integer takes no (...)'],
      ['status:enum', 'enum(a,b,...) needs values'],
      ['status:enum(Draft)', 'enum(a,b,...) needs values'],
      ['status:enum(a-b,a_b)', 'enum values must differ'],
      ['title:string,', 'an empty field between commas'],
      ['', 'give at least one field'],
    ];
    for (const [text, message] of refused) {
      const result = parseFields(text);
      expect(result, text).toBeTypeOf('string');
      expect(result, text).toContain(message);
      expect(String(result), text).not.toContain('\n');
    }
  });

  it('stores nothing for the default fields, and the canonical text for others; a stored text is checked when read', () => {
    expect(storedFields(undefined)).toBeUndefined();
    expect(storedFields(DEFAULT_FIELDS_SPEC)).toBeUndefined();
    expect(storedFields('name:string(200),description:string(2000)?')).toBeUndefined();
    expect(storedFields('title:string(120)')).toBe('title:string(120)');
    expect(() => storedFields('title:text')).toThrow('--fields: field "title": unknown type "text"');

    const config = workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', resource: 'book', fields: BOOK });
    expect(config.resources).toEqual([{ name: 'book', fields: BOOK }]);
    expect(workspaceFromStored(JSON.parse(JSON.stringify(storedConfig(config)))).resources).toEqual([{ name: 'book', fields: BOOK }]);
    const stored = storedConfig(config) as Record<string, Record<string, unknown>>;
    const tampered = (fields: unknown) => ({ 'generator-serverless-api': { ...stored['generator-serverless-api'], resources: [{ name: 'book', fields }] } });
    expect(() => workspaceFromStored(tampered('title:text'))).toThrow('.yo-rc.json: resource book: fields: field "title": unknown type "text"');
    expect(() => workspaceFromStored(tampered(['title:string']))).toThrow('resource book: fields: must be a --fields text');
    // The layout before resources were records (lib/migrations.ts): the same checks, by the old keys.
    const old = (fields: unknown) => ({ 'generator-serverless-api': { ...stored['generator-serverless-api'], resources: ['book'], fields } });
    expect(workspaceFromStored(old({ book: BOOK })).resources).toEqual([{ name: 'book', fields: BOOK }]);
    expect(() => workspaceFromStored(old({ book: 'title:text' }))).toThrow('.yo-rc.json: resource book: fields: field "title": unknown type "text"');
    expect(() => workspaceFromStored(old({ order: 'title:string' }))).toThrow('fields.order: not a resource of the workspace');
    expect(() => workspaceFromStored(old(['title:string']))).toThrow('fields must map resources to their fields');
  });

  it('checks each value in Rust by its type: strings, dates and date-times by a function of the shared crate, arrays per element', () => {
    const [title, pages, , , tags, released, at, , scores] = fieldsOf(BOOK);
    expect(rustCheck(title!)).toBe('fields::text("title", self.title, 120)?');
    expect(rustCheck(pages!)).toBe('self.pages');
    expect(rustCheck(tags!)).toBe('fields::each("tags", self.tags, |v| fields::text("tags", v, 1000))?');
    expect(rustCheck(released!)).toBe('fields::date("released", self.released)?');
    expect(rustCheck(at!)).toBe('self.at.map(|v| fields::datetime("at", v)).transpose()?');
    expect(rustCheck(scores!)).toBe('self\n                .scores\n                .map(|v| fields::each("scores", v, Ok))\n                .transpose()?');
  });

  it('has a valid sample of every field for a create, the required ones for an update, and bad bodies that each break one field', () => {
    const fields = fieldsOf(BOOK);
    const create = sampleBody(fields, 0);
    expect(Object.keys(create)).toEqual(fields.map((f) => f.name));
    expect(Object.keys(sampleBody(fields, 1))).toEqual(fields.filter((f) => !f.optional).map((f) => f.name));
    const bad = badBodies(fields);
    const names = bad.map((b) => b.name);
    for (const f of fields) {
      expect(names, f.name).toContain(`wrong-type-${f.name}`);
      if (!f.optional) expect(names, f.name).toContain(`missing-${f.name}`);
    }
    expect(names).toEqual(expect.arrayContaining(['invalid-title', 'invalid-pages', 'invalid-released', 'invalid-at', 'invalid-status', 'invalid-tags']));
    for (const b of bad) {
      const changed = Object.keys({ ...create, ...b.body }).filter((k) => JSON.stringify(b.body[k]) !== JSON.stringify(create[k]));
      expect(changed, b.name).toHaveLength(1);
    }
  });
});

describe('--index', () => {
  it('takes a string, date, datetime or enum field, and another as its sort key; refuses anything else in one line', () => {
    const fields = fieldsOf(BOOK);
    expect(parseIndex('status', fields)).toEqual({ partition: 'status' });
    expect(parseIndex(' title : released ', fields)).toEqual({ partition: 'title', sort: 'released' });
    expect(parseIndex('at:title', fields)).toEqual({ partition: 'at', sort: 'title' });
    // A number sorts as a number (DynamoDB's N); a partition is matched as text.
    expect(parseIndex('status:price', fields)).toEqual({ partition: 'status', sort: 'price' });
    expect(parseIndex('status:scores', fields)).toContain(
      'field "scores" cannot be a sort key: sort keys are string, date, enum, integer or number fields, not arrays',
    );
    for (const [text, message] of [
      ['title:at', 'field "at" cannot be a sort key: date-times with other offsets'],
      ['author', '"author" is not a field of the resource'],
      ['pages', 'field "pages" cannot be an index key'],
      ['published', 'field "published" cannot be an index key'],
      ['tags', 'field "tags" cannot be an index key'],
      ['title:title', "the index's sort key must be another field"],
      ['title:', 'is not an index'],
      ['a:b:c', 'is not an index'],
    ])
      expect(parseIndex(text!, fields), text).toContain(message);
  });

  it('is stored per resource, read back checked, and makes the list route query it', () => {
    const config = workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', resource: 'book', fields: BOOK, index: 'status:title' });
    expect(config.resources[0]?.index).toEqual({ partition: 'status', sort: 'title' });
    expect(config.routes.find((r) => r.kind === 'list')?.actions).toEqual(['dynamodb:Query', 'dynamodb:Scan']);
    const model = buildModel(config);
    expect(model.resource('book').index).toMatchObject({ name: 'by-status', partition: 'status', sort: 'title' });
    expect(model.route('list-books').events.map((e) => [e.name, e.request.query])).toContainEqual(['by-status', { status: 'draft' }]);
    const list = (openApiDocument(model) as any).paths['/books'].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(['limit', 'next', 'status']);
    expect(workspaceFromStored(JSON.parse(JSON.stringify(storedConfig(config)))).resources).toEqual(config.resources);
    const stored = storedConfig(config) as Record<string, Record<string, unknown>>;
    expect(() =>
      workspaceFromStored({
        'generator-serverless-api': { ...stored['generator-serverless-api'], resources: [{ name: 'book', fields: BOOK, index: { partition: 'pages' } }] },
      }),
    ).toThrow('resource book: index: field "pages" cannot be an index key');
    // The older layout: a map by resource, read into the record.
    const old = {
      ...stored['generator-serverless-api'],
      resources: ['book'],
      fields: { book: BOOK },
      indexes: { book: { partition: 'status', sort: 'title' } },
    };
    expect(workspaceFromStored({ 'generator-serverless-api': old }).resources).toEqual(config.resources);
    expect(() => workspaceFromStored({ 'generator-serverless-api': { ...old, indexes: { book: { partition: 'pages' } } } })).toThrow(
      'resource book: index: field "pages" cannot be an index key',
    );
    expect(() => workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', resource: 'book', index: 'title' })).toThrow(
      '--index: "title" is not a field of the resource (name, description)',
    );
  });
});

describe('--sort-key', () => {
  it('takes a required string, date or enum field, ascending or descending; refuses anything else in one line', () => {
    const fields = fieldsOf(`${BOOK}, code:string, on:datetime`);
    expect(parseSortKey('released', fields)).toEqual({ field: 'released' });
    expect(parseSortKey(' released : asc ', fields)).toEqual({ field: 'released' });
    expect(parseSortKey('status:desc', fields)).toEqual({ field: 'status', descending: true });
    expect(parseSortKey('code:desc', fields)).toEqual({ field: 'code', descending: true });
    expect(parseSortKey('price:desc', fields)).toEqual({ field: 'price', descending: true });
    for (const [text, message] of [
      ['author', '"author" is not a field of the resource'],
      ['pages', 'field "pages" cannot be a sort key: it is optional'],
      ['published', 'field "published" cannot be a sort key: sort keys are string, date, enum, integer or number fields, not arrays'],
      ['tags', 'field "tags" cannot be a sort key'],
      ['on', 'field "on" cannot be a sort key: date-times with other offsets'],
      ['released:up', 'is not a sort key: write field, field:asc or field:desc'],
      ['released:desc:x', 'is not a sort key'],
      [':desc', 'is not a sort key'],
    ])
      expect(parseSortKey(text!, fields), text).toContain(message);
    // Optional fields: a record without one would be missing from the list.
    expect(parseSortKey('title', fieldsOf('title:string?, at:date'))).toContain('it is optional');
  });

  it('is stored per resource, read back checked, and makes the list route query its index, never scan', () => {
    const config = workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', resource: 'book', fields: BOOK, index: 'status:title', 'sort-key': 'released:desc' });
    expect(config.resources[0]?.sortKey).toEqual({ field: 'released', descending: true });
    expect(config.routes.find((r) => r.kind === 'list')?.actions).toEqual(['dynamodb:Query']);
    const model = buildModel(config);
    expect(model.resource('book').sortKey).toMatchObject({ name: 'sorted-by-released', field: 'released', descending: true });
    expect(model.resource('book').indexes).toEqual([
      { name: 'by-status', partition: 'status', sort: 'title' },
      { name: 'sorted-by-released', partition: '_list', sort: 'released' },
    ]);
    const list = (openApiDocument(model) as any).paths['/books'].get;
    expect(list.responses['200'].description).toBe('A page of books; without ?status=, in descending order of released (from the index sorted-by-released)');
    expect(workspaceFromStored(JSON.parse(JSON.stringify(storedConfig(config)))).resources).toEqual(config.resources);
    const stored = (storedConfig(config) as Record<string, Record<string, unknown>>)['generator-serverless-api'];
    const record = (sortKey: unknown) => ({ 'generator-serverless-api': { ...stored, resources: [{ name: 'book', fields: BOOK, sortKey }] } });
    for (const [sortKey, message] of [
      [{ field: 'tags' }, 'resource book: sortKey: field "tags" cannot be a sort key'],
      [{ field: 'released', descending: 'yes' }, 'resource book: sortKey: "released:?" is not a sort key'],
      [['released'], 'resource book: sortKey must be { "field"'],
    ] as const) {
      expect(() => workspaceFromStored(record(sortKey))).toThrow(message);
    }
    // The older layout: maps by resource, checked by their keys, then read into the record.
    const old = (sortKeys: unknown) => ({ 'generator-serverless-api': { ...stored, resources: ['book'], fields: { book: BOOK }, sortKeys } });
    expect(workspaceFromStored(old({ book: { field: 'released', descending: true } })).resources).toEqual(config.resources.map(({ index: _, ...r }) => r));
    for (const [sortKeys, message] of [
      [{ book: { field: 'tags' } }, 'resource book: sortKey: field "tags" cannot be a sort key'],
      [{ shelf: { field: 'released' } }, 'sortKeys.shelf: not a resource of the workspace'],
      [['released'], 'sortKeys must map resources to'],
    ] as const) {
      expect(() => workspaceFromStored(old(sortKeys))).toThrow(message);
    }
    expect(() => workspaceFromStored({ 'generator-serverless-api': { ...stored, resources: [{ name: 'book' }, { name: 'book' }] } })).toThrow(
      'resource book: recorded twice',
    );
    expect(() => workspaceFromStored({ 'generator-serverless-api': { ...stored, resources: [{ name: 'book', shelf: 1 }] } })).toThrow(
      'resource book: unknown keys shelf',
    );
    expect(() => workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', resource: 'book', 'sort-key': 'description' })).toThrow(
      '--sort-key: field "description" cannot be a sort key: it is optional',
    );
  });
});

describe('openapi.yaml', () => {
  it('has the page sizes, item and created_by limits and If-Match tags of the shared crate', () => {
    const store = readFileSync(path.join(REPO_ROOT, 'templates/shared/src/store.rs'), 'utf8');
    expect(store).toContain(`pub const DEFAULT_PAGE_SIZE: i32 = ${PAGE_SIZE.default};`);
    expect(store).toContain(`pub const MAX_PAGE_SIZE: i32 = ${PAGE_SIZE.max};`);
    expect(store).toContain(`pub const ITEM_MAX_BYTES: usize = ${ITEM_MAX_BYTES / 1024} * 1024;`);
    expect(store).toContain(`pub const CREATED_BY_MAX: usize = ${CREATED_BY_MAX};`);
    const http = readFileSync(path.join(REPO_ROOT, 'templates/shared/src/http.rs.ejs'), 'utf8');
    expect(http).toContain(`pub const MAX_IF_MATCH_TAGS: usize = ${MAX_IF_MATCH_TAGS};`);
  });

  it("documents 413 with the body limit of the shared crate on every operation with a body, and an error shape true of API Gateway's own errors", () => {
    const http = readFileSync(path.join(REPO_ROOT, 'templates/shared/src/http.rs.ejs'), 'utf8');
    expect(http).toContain(`pub const MAX_BODY_BYTES: usize = ${MAX_BODY_BYTES / 1024} * 1024;`);
    for (const api of ['http', 'rest'] as const) {
      const doc = openApiDocument(buildModel(workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', api }))) as any;
      for (const [where, item] of Object.entries<any>(doc.paths)) {
        for (const [method, op] of Object.entries<any>(item)) {
          expect(op.responses['413'] !== undefined, `${method} ${where}`).toBe(['post', 'put', 'patch'].includes(method));
        }
      }
      expect(doc.components.responses.PayloadTooLarge.description).toContain('the operation reads');
      // An HTTP API's own errors are {"message": ...}; a REST API's gateway responses carry the code too.
      expect(doc.components.schemas.Error.required).toEqual(api === 'rest' ? ['code', 'message'] : ['message']);
    }
  });

  it("reads every body a resource's schema allows, however escaped: the largest fits its create's and update's limit, in the document and in Rust", () => {
    const fields = fieldsOf(`${BOOK.replace('tags:string[]', 'tags:string(1000)[]')}, note:string(100000)?`);
    for (const auth of ['none', 'jwt'] as const) {
      const authOn = auth === 'jwt';
      const config = workspaceFromAnswers({
        ...APP_DEFAULTS,
        name: 'shop',
        resource: 'book',
        fields: fieldsText(fields),
        ...(authOn ? { auth, 'jwt-issuer': 'https://issuer.example.com/', 'jwt-audience': 'shop' } : {}),
      });
      const model = buildModel(config);
      const limit = model.resource('book').maxBodyBytes;
      expect(limit).toBe(Math.max(MAX_BODY_BYTES, maxBodyBytes(fields, authOn)));
      // Every value at its largest, strings of characters outside the Basic Multilingual Plane,
      // written as Python's json.dumps writes them (what the contract tester sends): every
      // non-ASCII character escaped, a space after each separator.
      const astral = (n: number) => '\u{1F600}'.repeat(n);
      const largest = (f: Field): unknown => {
        const one = {
          string: astral(f.max ?? 0),
          integer: -9223372036854775000,
          number: -9.999999999999999e125,
          boolean: false,
          date: '2026-11-27',
          datetime: '2026-11-27T12:00:00.123456789+01:00',
          enum: [...(f.values ?? [])].sort((a, b) => b.length - a.length)[0],
        }[f.type];
        return f.array ? Array.from({ length: 100 }, () => one) : one;
      };
      const body = {
        id: '3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91',
        ...Object.fromEntries(fields.map((f) => [f.name, largest(f)])),
        ...(authOn ? { created_by: astral(CREATED_BY_MAX) } : {}),
      };
      const sent = JSON.stringify(body)
        .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .replace(/([,:])/g, '$1 ');
      expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(limit);
      expect(Buffer.byteLength(sent)).toBeGreaterThan(limit * 0.9);
      const doc = openApiDocument(model) as any;
      for (const op of [doc.paths['/books'].post, doc.paths['/books/{id}'].put]) expect(op.requestBody.description).toContain(`At most ${limit} bytes`);
      const rust = renderedFile(config, 'shared/src/book.rs');
      expect(rust).toContain(`const MAX_BYTES: usize = ${limit.toLocaleString('en-US').replace(/,/g, '_')};`);
    }
    // The default fields' limit is the shared crate's default.
    expect(buildModel(workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop' })).resource('item').maxBodyBytes).toBe(
      Math.max(MAX_BODY_BYTES, maxBodyBytes(fieldsOf(undefined), false)),
    );
  });

  it("refuses fields whose every item is over DynamoDB's 400 KB when declared, and keeps reading them from a stored workspace", () => {
    const huge = 'a:string(100000), b:string(100000), c:string(100000), d:string(100000), e:string(10000)';
    expect(validateFields(huge)).toMatch(/^the longest item of these fields takes 41\d{4} bytes even in ASCII, and DynamoDB stores at most 409600 \(400 KB\)/);
    expect(validateFields(BOOK)).toBe(true);
    expect(() => workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', resource: 'book', fields: huge })).toThrow('--fields: the longest item of these fields');
    expect(fieldsOf(huge).length).toBe(5);
  });

  it('gives each resource its schemas from its fields, and each route the security its authorizer and override need', () => {
    const config = workspaceFromAnswers({
      ...APP_DEFAULTS,
      name: 'shop',
      resource: 'book',
      fields: BOOK,
      auth: 'jwt',
      'jwt-issuer': 'https://issuer.example.com/',
      'jwt-audience': 'shop',
    });
    const model = buildModel({
      ...config,
      routes: [
        ...config.routes,
        { name: 'health', method: 'GET', path: '/health', kind: 'health', actions: [], auth: 'none' },
        { name: 'report', method: 'GET', path: '/report', kind: 'custom', actions: [], auth: 'scopes:read:reports' },
      ],
    });
    const doc = openApiDocument(model) as any;
    const book = doc.components.schemas.Book;
    expect(book.required).toEqual(['id', 'title', 'price', 'published', 'tags', 'released', 'status']);
    expect(book.properties.status).toEqual({ type: 'string', enum: ['draft', 'live'] });
    expect(book.properties.tags).toEqual({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 1000, pattern: NOT_BLANK }, maxItems: 100 });
    expect(book.properties.released).toEqual(fieldSchema({ name: 'released', type: 'date' }));
    expect(book.properties.created_by.readOnly).toBe(true);
    expect(doc.components.schemas.BookInput.required).not.toContain('id');
    expect(doc.paths['/books'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/NewBook' });
    expect(doc.paths['/books'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['limit', 'next']);
    expect(doc.paths['/books/{id}'].put.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'If-Match']);
    expect(doc.paths['/books'].post.security).toEqual([{ jwt: [] }]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/health'].get.responses['401']).toBeUndefined();
    expect(doc.paths['/report'].get.security).toEqual([{ jwt: ['read:reports'] }]);
    expect(doc.components.securitySchemes.jwt.openIdConnectUrl).toBe('https://issuer.example.com/.well-known/openid-configuration');
  });
});
