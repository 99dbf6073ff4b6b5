/**
 * The fields of a resource: the `--fields` language (`title:string(120), pages:integer?,
 * tags:string[], status:enum(draft,live)`), its checks, and what each field becomes in Rust, in
 * sample requests and in the OpenAPI contract. A resource without `--fields` has
 * `DEFAULT_FIELDS` (a name and an optional description).
 */
import { RUST_KEYWORDS } from './naming.js';
import type { ResourceIndex, ResourceSortKey } from './types.js';
import type { Validation } from './validation.js';

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'enum'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface Field {
  /** snake_case: the JSON key, the DynamoDB attribute and the Rust field. */
  name: string;
  type: FieldType;
  /** Longest string, in characters (strings only). */
  max?: number;
  /** The values of an enum, as JSON spells them. */
  values?: string[];
  /** A JSON array of the type. */
  array?: boolean;
  /** May be left out of a body (absent from the stored item). */
  optional?: boolean;
}

/** The largest body a function reads by default: `MAX_BODY_BYTES` of the shared crate's http.rs (a unit test holds them equal). */
export const MAX_BODY_BYTES = 16 * 1024;

/** The longest string when `string` names no length. */
export const DEFAULT_STRING_MAX = 1000;
/** The longest a string may be declared: a DynamoDB item holds at most 400 KB. */
export const STRING_MAX_LIMIT = 100_000;
/** The most elements of an array field (the shared crate's `fields::MAX_ITEMS`). */
export const MAX_ARRAY_ITEMS = 100;
const MAX_FIELDS = 40;
/** The longest `created_by` a body may repeat (an IAM ARN is at most 2,048 characters): the shared crate's `store::CREATED_BY_MAX`. */
export const CREATED_BY_MAX = 2048;
/** The most bytes of a DynamoDB item, attribute names included: 400 KB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items). */
export const ITEM_MAX_BYTES = 400 * 1024;

export const DEFAULT_FIELDS_SPEC = 'name:string(200), description:string(2000)?';

/** Names the API itself gives every item, or that the generated code uses. */
const TAKEN = new Set(['id', 'version', 'created_by', 'next', 'limit', 'items']);
const FIELD_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const ENUM_VALUE = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

/** Splits at commas outside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

function pascal(snake: string): string {
  return snake
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** One field from `name:type`, or the message saying what is wrong with it. */
function parseField(part: string): Field | string {
  const m = /^([^:\s]+)\s*:\s*([a-z]+)\s*(?:\(([^)]*)\))?\s*(\[\])?\s*(\?)?$/.exec(part);
  if (!m) return `"${part}" is not a field: write name:type, e.g. "title:string(120)", "pages:integer?", "tags:string[]", "status:enum(draft,live)"`;
  const [, name = '', type = '', args, array, optional] = m;
  if (!FIELD_NAME.test(name) || name.length > 64)
    return `field "${name}": names are snake_case (lowercase letters, digits, single underscores), starting with a letter, at most 64 characters`;
  if (RUST_KEYWORDS.has(name)) return `field "${name}" is a Rust keyword; choose another name`;
  if (TAKEN.has(name)) return `field "${name}" is given by the API to every item; choose another name`;
  if (!(FIELD_TYPES as readonly string[]).includes(type)) return `field "${name}": unknown type "${type}" (one of ${FIELD_TYPES.join(', ')})`;
  const field: Field = { name, type: type as FieldType, ...(array ? { array: true } : {}), ...(optional ? { optional: true } : {}) };
  if (type === 'string') {
    if (args !== undefined) {
      const max = Number(args.trim());
      if (!/^\d+$/.test(args.trim()) || max < 1 || max > STRING_MAX_LIMIT)
        return `field "${name}": string(N) needs a length from 1 to ${STRING_MAX_LIMIT}, not "${args}"`;
      field.max = max;
    } else field.max = DEFAULT_STRING_MAX;
  } else if (type === 'enum') {
    const values = (args ?? '').split(',').map((v) => v.trim());
    if (args === undefined || values.some((v) => !ENUM_VALUE.test(v)))
      return `field "${name}": enum(a,b,...) needs values in lowercase letters, digits, - and _, starting with a letter`;
    if (new Set(values.map(pascal)).size !== values.length) return `field "${name}": enum values must differ (also once - and _ are dropped)`;
    field.values = values;
  } else if (args !== undefined) return `field "${name}": ${type} takes no (...)`;
  return field;
}

