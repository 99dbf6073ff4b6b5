/**
 * What each field type becomes, type by type (mutation testing found most of these untested at
 * the unit level): its Rust type and check, its JSON Schema, its sample values, the bad bodies
 * the sample events and tests send, and how indexes and sort keys read the fields.
 */
import { describe, expect, it } from 'vitest';
import * as F from '../../lib/fields.js';
import type { ResourceIndex, ResourceSortKey } from '../../lib/types.js';

const fields = F.parseFields(
  'title:string(40), body:string?, n:integer, x:number?, ok:boolean, d:date, t:datetime?, s:enum(a,b), tags:string(20)[]?',
) as F.Field[];
const byName = (name: string) => fields.find((f) => f.name === name)!;
const STRING = { type: 'string', minLength: 1, pattern: F.NOT_BLANK };
const nullable = (schema: unknown) => ({ anyOf: [schema, { type: 'null' }], description: 'null: left out' });

describe('each field type', () => {
  it('has its Rust type, optional and arrays wrapped, an enum named after its owner', () => {
    expect(fields.map((f) => F.rustType(f, 'Book'))).toEqual([
      'String',
      'Option<String>',
      'i64',
      'Option<f64>',
      'bool',
      'String',
      'Option<String>',
      'BookS',
      'Option<Vec<String>>',
    ]);
    expect(F.rustEnums(fields, 'Book')).toEqual([
      {
        type: 'BookS',
        field: 's',
        variants: [
          { name: 'A', value: 'a' },
          { name: 'B', value: 'b' },
        ],
      },
    ]);
  });

  it('is checked in Rust by the shared crate where serde cannot (text length, dates, number range), per element of an array', () => {
    expect(F.rustCheck(byName('title'))).toBe('fields::text("title", self.title, 40)?');
    expect(F.rustCheck(byName('d'))).toBe('fields::date("d", self.d)?');
    expect(F.rustCheck(byName('x'))).toBe('self.x.map(|v| fields::number("x", v)).transpose()?');
    expect(F.rustCheck(byName('t'))).toBe('self.t.map(|v| fields::datetime("t", v)).transpose()?');
    expect(F.rustCheck(byName('tags')).replace(/\s+/g, ' ')).toBe(
      'self .tags .map(|v| fields::each("tags", v, |v| fields::text("tags", v, 20))) .transpose()?',
    );
    for (const name of ['n', 'ok', 's']) expect(F.rustCheck(byName(name))).toBe(`self.${name}`);
  });

  it('has the JSON Schema of what the API accepts, null allowed for an optional field where asked', () => {
    expect(F.fieldSchema(byName('title'), true)).toEqual({ ...STRING, maxLength: 40 });
    expect(F.fieldSchema(byName('body'), true)).toEqual(nullable({ ...STRING, maxLength: F.DEFAULT_STRING_MAX }));
    expect(F.fieldSchema(byName('body'))).toEqual({ ...STRING, maxLength: F.DEFAULT_STRING_MAX });
    expect(F.fieldSchema(byName('n'))).toEqual({ type: 'integer', format: 'int64' });
    expect(F.fieldSchema(byName('x'))).toEqual({
      type: 'number',
      format: 'double',
      anyOf: [{ const: 0 }, { minimum: 1e-130, exclusiveMaximum: 1e126 }, { exclusiveMinimum: -1e126, maximum: -1e-130 }],
      description: "0, or of a magnitude from 1e-130 below 1e126 (DynamoDB's numbers)",
    });
    expect(F.fieldSchema(byName('ok'))).toEqual({ type: 'boolean' });
    expect(F.fieldSchema(byName('d'))).toEqual({ type: 'string', format: 'date' });
    expect(F.fieldSchema(byName('t'))).toEqual({ type: 'string', format: 'date-time' });
    expect(F.fieldSchema(byName('s'))).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(F.fieldSchema(byName('tags'))).toEqual({ type: 'array', items: { ...STRING, maxLength: 20 }, maxItems: F.MAX_ARRAY_ITEMS });
  });

  it('has two sample values, each valid, the second shifted by n where it is a number', () => {
    expect(fields.map((f) => F.sampleValue(f, 0))).toEqual(['title one', 'body one', 42, 9.5, true, '2026-11-27', '2026-11-27T12:00:00Z', 'a', ['tags one']]);
    expect(fields.map((f) => F.sampleValue(f, 1, 2))).toEqual([
      'title two',
      'body two',
      9,
      12.25,
      false,
      '2024-02-29',
      '2024-02-29T23:59:59.5+01:00',
      'b',
      ['tags two'],
    ]);
  });

  it('gives the tests bad bodies that each break one field: missing (required only), of the wrong type, and invalid', () => {
    const bad = F.badBodies(fields);
    expect(bad.map((b) => `${b.name}: ${b.description}`)).toEqual([
      'missing-title: `title` is missing',
      'wrong-type-title: `title` has the wrong type',
      'invalid-title: `title` is longer than 40 characters',
      'wrong-type-body: `body` has the wrong type',
      'invalid-body: `body` is blank',
      'missing-n: `n` is missing',
      'wrong-type-n: `n` has the wrong type',
      'invalid-n: `n` is not a whole number',
      'wrong-type-x: `x` has the wrong type',
      "invalid-x: `x` is out of DynamoDB's range",
      'missing-ok: `ok` is missing',
      'wrong-type-ok: `ok` has the wrong type',
      'missing-d: `d` is missing',
      'wrong-type-d: `d` has the wrong type',
      'invalid-d: `d` is not a date (YYYY-MM-DD)',
      'wrong-type-t: `t` has the wrong type',
      'invalid-t: `t` is not an RFC 3339 date-time',
      'missing-s: `s` is missing',
      'wrong-type-s: `s` has the wrong type',
      'invalid-s: `s` is not one of a, b',
      'wrong-type-tags: `tags` has the wrong type',
      'invalid-tags: `tags` is longer than 20 characters',
    ]);
    const valid = F.sampleBody(fields, 0);
    const value = (name: string, field: string) => bad.find((b) => b.name === name)!.body[field];
    for (const b of bad) {
      const field = b.name.replace(/^(missing|wrong-type|invalid)-/, '');
      // Each breaks its own field only.
      expect({ ...b.body, [field]: valid[field] }, b.name).toEqual(valid);
    }
    expect(value('missing-title', 'title')).toBeUndefined();
    expect([value('wrong-type-title', 'title'), value('wrong-type-n', 'n'), value('wrong-type-ok', 'ok'), value('wrong-type-tags', 'tags')]).toEqual([
      42,
      'not a integer',
      'not a boolean',
      [42],
    ]);
    expect([value('invalid-title', 'title'), value('invalid-body', 'body'), value('invalid-n', 'n'), value('invalid-x', 'x')]).toEqual([
      'x'.repeat(41),
      '   ',
      1.5,
      1e126,
    ]);
    expect([value('invalid-d', 'd'), value('invalid-t', 't'), value('invalid-s', 's'), value('invalid-tags', 'tags')]).toEqual([
      '2026-02-30',
      '2026-11-27 12:00',
      'not-a-value',
      ['x'.repeat(21)],
    ]);
  });

  it('reads indexes and sort keys against the fields, numbers as DynamoDB numbers', () => {
    const index = F.parseIndex('s:n', fields) as ResourceIndex;
    const sortKey = F.parseSortKey('n:desc', fields) as ResourceSortKey;
    expect([index, F.indexName(index), F.indexText(index)]).toEqual([{ partition: 's', sort: 'n' }, 'by-s', 's:n']);
    expect(F.indexText({ partition: 's' })).toBe('s');
    expect([sortKey, F.sortKeyIndexName(sortKey), F.sortKeyText(sortKey), F.sortKeyText({ field: 'n' })]).toEqual([
      { field: 'n', descending: true },
      'sorted-by-n',
      'n:desc',
      'n:asc',
    ]);
    const indexes = F.tableIndexes(index, sortKey, fields);
    expect(indexes).toEqual([
      { name: 'by-s', partition: 's', sort: 'n', numeric: true },
      { name: 'sorted-by-n', partition: F.LISTED_ATTRIBUTE, sort: 'n', numeric: true },
    ]);
    expect(F.tableKeys(indexes)).toEqual([
      { name: 'id', type: 'S' },
      { name: 's', type: 'S' },
      { name: 'n', type: 'N' },
      { name: '_list', type: 'S' },
    ]);
    expect(F.tableKeys(F.tableIndexes({ partition: 'title', sort: 'd' }, undefined, fields))).toEqual([
      { name: 'id', type: 'S' },
      { name: 'title', type: 'S' },
      { name: 'd', type: 'S' },
    ]);
    expect(fields.filter((f) => F.isNumericKey(f)).map((f) => f.name)).toEqual(['n', 'x']);
    expect(F.isNumericKey(undefined)).toBe(false);
  });

  it('refuses an index or sort key it cannot keep, each in one line', () => {
    const notIndex = (text: string) => `"${text}" is not an index: write field or field:sort, e.g. "author" or "author:released"`;
    expect(F.parseIndex('a:b:c', fields)).toBe(notIndex('a:b:c'));
    expect(F.parseIndex(':n', fields)).toBe(notIndex(':n'));
    expect(F.parseIndex('s:', fields)).toBe(notIndex('s:'));
    expect(F.parseIndex('s:t', fields)).toMatch(/^field "t" cannot be a sort key: date-times/);
    expect(F.parseSortKey('zz', fields)).toBe('"zz" is not a field of the resource (title, body, n, x, ok, d, t, s, tags)');
  });

  it('checks an index against the fields when they are known, and leaves it to the whole check otherwise', () => {
    const check = F.validateAgainstFields(F.parseIndex);
    expect(check('s', { fields: 'title:string(40), s:enum(a,b)' })).toBe(true);
    expect(check('zz', { fields: 'title:string(40)' })).toBe('"zz" is not a field of the resource (title)');
    // Blank fields are the default ones, which have a name.
    expect(check('name', { fields: '  ' })).toBe(true);
    expect(check('zz', { fields: '  ' })).toBe('"zz" is not a field of the resource (name, description)');
    expect(check('zz', {})).toBe(true);
    expect(check('zz', { fields: 'not fields' })).toBe(true);
    expect(check('  ', { fields: 'title:string(40)' })).toBe(true);
  });

  it('refuses fields it cannot type, each in one line', () => {
    const enumValues = 'field "a": enum(a,b,...) needs values in lowercase letters, digits, - and _, starting with a letter';
    expect(F.parseFields('a:enum()')).toBe(enumValues);
    expect(F.parseFields('a:enum(A b)')).toBe(enumValues);
    expect(F.parseFields('a:enum')).toBe(enumValues);
    expect(F.parseFields('a:blob')).toBe('field "a": unknown type "blob" (one of string, integer, number, boolean, date, datetime, enum)');
    expect(F.parseFields(Array.from({ length: 41 }, (_, i) => `f${i}:integer`).join(','))).toBe('at most 40 fields');
    expect(F.parseFields(Array.from({ length: 40 }, (_, i) => `f${i}:integer`).join(','))).toHaveLength(40);
  });
});
