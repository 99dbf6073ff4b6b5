/**
 * JSON as prettier writes it (parser `json`, print width 120) for the JSON this generator makes
 * with `JSON.stringify(value)`: sample events and `.yo-rc.json`, most of the JSON files of a
 * workspace. Loading prettier's JSON parser and printing through it cost more than the rest of
 * an addition; this prints the same text directly.
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

function scalar(value: Json): string {
  if (typeof value === 'number' && !/^-?\d{1,15}$/.test(String(value))) throw new Unsupported();
  const text = JSON.stringify(value);
  if (!ASCII.test(text)) throw new Unsupported();
  return text;
}

function flat(value: Json): string {
  if (!isContainer(value)) return scalar(value);
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([key, item]) => `${scalar(key)}: ${flat(item)}`).join(', ')} }`;
}

/** `value` printed where `column` characters precede it on its line and `tail` follow it. */
function print(value: Json, indent: string, column: number, tail: number): string {
  if (!isContainer(value)) return scalar(value);
  if (Array.isArray(value) && value.some((item) => typeof item === 'number')) throw new Unsupported();
  const oneLine = flat(value);
  if (size(value) === 0 || (!forcedBreak(value) && column + oneLine.length + tail <= PRINT_WIDTH)) return oneLine;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item, i) => `${inner}${print(item, inner, inner.length, i < value.length - 1 ? 1 : 0)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  const members = entries.map(([key, item], i) => {
    const prefix = `${scalar(key)}: `;
    return `${inner}${prefix}${print(item, inner, inner.length + prefix.length, i < entries.length - 1 ? 1 : 0)}`;
  });
  return `{\n${members.join(',\n')}\n${indent}}`;
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
  try {
    const printed = print(value, '', 0, 0);
    // A line still too long holds a text that prettier may move below its key.
    if (printed.split('\n').some((line) => line.length > PRINT_WIDTH)) return undefined;
    return `${printed}\n`;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
