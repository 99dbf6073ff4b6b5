/**
 * lib/fields.ts at its edges, written against the mutants Stryker left alive (docs/mutation.md):
 * the exact byte counts of the item and body limits per field type, the bounds of `string(N)`,
 * field names and enum values, the Rust of an index's partition check, and the names and samples
 * the generated code and its events use.
 */
import { describe, expect, it } from 'vitest';
import { APP_ANSWERS } from '../../lib/answers.js';
import * as F from '../../lib/fields.js';

const field = (text: string): F.Field => (F.parseFields(text) as F.Field[])[0]!;

/** What the API adds to every item: `id` (36), `version` (a number, 21), `created_by` (its most), a sorted list's partition. */
const GIVEN_ITEM_BYTES = 'id'.length + 36 + 'version'.length + 21 + 'created_by'.length + F.CREATED_BY_MAX + '_list'.length + 'all'.length;

describe('maxItemBytes: the fewest bytes of the longest item, per field type', () => {
  it('counts what the API adds to every item', () => {
    expect(GIVEN_ITEM_BYTES).toBe(2132);
    expect(F.maxItemBytes([])).toBe(2132);
  });

  it.each([
    ['s:string(40)', 1 + 40],
    ['s:string', 1 + F.DEFAULT_STRING_MAX],
    ['s:enum(ab,abcd,c)', 1 + 4],
    ['s:date', 1 + 10],
    ['s:datetime', 1 + 40],
    ['s:boolean', 1 + 1],
    ['s:integer', 1 + 21],
    ['s:number', 1 + 21],
    // A list: 3 bytes, and each of its most elements 1 byte more than its value.
    ['s:string(40)[]', 1 + 3 + F.MAX_ARRAY_ITEMS * (1 + 40)],
    ['s:boolean[]', 1 + 3 + F.MAX_ARRAY_ITEMS * (1 + 1)],
  ])('%s: its name and its longest value', (text, bytes) => {
    expect(F.maxItemBytes([field(text)])).toBe(GIVEN_ITEM_BYTES + bytes);
  });

  it('adds the fields up, names included', () => {
    expect(F.maxItemBytes(F.parseFields('title:string(40), pages:integer') as F.Field[])).toBe(GIVEN_ITEM_BYTES + 5 + 40 + 5 + 21);
  });

  it('refuses fields over 400 KB, and accepts fields of exactly 400 KB', () => {
    // 4 × (1 + 100,000) + (1 + 7,463) + 2,132 = 409,600 bytes: DynamoDB's limit exactly.
    const exactly = 'a:string(100000), b:string(100000), c:string(100000), d:string(100000), e:string(7463)';
    expect(F.maxItemBytes(F.parseFields(exactly) as F.Field[])).toBe(F.ITEM_MAX_BYTES);
    expect(F.ITEM_MAX_BYTES).toBe(409_600);
    expect(F.validateFields(exactly)).toBe(true);
    expect(F.validateFields(exactly.replace('7463', '7464'))).toBe(
      'the longest item of these fields takes 409601 bytes even in ASCII, and DynamoDB stores at most 409600 (400 KB) an item: declare shorter strings, e.g. "tags:string(100)[]", or fewer array fields',
    );
  });
});

describe('maxBodyBytes: the most bytes of a JSON body, per field type', () => {
  /** A JSON string of n characters at their longest escape (12 bytes each), quotes included. */
  const text = (chars: number) => 2 + 12 * chars;
  /** `"name": value, ` as the limit counts it. */
  const member = (name: string, bytes: number) => text(name.length) + 2 + bytes + 2;
  const EMPTY = 2 + member('id', text(36));

  it('counts the braces and the id; who created it when the API has an authorizer', () => {
    expect(EMPTY).toBe(466);
    expect(F.maxBodyBytes([], false)).toBe(466);
    expect(F.maxBodyBytes([], true)).toBe(466 + member('created_by', text(F.CREATED_BY_MAX)));
  });

  it.each([
    ['s:string(40)', text(40)],
    ['s:enum(ab,abcd,c)', text(4)],
    ['s:date', text(10)],
    ['s:datetime', text(40)],
    // `false`, and at least `null`'s 4 bytes.
    ['s:boolean', 5],
    ['s:integer', 32],
    ['s:number', 32],
    ['s:integer[]', 2 + F.MAX_ARRAY_ITEMS * (2 + 32)],
  ])('%s', (spec, bytes) => {
    expect(F.maxBodyBytes([field(spec)], false)).toBe(EMPTY + member('s', bytes));
  });
});

