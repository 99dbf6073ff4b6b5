/**
 * The README's maintained section (route and function tables, a line of prose, a shell block) as
 * prettier writes it (parser `markdown`, prose kept as written), without loading prettier: an
 * addition rewrites this section every time, and formatting it through prettier was most of an
 * addition's time in a workspace of many routes.
 *
 * Prettier pads each table cell to its column's width (at least 3), writes the delimiter row as
 * dashes of that width, keeps prose lines and fenced code as they are, and leaves one blank line
 * between blocks. Anything else, or a character whose rendering prettier might change (emphasis,
 * escapes, HTML, links, pipes, non-ASCII text), makes `prettierMarkdownSection` return undefined:
 * prettier formats it then. A property test holds this printer to prettier.
 */

/** Text outside code spans that prettier prints as it is. */
const PLAIN = /^[A-Za-z0-9 ,.:;()'"/=?+-]*$/;

/** A cell or a prose line: code spans without backticks inside, and plain text between them. */
function inlineIsPlain(text: string): boolean {
  const parts = text.split('`');
  // An odd number of backticks leaves a span open.
  if (parts.length % 2 === 0) return false;
  // Prettier writes a run of spaces in text as one space.
  return parts.every((part, i) =>
    i % 2 === 1 ? part.length > 0 && !/^ | $/.test(part) && /^[\x20-\x7e]*$/.test(part) : PLAIN.test(part) && !part.includes('  '),
  );
}

function table(lines: string[]): string[] | undefined {
  const rows = lines.map((line) => {
    if (!line.startsWith('| ') || !line.endsWith(' |') || line.includes('\\')) return undefined;
    return line
      .slice(2, -2)
      .split(' | ')
      .map((cell) => cell.trim());
  });
  if (rows.some((row) => row === undefined)) return undefined;
  const [head, delimiter, ...body] = rows as string[][];
  if (!head || !delimiter || delimiter.length !== head.length || !delimiter.every((cell) => /^-{3,}$/.test(cell))) return undefined;
  if (body.some((row) => row.length !== head.length)) return undefined;
  if (![head, ...body].every((row) => row.every((cell) => !cell.includes('|') && inlineIsPlain(cell)))) return undefined;
  const widths = head.map((_, column) => Math.max(3, ...[head, ...body].map((row) => row[column]!.length)));
  const print = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [print(head), print(widths.map((width) => '-'.repeat(width))), ...body.map(print)];
}

/** The section as prettier writes it, without its surrounding blank lines; undefined when unsure. */
export function prettierMarkdownSection(text: string): string | undefined {
  const lines = text.split('\n');
  const blocks: string[][] = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
    } else if (line.startsWith('|')) {
      const start = i;
      while (i < lines.length && lines[i]!.startsWith('|')) i++;
      const printed = table(lines.slice(start, i));
      if (!printed) return undefined;
      blocks.push(printed);
    } else if (/^```[a-z]*$/.test(line)) {
      const end = lines.indexOf('```', i + 1);
      // Code kept as it is: at least one line, none blank at either end nor with trailing spaces.
      const body = lines.slice(i + 1, end);
      if (end < 0 || body.length === 0 || body.some((l) => l.startsWith('```') || l !== l.trimEnd()) || !body[0]!.trim() || !body.at(-1)!.trim())
        return undefined;
      blocks.push(lines.slice(i, end + 1));
      i = end + 1;
    } else {
      // One line of prose, followed by a blank line or the end: a paragraph prettier keeps.
      // It starts with a letter or a code span: not a list item, a heading or a numbered line.
      if (!/^[A-Za-z`]/.test(line) || !inlineIsPlain(line) || line !== line.trim() || (i + 1 < lines.length && lines[i + 1]!.trim() !== '')) return undefined;
      blocks.push([line]);
      i++;
    }
  }
  return blocks.map((block) => block.join('\n')).join('\n\n');
}