/** The fields of a `--fields` text, or the first problem with it, in one line. */
export function parseFields(text: string): Field[] | string {
  const parts = splitTop(text);
  if (parts.every((p) => p === '')) return 'give at least one field, e.g. "title:string(120), pages:integer?"';
  if (parts.some((p) => p === '')) return 'an empty field between commas';
  if (parts.length > MAX_FIELDS) return `at most ${MAX_FIELDS} fields`;
  const fields: Field[] = [];
  for (const part of parts) {
    const field = parseField(part);
    if (typeof field === 'string') return field;
    if (fields.some((f) => f.name === field.name)) return `field "${field.name}" is given twice`;
    fields.push(field);
  }
  return fields;
}

/**
 * Why fields no item could hold are refused when declared: their longest item, every string at
 * its most characters of one byte each, is over DynamoDB's 400 KB. (An item of these fields
 * written in wider characters may still be: the store refuses it with 413.)
 */
export function itemSizeProblem(fields: Field[]): string | undefined {
  const smallest = maxItemBytes(fields);
  if (smallest <= ITEM_MAX_BYTES) return undefined;
  return `the longest item of these fields takes ${smallest} bytes even in ASCII, and DynamoDB stores at most ${ITEM_MAX_BYTES} (400 KB) an item: declare shorter strings, e.g. "tags:string(100)[]", or fewer array fields`;
}

/**
 * The fewest bytes the longest item of these fields takes in DynamoDB (its item size: each
 * attribute's name and value, strings at their most characters of one byte each, numbers at 21
 * bytes, 3 bytes a list and 1 an element), with what the API adds to each: `id`, `version`, who
 * created it, a sorted list's partition. Over 400 KB, no item this long can be stored.
 */
export function maxItemBytes(fields: Field[]): number {
  const one = (f: Field): number => {
    switch (f.type) {
      case 'string':
        return f.max ?? DEFAULT_STRING_MAX;
      case 'enum':
        return Math.max(...(f.values ?? ['']).map((v) => v.length));
      case 'date':
        return 10;
      case 'datetime':
        return DATETIME_MAX;
      case 'boolean':
        return 1;
      default:
        return 21;
    }
  };
  const value = (f: Field) => (f.array ? 3 + MAX_ARRAY_ITEMS * (1 + one(f)) : one(f));
  const own = fields.reduce((sum, f) => sum + f.name.length + value(f), 0);
  const given = 'id'.length + 36 + 'version'.length + 21 + 'created_by'.length + CREATED_BY_MAX + LISTED_ATTRIBUTE.length + LISTED_VALUE.length;
  return own + given;
}

/** The longest date-time the body limit counts on (RFC 3339 with a fraction of nanoseconds and an offset is 35). */
const DATETIME_MAX = 40;

/**
 * The most bytes of a JSON body of these fields that `openapi.yaml` allows, as a client may write
 * it: every character of a string at its longest JSON spelling (an escaped character outside the
 * Basic Multilingual Plane, `\ud83d\ude00`, takes 12 bytes), keys escaped too, numbers at 32
 * bytes, and a space after every `:` and `,`. Each resource's create and update read bodies of up
 * to this many bytes (the shared crate's `JsonBody::MAX_BYTES`), and never fewer than the
 * default `MAX_BODY_BYTES`.
 */
export function maxBodyBytes(fields: Field[], authOn: boolean): number {
  const text = (chars: number) => 2 + 12 * chars;
  const one = (f: Field): number => {
    switch (f.type) {
      case 'string':
        return text(f.max ?? DEFAULT_STRING_MAX);
      case 'enum':
        return text(Math.max(...(f.values ?? ['']).map((v) => v.length)));
      case 'date':
        return text(10);
      case 'datetime':
        return text(DATETIME_MAX);
      case 'boolean':
        return 5;
      default:
        return 32;
    }
  };
  const value = (f: Field) => Math.max(4, f.array ? 2 + MAX_ARRAY_ITEMS * (2 + one(f)) : one(f));
  const member = (name: string, bytes: number) => text(name.length) + 2 + bytes + 2;
  const members = [...fields.map((f) => member(f.name, value(f))), member('id', text(36)), ...(authOn ? [member('created_by', text(CREATED_BY_MAX))] : [])];
  return 2 + members.reduce((a, b) => a + b, 0);
}