describe('parsing fields at their bounds', () => {
  it('takes string(N) from 1 to 100,000, spaces around N allowed, and nothing else', () => {
    expect(field('s:string(1)').max).toBe(1);
    expect(field('s:string( 40 )').max).toBe(40);
    expect(field('s:string(100000)').max).toBe(100_000);
    const message = (args: string) => `field "s": string(N) needs a length from 1 to 100000, not "${args}"`;
    for (const args of ['0', '100001', 'x40', '40x', '4 0', '-1', '']) expect(F.parseFields(`s:string(${args})`), args).toBe(message(args));
  });

  it('takes names of 64 characters, not 65; snake_case only, whole', () => {
    const long = `a${'b'.repeat(63)}`;
    expect(field(`${long}:integer`).name).toBe(long);
    const snake = (name: string) =>
      `field "${name}": names are snake_case (lowercase letters, digits, single underscores), starting with a letter, at most 64 characters`;
    expect(F.parseFields(`${long}c:integer`)).toBe(snake(`${long}c`));
    for (const name of ['Title', '1st', 'first_', 'a__b', 'a-b', 'aB', '_a', 'a_B']) expect(F.parseFields(`${name}:integer`), name).toBe(snake(name));
    for (const name of ['a', 'a1', 'a_1', 'ab_cd_ef', 'x9_y']) expect(field(`${name}:integer`).name).toBe(name);
  });

  it('refuses a part with text around name:type', () => {
    const notField = (part: string) =>
      `"${part}" is not a field: write name:type, e.g. "title:string(120)", "pages:integer?", "tags:string[]", "status:enum(draft,live)"`;
    expect(F.parseFields('a b:integer')).toBe(notField('a b:integer'));
    expect(F.parseFields('a:integer?x')).toBe(notField('a:integer?x'));
  });

  it('takes enum values trimmed; one bad value among good ones is refused', () => {
    expect(field('s:enum( open , in-progress,done_now )').values).toEqual(['open', 'in-progress', 'done_now']);
    const message = 'field "s": enum(a,b,...) needs values in lowercase letters, digits, - and _, starting with a letter';
    for (const values of ['open,Closed', 'open,1st', 'open,a-', 'open,a--b', 'open,-a', 'a_,b', 'open,'])
      expect(F.parseFields(`s:enum(${values})`), values).toBe(message);
    for (const values of ['a', 'a1,b2', 'a-b_c,d']) expect(field(`s:enum(${values})`).values, values).toEqual(values.split(','));
  });

  it('refuses the names the API gives every item or reads from the query', () => {
    for (const name of ['id', 'version', 'created_by', 'next', 'limit', 'items'])
      expect(F.parseFields(`${name}:string`), name).toBe(`field "${name}" is given by the API to every item; choose another name`);
  });

  it('says what is wrong with a stored text it cannot read', () => {
    expect(() => F.fieldsOf('nope')).toThrow('fields "nope": "nope" is not a field: write name:type');
    expect(F.validateFields('nope')).toMatch(/^"nope" is not a field/);
  });
});

