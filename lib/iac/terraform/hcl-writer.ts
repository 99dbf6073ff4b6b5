/**
 * HCL written as data: a block is its type, labels and body; the body is paragraphs (a nested
 * block, or a run of attributes and comment lines), printed one blank line apart as `terraform
 * fmt` prints them: two spaces per level, and the `=` of consecutive one-line attributes aligned.
 * An attribute whose value is undefined, an empty comment and a falsy paragraph are left out, so
 * a caller lists what a resource may have instead of splicing optional text.
 */

/** What a caller writes for something a resource does not have. */
type Absent = undefined | null | false | '';

/** One line of a paragraph: an attribute (`[name, expression]`; left out when the expression is undefined) or comment line(s). */
export type HclLine = readonly [name: string, expression: string | undefined] | HclComment | Absent;

/** Comment lines (`#checkov:skip=...`), re-indented to the block's level; empty: left out. */
export interface HclComment {
  readonly comment: string;
}

export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly HclParagraph[];
}

/** A nested block, or attributes and comments with no blank line between them. */
export type HclParagraph = HclBlock | readonly HclLine[] | Absent;

export function block(type: string, labels: readonly string[], ...body: HclParagraph[]): HclBlock {
  return { type, labels, body };
}

export const resource = (type: string, name: string, ...body: HclParagraph[]): HclBlock => block('resource', [type, name], ...body);
export const data = (type: string, name: string, ...body: HclParagraph[]): HclBlock => block('data', [type, name], ...body);
export const comment = (text: string): HclComment => ({ comment: text });

/** A string literal of plain text (quotes and backslashes escaped; no `${` expected in it). */
export const str = (text: string): string => JSON.stringify(text);
/** A string template whose interpolations are already HCL (`${substr("...", 0, 20)}`): quoted, not escaped. */
export const template = (hcl: string): string => `"${hcl}"`;
/** A one-line list of expressions. */
export const list = (items: readonly string[]): string => `[${items.join(', ')}]`;
/** A one-line list of string literals. */
export const strings = (items: readonly string[]): string => list(items.map(str));
/** An object over several lines, its `=` aligned (keys as written: quote those that need it). */
export const object = (entries: readonly (readonly [string, string])[]): string => `{\n${alignedLines(entries, '  ')}\n}`;

/** Consecutive attributes, their `=` aligned as `terraform fmt` aligns them. */
export function alignedLines(attributes: readonly (readonly [string, string])[], indent: string): string {
  const width = Math.max(...attributes.map(([k]) => k.length));
  // A value over several lines (an object, a list) keeps its own lines at the attribute's indentation.
  return attributes.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v.replace(/\n/g, `\n${indent}`)}`).join('\n');
}

const isBlock = (p: HclParagraph): p is HclBlock => typeof p === 'object' && p !== null && 'type' in p;

function printLines(lines: readonly HclLine[], indent: string): string {
  const out: string[] = [];
  let run: (readonly [string, string])[] = [];
  const flush = () => {
    if (run.length) out.push(alignedLines(run, indent));
    run = [];
  };
  for (const line of lines) {
    if (!line) continue;
    if ('comment' in line) {
      flush();
      if (line.comment.trim()) out.push(...line.comment.split('\n').map((l) => `${indent}${l.trimStart()}`));
      continue;
    }
    const [name, value] = line;
    if (value === undefined) continue;
    if (value.includes('\n')) {
      // A value over several lines ends the run and is not padded; its own lines follow the attribute's indentation.
      flush();
      out.push(`${indent}${name} = ${value.replace(/\n/g, `\n${indent}`)}`);
      continue;
    }
    run.push([name, value]);
  }
  flush();
  return out.join('\n');
}

/** A block as `terraform fmt` prints it, at `indent`. */
export function printBlock(b: HclBlock, indent = ''): string {
  const head = `${indent}${[b.type, ...b.labels.map(str)].join(' ')} {`;
  const inner = `${indent}  `;
  const paragraphs = b.body
    .filter((p): p is HclBlock | readonly HclLine[] => Boolean(p))
    .map((p) => (isBlock(p) ? printBlock(p, inner) : printLines(p, inner)))
    .filter((text) => text !== '');
  return paragraphs.length ? `${head}\n${paragraphs.join('\n\n')}\n${indent}}` : `${head}}`;
}

/** Top-level blocks, one blank line apart. */
export function printHcl(...blocks: (HclBlock | Absent)[]): string {
  return blocks
    .filter((b): b is HclBlock => Boolean(b))
    .map((b) => printBlock(b))
    .join('\n\n');
}