export function validateFields(text: string): Validation {
  const parsed = parseFields(text);
  return typeof parsed === 'string' ? parsed : (itemSizeProblem(parsed) ?? true);
}

/** The fields of a text already checked (a stored configuration, a default). */
export function fieldsOf(text: string | undefined): Field[] {
  const parsed = parseFields(text ?? DEFAULT_FIELDS_SPEC);
  if (typeof parsed === 'string') throw new Error(`fields "${text}": ${parsed}`);
  return parsed;
}

/** The canonical text of fields, as `.yo-rc.json` stores it. */
export function fieldsText(fields: Field[]): string {
  return fields
    .map((f) => {
      const args = f.type === 'string' && f.max !== DEFAULT_STRING_MAX ? `(${f.max})` : f.type === 'enum' ? `(${(f.values ?? []).join(',')})` : '';
      return `${f.name}:${f.type}${args}${f.array ? '[]' : ''}${f.optional ? '?' : ''}`;
    })
    .join(', ');
}

/** The Rust type of one value of a field (an enum's is named after its resource's type). */
function scalarRust(field: Field, owner: string): string {
  switch (field.type) {
    case 'string':
    case 'date':
    case 'datetime':
      return 'String';
    case 'integer':
      return 'i64';
    case 'number':
      return 'f64';
    case 'boolean':
      return 'bool';
    case 'enum':
      return enumType(field, owner);
  }
}

export function enumType(field: Field, owner: string): string {
  return `${owner}${pascal(field.name)}`;
}

/** The Rust enums of a resource: type, and each value's variant and JSON spelling. */
export function rustEnums(fields: Field[], owner: string): { type: string; field: string; variants: { name: string; value: string }[] }[] {
  return fields
    .filter((f) => f.type === 'enum')
    .map((f) => ({ type: enumType(f, owner), field: f.name, variants: (f.values ?? []).map((v) => ({ name: pascal(v), value: v })) }));
}

/** The Rust type of a field in the stored model and in the input. */
export function rustType(field: Field, owner: string): string {
  const one = scalarRust(field, owner);
  const many = field.array ? `Vec<${one}>` : one;
  return field.optional ? `Option<${many}>` : many;
}

/** The check of one value, as a Rust closure or function path taking the value; undefined: the type is the check. */
function scalarCheck(field: Field): string | undefined {
  const name = JSON.stringify(field.name);
  switch (field.type) {
    case 'string':
      return `|v| fields::text(${name}, v, ${field.max})`;
    case 'date':
      return `|v| fields::date(${name}, v)`;
    case 'datetime':
      return `|v| fields::datetime(${name}, v)`;
    case 'number':
      return `|v| fields::number(${name}, v)`;
    default:
      return undefined;
  }
}

/** The Rust expression that checks a value of `?<partition>=` (`value: &str`, the field's name in `name`), giving the value. */
export function rustPartitionCheck(field: Field, owner: string): string {
  switch (field.type) {
    case 'string':
      return `fields::text(name, value.to_owned(), ${field.max})`;
    case 'date':
    case 'datetime':
      return `fields::${field.type}(name, value.to_owned())`;
    case 'enum':
      return `fields::variant::<${enumType(field, owner)}>(name, value)`;
    default:
      throw new Error(`field "${field.name}" (${field.type}) cannot be an index key`);
  }
}

/** The Rust expression that checks `self.<field>` and gives the stored value (`?` on errors). */
export function rustCheck(field: Field): string {
  const value = `self.${field.name}`;
  const one = scalarCheck(field);
  const name = JSON.stringify(field.name);
  const whole = field.array ? `|v| fields::each(${name}, v, ${one ?? 'Ok'})` : one;
  if (!whole) return value;
  if (field.optional) {
    // As rustfmt writes a chain longer than its chain width (60).
    const chain = `${value}.map(${whole}).transpose()?`;
    const pad = `\n${' '.repeat(16)}`;
    return chain.length <= 60 ? chain : `self${pad}.${field.name}${pad}.map(${whole})${pad}.transpose()?`;
  }
  // A closure called at once reads better as the call it makes.
  const direct = whole.replace(/^\|v\| /, '').replace(/\(([^,]+), v(.*)\)$/, `($1, ${value}$2)`);
  return `${direct}?`;
}