describe('the code and samples generated from fields', () => {
  it('names enums in PascalCase from snake_case and kebab-case', () => {
    expect(F.rustEnums([field('due_state:enum(in-progress,on_hold,done)')], 'Book')).toEqual([
      {
        type: 'BookDueState',
        field: 'due_state',
        variants: [
          { name: 'InProgress', value: 'in-progress' },
          { name: 'OnHold', value: 'on_hold' },
          { name: 'Done', value: 'done' },
        ],
      },
    ]);
  });

  it("checks an index's partition value in Rust as the field is checked; a type that cannot be a key is refused", () => {
    expect(F.rustPartitionCheck(field('s:string(40)'), 'Book')).toBe('fields::text(name, value.to_owned(), 40)');
    expect(F.rustPartitionCheck(field('s:date'), 'Book')).toBe('fields::date(name, value.to_owned())');
    expect(F.rustPartitionCheck(field('s:datetime'), 'Book')).toBe('fields::datetime(name, value.to_owned())');
    expect(F.rustPartitionCheck(field('due_state:enum(a,b)'), 'Book')).toBe('fields::variant::<BookDueState>(name, value)');
    expect(() => F.rustPartitionCheck(field('n:integer'), 'Book')).toThrow('field "n" (integer) cannot be an index key');
  });

  it('writes an optional check on one line up to 60 characters, as rustfmt does', () => {
    const sixty = F.rustCheck(field('title:string(9)?'));
    expect(sixty).toBe('self.title.map(|v| fields::text("title", v, 9)).transpose()?');
    expect(sixty).toHaveLength(60);
    expect(F.rustCheck(field('titles:string(9)?'))).toBe(
      `self\n${' '.repeat(16)}.titles\n${' '.repeat(16)}.map(|v| fields::text("titles", v, 9))\n${' '.repeat(16)}.transpose()?`,
    );
  });

  it('samples a name and a description as a widget, other strings by their name', () => {
    expect([0, 1].map((v) => F.sampleValue(field('name:string'), v as 0 | 1))).toEqual(['Blue widget', 'Red widget']);
    expect([0, 1].map((v) => F.sampleValue(field('description:string'), v as 0 | 1))).toEqual(['A widget, in blue.', 'A widget, in blue.']);
    expect([0, 1].map((v) => F.sampleValue(field('note:string'), v as 0 | 1))).toEqual(['note one', 'note two']);
    expect([0, 1].map((v) => F.sampleValue(field('s:enum(a,b,c)'), v as 0 | 1))).toEqual(['a', 'c']);
  });

  it('names bad bodies by the field in kebab-case, and gives a string-typed field a number', () => {
    const bad = F.badBodies([field('due_date:date'), field('due_at:datetime?'), field('code:string(3)'), field('kind:enum(a,b)?'), field('ok:boolean?')]);
    expect(bad.map((b) => b.name)).toEqual([
      'missing-due-date',
      'wrong-type-due-date',
      'invalid-due-date',
      'wrong-type-due-at',
      'invalid-due-at',
      'missing-code',
      'wrong-type-code',
      'invalid-code',
      'wrong-type-kind',
      'invalid-kind',
      'wrong-type-ok',
    ]);
    const wrong = (name: string) => bad.find((b) => b.name === `wrong-type-${name}`)!.body;
    expect([wrong('due-date').due_date, wrong('due-at').due_at, wrong('code').code, wrong('kind').kind, wrong('ok').ok]).toEqual([
      42,
      42,
      42,
      42,
      'not a boolean',
    ]);
  });

  it('samples a short string within its length', () => {
    expect([0, 1].map((v) => F.sampleValue(field('note:string(4)'), v as 0 | 1))).toEqual(['note', 'note']);
  });

  it('finds nothing blank where the API finds something: Unicode White_Space refused, anything else taken', () => {
    const notBlank = new RegExp(F.NOT_BLANK);
    for (const blank of [
      ' ',
      '\t',
      '\n',
      '\r',
      '\u000b',
      '\u000c',
      '\u0085',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
    ]) {
      expect(notBlank.test(blank), JSON.stringify(blank)).toBe(false);
    }
    for (const text of ['a', '0', '-', '\u200b', 'é']) expect(notBlank.test(text), JSON.stringify(text)).toBe(true);
  });

  it('keys an index by a string, date, date-time or enum partition; no index, no table index', () => {
    const fields = F.parseFields('s:string, d:date, t:datetime, e:enum(a,b), n:integer') as F.Field[];
    for (const partition of ['s', 'd', 't', 'e']) expect(F.parseIndex(partition, fields), partition).toEqual({ partition });
    expect(F.parseIndex('n', fields)).toBe('field "n" cannot be an index key: partition keys are string, date, datetime or enum fields, not arrays');
    expect(F.tableIndexes(undefined, undefined, fields)).toEqual([]);
  });

  it('tells what a sort key costs in the help of --sort-key', () => {
    expect(APP_ANSWERS.find((a) => a.flag === 'sort-key')!.help('')).toContain('(one partition: about a thousand writes a second)');
  });

  it('names indexes in kebab-case', () => {
    expect(F.indexName({ partition: 'due_date' })).toBe('by-due-date');
    expect(F.sortKeyIndexName({ field: 'due_date' })).toBe('sorted-by-due-date');
  });

  it('reads an index whose sort key is not a field as a problem, not a crash', () => {
    expect(F.parseIndex('s:missing', [field('s:string')])).toBe('"missing" is not a field of the resource (s)');
  });

  it('keys a table by id and its indexes, an index without a sort key adding its partition only', () => {
    expect(F.tableKeys([{ name: 'by-s', partition: 's' }])).toEqual([
      { name: 'id', type: 'S' },
      { name: 's', type: 'S' },
    ]);
  });

  it('checks an --index answer against the fields answered before it, trimmed', () => {
    const check = F.validateAgainstFields(F.parseIndex);
    expect(check('  s  ', { fields: 's:string' })).toBe(true);
    expect(check(' t ', { fields: 's:string' })).toBe('"t" is not a field of the resource (s)');
  });
});
