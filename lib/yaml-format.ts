/**
 * YAML of JSON data as the `yaml` library prints it with `YAML_OPTIONS` (its core schema, two
 * spaces, no folding, single quotes), byte for byte, for what the generator's documents hold:
 * maps, sequences of scalars or maps, one-line strings, finite numbers, booleans. `yaml` itself
 * prints anything else (a control character, a document marker, a sequence in a sequence), so the
 * text never depends on which printer ran; this one is only faster (the
 * contract of 200 routes in a few milliseconds instead of about sixty, twice per addition).
 * Held to `yaml` by a property test (test/unit/yaml-format.test.ts).
 */
import { stringify } from 'yaml';

export const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true } as const;

/** What this printer leaves to `yaml`. */
class Unsupported extends Error {}

/** Strings `yaml` does not print plain (its plainString): indicators, `: `, ` #`, edge spaces. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Strings that would read back as another type of the core schema: null, booleans, numbers. */
const OTHER_TYPES = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** Characters `yaml` escapes, or that change a line's meaning (document markers). */
// eslint-disable-next-line no-control-regex -- control characters are what it leaves to `yaml`
const UNSUPPORTED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]|^(?:---|\.\.\.)/;

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      if (UNSUPPORTED.test(value) || value.length > 1024) throw new Unsupported();
      if (!NOT_PLAIN.test(value) && !OTHER_TYPES.some((t) => t.test(value))) return value;
      // `yaml` double-quotes a string with a single quote and no double quote: as JSON does,
      // for a string without control characters.
      if (value.includes("'") && !value.includes('"')) return JSON.stringify(value);
      return `'${value.replace(/'/g, "''")}'`;
    }
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) throw new Unsupported();
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    default:
      if (value === null) return 'null';
      throw new Unsupported();
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The lines of a map's entries at `indent`. */
function mapLines(map: Record<string, unknown>, indent: string, out: string[]): void {
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const head = `${indent}${scalar(key)}:`;
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(`${head} []`);
      else {
        out.push(head);
        seqLines(value, `${indent}  `, out);
      }
    } else if (isMap(value)) {
      if (Object.values(value).every((v) => v === undefined)) out.push(`${head} {}`);
      else {
        out.push(head);
        mapLines(value, `${indent}  `, out);
      }
    } else out.push(`${head} ${scalar(value)}`);
  }
}

/** The lines of a sequence's items at `indent` (`- ` there, a map's further entries two deeper). */
function seqLines(items: unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    if (Array.isArray(item)) {
      if (item.length > 0) throw new Unsupported();
      out.push(`${indent}- []`);
    } else if (isMap(item)) {
      const start = out.length;
      mapLines(item, `${indent}  `, out);
      if (out.length === start) out.push(`${indent}- {}`);
      else out[start] = `${indent}- ${out[start]!.slice(indent.length + 2)}`;
    } else out.push(`${indent}- ${scalar(item)}`);
  }
}

/** The YAML of a map, if this printer prints all of it; undefined where `yaml` must. */
export function fastYaml(document: Record<string, unknown>): string | undefined {
  const out: string[] = [];
  try {
    mapLines(document, '', out);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return out.length ? `${out.join('\n')}\n` : '{}\n';
}

/** The YAML of a map, as `yaml` prints it with `YAML_OPTIONS`. */
export function yamlOf(document: Record<string, unknown>): string {
  return fastYaml(document) ?? stringify(document, YAML_OPTIONS);
}