/** A valid value of a field: `variant` 0 for the create samples, 1 for an update. */
export function sampleValue(field: Field, variant: 0 | 1, n = 0): unknown {
  const pick = <T>(a: T, b: T): T => (variant === 0 ? a : b);
  let one: unknown;
  switch (field.type) {
    case 'string':
      one =
        field.name === 'name'
          ? pick('Blue widget', 'Red widget')
          : field.name === 'description'
            ? 'A widget, in blue.'
            : pick(`${field.name} one`, `${field.name} two`).slice(0, field.max);
      break;
    case 'integer':
      one = pick(42, 7) + n;
      break;
    case 'number':
      one = pick(9.5, 12.25);
      break;
    case 'boolean':
      one = pick(true, false);
      break;
    case 'date':
      one = pick('2026-11-27', '2024-02-29');
      break;
    case 'datetime':
      one = pick('2026-11-27T12:00:00Z', '2024-02-29T23:59:59.5+01:00');
      break;
    case 'enum':
      one = pick(field.values?.[0], field.values?.[field.values.length - 1]);
      break;
  }
  return field.array ? [one] : one;
}

/** A valid body: every field for a create (variant 0); the required ones only, with other values, for an update (variant 1). */
export function sampleBody(fields: Field[], variant: 0 | 1): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => variant === 0 || !f.optional).map((f) => [f.name, sampleValue(f, variant)]));
}

/** Bodies the API refuses, one or two per field: what each breaks, and the body. */
export function badBodies(fields: Field[]): { name: string; description: string; body: Record<string, unknown> }[] {
  const valid = sampleBody(fields, 0);
  const without = (name: string): Record<string, unknown> => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== name));
  const bad: { name: string; description: string; body: Record<string, unknown> }[] = [];
  for (const f of fields) {
    const slug = f.name.replace(/_/g, '-');
    if (!f.optional) bad.push({ name: `missing-${slug}`, description: `\`${f.name}\` is missing`, body: without(f.name) });
    const wrong = f.type === 'string' || f.type === 'date' || f.type === 'datetime' || f.type === 'enum' ? 42 : 'not a ' + f.type;
    bad.push({ name: `wrong-type-${slug}`, description: `\`${f.name}\` has the wrong type`, body: { ...valid, [f.name]: f.array ? [wrong] : wrong } });
    const invalid = invalidValue(f);
    if (invalid !== undefined)
      bad.push({
        name: `invalid-${slug}`,
        description: `\`${f.name}\` ${invalid.why}`,
        body: { ...valid, [f.name]: f.array ? [invalid.value] : invalid.value },
      });
  }
  return bad;
}

/** A value of the right JSON type that the field's checks refuse. */
function invalidValue(field: Field): { value: unknown; why: string } | undefined {
  switch (field.type) {
    case 'string':
      // A short limit is shown with a value over it; a long one would make a sample too long to read (fields.rs's tests cover it).
      return (field.max ?? DEFAULT_STRING_MAX) <= 40
        ? { value: 'x'.repeat((field.max ?? 0) + 1), why: `is longer than ${field.max} characters` }
        : { value: '   ', why: 'is blank' };
    case 'date':
      return { value: '2026-02-30', why: 'is not a date (YYYY-MM-DD)' };
    case 'datetime':
      return { value: '2026-11-27 12:00', why: 'is not an RFC 3339 date-time' };
    case 'enum':
      return { value: 'not-a-value', why: `is not one of ${(field.values ?? []).join(', ')}` };
    case 'integer':
      return { value: 1.5, why: 'is not a whole number' };
    case 'number':
      return { value: 1e126, why: "is out of DynamoDB's range" };
    default:
      return undefined;
  }
}

/**
 * A character that is not blank as the API trims (Rust's `char::is_whitespace`, Unicode's
 * White_Space, spelled out: ECMAScript's and Python's `\s` each differ from it).
 */
