/**
 * JSON as prettier writes it (parser `json`, print width 120) for the JSON this generator makes
 * with `JSON.stringify(value)`: sample events and `.yo-rc.json`, most of the JSON files of a
 * workspace. Loading prettier's JSON parser and printing through it cost more than the rest of
 * an addition; this prints the same text directly. The same value as a TypeScript literal (the
 * CDK app's manifest) is printed as prettier's `typescript` parser writes it: keys without
 * quotes, texts in single quotes, a trailing comma after the last member of a broken object or
 * array (keys that need quotes, and texts with quotes or escapes, are left to prettier).
 *
 * Prettier's rules for such a text: an object or array stays on one line when it fits there
 * (after what precedes it on the line, with the comma that follows it), else each member goes on
 * a line of its own, indented two spaces, and the rule applies again to each; an array of two or
 * more objects (or arrays) of more than one member each always breaks, and so does everything
 * around it. The cases whose rules are finer are left to prettier (`prettierJson` returns
 * undefined): numbers in an array too long for its line (prettier fills them line by line),
 * numbers in exponent form, text whose width on screen is not its length (non-ASCII), and a line
 * that stays too long (prettier moves a long text below its key). A property test holds this
 * printer to prettier.
 */

const PRINT_WIDTH = 120;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

class Unsupported extends Error {}

const ASCII = /^[\x20-\x7e]*$/;
const isContainer = (value: Json): value is Json[] | { [key: string]: Json } => value !== null && typeof value === 'object';
const size = (value: Json[] | { [key: string]: Json }) => (Array.isArray(value) ? value.length : Object.keys(value).length);

/** Prettier's rule for arrays of objects: two or more, all of one kind, each of more than one member. */
function alwaysBreaks(items: Json[]): boolean {
  return (
    items.length > 1 &&
    items.every((item, i) => {
      if (!isContainer(item) || size(item) <= 1) return false;
      const next = items[i + 1];
      return next === undefined || !isContainer(next) || Array.isArray(next) === Array.isArray(item);
    })
  );
}

/** Whether a container breaks whatever its width: it holds, at any depth, an array that always breaks. */
function forcedBreak(value: Json): boolean {
  if (!isContainer(value)) return false;
  const members = Array.isArray(value) ? value : Object.values(value);
  return (Array.isArray(value) && alwaysBreaks(value)) || members.some(forcedBreak);
}

/** How a language writes keys and texts, and whether a broken object or array ends with a comma. */
interface Dialect {
  key(key: string): string;
  text(text: string): string;
  trailingComma: boolean;
}

const JSON_DIALECT: Dialect = { key: (key) => JSON.stringify(key), text: (text) => JSON.stringify(text), trailingComma: false };

const TYPESCRIPT_DIALECT: Dialect = {
  // An identifier needs no quotes; prettier's rules for objects with other keys are finer.
  key: (key) => {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) throw new Unsupported();
    return key;
  },
  // Prettier picks the quote by the quotes inside, and rewrites some escapes.
  text: (text) => {
    if (/['"\\]/.test(text)) throw new Unsupported();
    return `'${text}'`;
  },
  trailingComma: true,
};

function scalar(value: Json, dialect: Dialect): string {
  if (typeof value === 'number' && !/^-?\d{1,15}$/.test(String(value))) throw new Unsupported();
  const text = typeof value === 'string' ? dialect.text(value) : JSON.stringify(value);
  if (!ASCII.test(text)) throw new Unsupported();
  return text;
}

function key(name: string, dialect: Dialect): string {
  const text = dialect.key(name);
  if (!ASCII.test(text)) throw new Unsupported();
  return text;
}

function flat(value: Json, dialect: Dialect): string {
  if (!isContainer(value)) return scalar(value, dialect);
  if (Array.isArray(value)) return `[${value.map((item) => flat(item, dialect)).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([name, item]) => `${key(name, dialect)}: ${flat(item, dialect)}`).join(', ')} }`;
}

/** `value` printed where `column` characters precede it on its line and `tail` follow it. */
function print(value: Json, dialect: Dialect, indent: string, column: number, tail: number): string {
  if (!isContainer(value)) return scalar(value, dialect);
  if (Array.isArray(value) && value.some((item) => typeof item === 'number')) throw new Unsupported();
  const oneLine = flat(value, dialect);
  if (size(value) === 0 || (!forcedBreak(value) && column + oneLine.length + tail <= PRINT_WIDTH)) return oneLine;
  const inner = `${indent}  `;
  const last = dialect.trailingComma ? ',' : '';
  // What follows a member on its line: its comma (the last one's, where the language has one).
  const after = (i: number, count: number) => (i < count - 1 || dialect.trailingComma ? 1 : 0);
  if (Array.isArray(value)) {
    const items = value.map((item, i) => `${inner}${print(item, dialect, inner, inner.length, after(i, value.length))}`);
    return `[\n${items.join(',\n')}${last}\n${indent}]`;
  }
  const entries = Object.entries(value);
  const members = entries.map(([name, item], i) => {
    const prefix = `${key(name, dialect)}: `;
    return `${inner}${prefix}${print(item, dialect, inner, inner.length + prefix.length, after(i, entries.length))}`;
  });
  return `{\n${members.join(',\n')}${last}\n${indent}}`;
}

/** `value` printed after `prefix` and before `suffix` on its first and last lines; undefined when unsure. */
function printed(value: Json, dialect: Dialect, prefix: string, suffix: string): string | undefined {
  try {
    const text = `${prefix}${print(value, dialect, '', prefix.length, suffix.length)}${suffix}`;
    // A line still too long holds a text that prettier may move below its key.
    return text.split('\n').some((line) => line.length > PRINT_WIDTH) ? undefined : `${text}\n`;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/**
 * The text prettier writes for `text`, when `text` is `JSON.stringify(value)` (one line, with or
 * without a final newline) of a value this printer covers; undefined otherwise.
 */
export function prettierJson(text: string): string | undefined {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
  if (JSON.stringify(value) !== text.replace(/\n$/, '')) return undefined;
  return printed(value, JSON_DIALECT, '', '');
}

/**
 * The statement `${prefix}<value>;` (`export const manifest: Manifest = `) as prettier's
 * `typescript` parser writes it from a one-line literal, with its final newline; undefined for a
 * value this printer does not cover.
 */
export function prettierTsLiteral(prefix: string, value: unknown): string | undefined {
  const json = JSON.stringify(value);
  if (json === undefined) return undefined;
  return printed(JSON.parse(json) as Json, TYPESCRIPT_DIALECT, prefix, ';');
}