export const NOT_BLANK = '[^\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

/**
 * The JSON Schema (OpenAPI 3.1) of one field's value, exactly what the shared crate's checks
 * accept: a string of 1 to max characters as sent with one that is not blank; a number that
 * DynamoDB stores (0, or a magnitude from 1e-130 below 1e126). `nullable`: in a body, where an
 * optional field given as null is left out.
 */
export function fieldSchema(field: Field, nullable = false): Record<string, unknown> {
  let one: Record<string, unknown>;
  switch (field.type) {
    case 'string':
      one = { type: 'string', minLength: 1, maxLength: field.max, pattern: NOT_BLANK };
      break;
    case 'integer':
      one = { type: 'integer', format: 'int64' };
      break;
    case 'number':
      one = {
        type: 'number',
        format: 'double',
        anyOf: [{ const: 0 }, { minimum: 1e-130, exclusiveMaximum: 1e126 }, { exclusiveMinimum: -1e126, maximum: -1e-130 }],
        description: "0, or of a magnitude from 1e-130 below 1e126 (DynamoDB's numbers)",
      };
      break;
    case 'boolean':
      one = { type: 'boolean' };
      break;
    case 'date':
      one = { type: 'string', format: 'date' };
      break;
    case 'datetime':
      one = { type: 'string', format: 'date-time' };
      break;
    case 'enum':
      one = { type: 'string', enum: field.values };
      break;
  }
  const value = field.array ? { type: 'array', items: one, maxItems: MAX_ARRAY_ITEMS } : one;
  if (!(nullable && field.optional)) return value;
  return { anyOf: [value, { type: 'null' }], description: 'null: left out' };
}

/** Field types a partition key may have: those stored as DynamoDB strings (`?<field>=` is matched as text). */
const INDEX_KEY_TYPES: ReadonlySet<FieldType> = new Set(['string', 'date', 'datetime', 'enum']);
/** Field types a sort key may have: strings (not date-times, below) and numbers (DynamoDB's `N`, in numeric order). */
const SORT_KEY_TYPES: ReadonlySet<FieldType> = new Set(['string', 'date', 'datetime', 'enum', 'integer', 'number']);
const SORT_KEY_KINDS = 'string, date, enum, integer or number fields, not arrays';

/** Whether a sort key is a DynamoDB number (`N`). */
export function isNumericKey(field: Field | undefined): boolean {
  return field?.type === 'integer' || field?.type === 'number';
}

/** The index of `--index field[:sort]` over these fields, or what is wrong with it. */
export function parseIndex(text: string, fields: Field[]): ResourceIndex | string {
  const [partition = '', sort, extra] = text.split(':').map((p) => p.trim());
  if (extra !== undefined || partition === '' || sort === '') return `"${text}" is not an index: write field or field:sort, e.g. "author" or "author:released"`;
  for (const name of [partition, ...(sort ? [sort] : [])]) {
    const field = fields.find((f) => f.name === name);
    if (!field) return `"${name}" is not a field of the resource (${fields.map((f) => f.name).join(', ')})`;
    if (name === sort && (field.array || !SORT_KEY_TYPES.has(field.type))) return `field "${name}" cannot be a sort key: sort keys are ${SORT_KEY_KINDS}`;
    if (name === partition && (field.array || !INDEX_KEY_TYPES.has(field.type)))
      return `field "${name}" cannot be an index key: partition keys are string, date, datetime or enum fields, not arrays`;
  }
  if (sort === partition) return `the index's sort key must be another field than its partition key "${partition}"`;
  if (sort && fields.find((f) => f.name === sort)?.type === 'datetime') return unsortable(sort);
  return { partition, ...(sort ? { sort } : {}) };
}

/** DynamoDB sorts strings byte by byte: RFC 3339 date-times with other offsets or fractions of a second do not sort as time does. */
function unsortable(name: string): string {
  return `field "${name}" cannot be a sort key: date-times with other offsets or fractions of a second do not sort as text (DynamoDB's order); sort by a date, or a string the client writes in one form`;
}

/** The name of a resource's index in DynamoDB: `by-<partition>`. */
export function indexName(index: ResourceIndex): string {
  return `by-${index.partition.replace(/_/g, '-')}`;
}

export function indexText(index: ResourceIndex): string {
  return index.sort ? `${index.partition}:${index.sort}` : index.partition;
}

/**
 * The sort key of `--sort-key field[:asc|desc]` over these fields, or what is wrong with it: a
 * required string-typed field (a record without it would be missing from the list).
 */
export function parseSortKey(text: string, fields: Field[]): ResourceSortKey | string {
  const [name = '', order, extra] = text.split(':').map((p) => p.trim());
  if (extra !== undefined || name === '' || (order !== undefined && order !== 'asc' && order !== 'desc')) {
    return `"${text}" is not a sort key: write field, field:asc or field:desc, e.g. "released:desc"`;
  }
  const field = fields.find((f) => f.name === name);
  if (!field) return `"${name}" is not a field of the resource (${fields.map((f) => f.name).join(', ')})`;
  if (field.array || !SORT_KEY_TYPES.has(field.type)) return `field "${name}" cannot be a sort key: sort keys are ${SORT_KEY_KINDS}`;
  if (field.type === 'datetime') return unsortable(name);
  if (field.optional) return `field "${name}" cannot be a sort key: it is optional, and a record without it would be missing from the list (drop the ?)`;
  return { field: name, ...(order === 'desc' ? { descending: true as const } : {}) };
}

/**
 * Checks an `--index` or `--sort-key` answer against the fields answered before it, so that a
 * terminal asks again; when they are not known yet (flags are read first), the configuration
 * checks it once they are.
 */
export function validateAgainstFields(parse: (text: string, fields: Field[]) => unknown): (value: string, answers?: Record<string, string>) => Validation {
  return (value, answers) => {
    const fields = answers?.fields === undefined ? undefined : parseFields(answers.fields.trim() || DEFAULT_FIELDS_SPEC);
    if (value.trim() === '' || fields === undefined || typeof fields === 'string') return true;
    const result = parse(value.trim(), fields);
    return typeof result === 'string' ? result : true;
  };
}

/** What a sort key costs, for help texts. */
export const SORT_KEY_HELP = 'one partition: about a thousand writes a second';

/** The name of the index that sorts a resource's list in DynamoDB: `sorted-by-<field>`. */
export function sortKeyIndexName(sortKey: ResourceSortKey): string {
  return `sorted-by-${sortKey.field.replace(/_/g, '-')}`;
}

/** The attribute, and its one value, that partitions a sorted list's index (the shared crate's `store::LISTED`). */
export const LISTED_ATTRIBUTE = '_list';
export const LISTED_VALUE = 'all';

export function sortKeyText(sortKey: ResourceSortKey): string {
  return `${sortKey.field}:${sortKey.descending ? 'desc' : 'asc'}`;
}

/** A table's global secondary indexes (every attribute projected; string partition keys, string or number sort keys): its index, then the one of its sort key. */
export interface TableIndex {
  name: string;
  partition: string;
  sort?: string;
  /** The sort key is a DynamoDB number (`N`). */
  numeric?: true;
}

export function tableIndexes(index: ResourceIndex | undefined, sortKey: ResourceSortKey | undefined, fields: Field[]): TableIndex[] {
  const numeric = (name: string | undefined) => (isNumericKey(fields.find((f) => f.name === name)) ? { numeric: true as const } : {});
  return [
    ...(index ? [{ name: indexName(index), partition: index.partition, ...(index.sort ? { sort: index.sort, ...numeric(index.sort) } : {}) }] : []),
    ...(sortKey ? [{ name: sortKeyIndexName(sortKey), partition: LISTED_ATTRIBUTE, sort: sortKey.field, ...numeric(sortKey.field) }] : []),
  ];
}

/** The key attributes of a table and their DynamoDB types: `id`, then those of its indexes, each once. */
export function tableKeys(indexes: readonly TableIndex[]): { name: string; type: 'S' | 'N' }[] {
  const keys = new Map<string, 'S' | 'N'>([['id', 'S']]);
  for (const i of indexes) {
    keys.set(i.partition, 'S');
    if (i.sort) keys.set(i.sort, i.numeric ? 'N' : 'S');
  }
  return [...keys].map(([name, type]) => ({ name, type }));
}
