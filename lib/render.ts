/**
 * Rendering: a template and its data become the text of a file, formatted the way its
 * language's own formatter would write it (prettier for TypeScript, JSON, YAML and Markdown;
 * rustfmt for Rust). Formatters are imported or started only when a file needs them.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { UserError } from './errors.js';
import { prettierJson } from './json-format.js';
import { textOf } from './text.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `templates/` at the package root; this file runs from `dist/lib/` (built) or `lib/` (tests). */
export const TEMPLATES_DIR =
  [path.resolve(here, '..', 'templates'), path.resolve(here, '..', '..', 'templates')].find((dir) => existsSync(path.join(dir, 'workspace'))) ??
  path.resolve(here, '..', '..', 'templates');

export interface OutputFile {
  /** Path relative to the workspace root, with `/` separators. */
  path: string;
  contents: string;
}

const templateCache = new Map<string, ejs.TemplateFunction>();

/** The inside of a double-quoted JSON string: also a valid TOML basic string and YAML double-quoted scalar. */
const jsonString = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * What `<%= value %>` does to a value in a template, by the language of the file it renders: the
 * escaping of a string literal of that language (the templates put free text such as the
 * description inside quotes), or of Markdown prose. EJS's own escaping is for HTML.
 */
const ESCAPES: Readonly<Record<string, (text: string) => string>> = {
  // TypeScript and JavaScript strings, in single or double quotes.
  '.ts': (text) => jsonString(text).replace(/'/g, "\\'"),
  '.json': jsonString,
  '.toml': jsonString,
  '.yml': jsonString,
  '.yaml': jsonString,
  // Rust strings and comments: JSON's escapes are Rust's, for the printable text validation allows.
  '.rs': jsonString,
  // Markdown: no HTML tags, no character references; everything else reads as typed.
  '.md': (text) =>
    text
      .replace(/\\/g, '\\\\')
      .replace(/</g, '\\<')
      .replace(/&(?=#?\w+;)/g, '&amp;'),
};

function escaperFor(template: string): (value: unknown) => string {
  const escape = ESCAPES[path.extname(template.replace(/\.ejs$/, ''))] ?? ((text: string) => text);
  return (value: unknown) => escape(textOf(value));
}

/** Renders `templates/<template>` (EJS when it ends with `.ejs`, copied as-is otherwise). */
export function renderTemplate(template: string, data: Record<string, unknown>): string {
  const file = path.join(TEMPLATES_DIR, template);
  if (!template.endsWith('.ejs')) return readFileSync(file, 'utf8');
  let compiled = templateCache.get(file);
  if (!compiled) {
    compiled = ejs.compile(readFileSync(file, 'utf8'), { filename: file, strict: false, escape: escaperFor(template) });
    templateCache.set(file, compiled);
  }
  return compiled(data);
}

/**
 * Renders an EJS text from outside the package (a preset's file), escaped by the language of its
 * destination as the package's own templates are. `where` names it in the error of a bad template.
 */
export function renderText(text: string, destination: string, data: Record<string, unknown>, where: string): string {
  try {
    return ejs.render(text, data, { strict: false, escape: escaperFor(destination) });
  } catch (error) {
    throw new UserError(`${where}: the template does not render: ${(error as Error).message.split('\n').at(-1) ?? ''}`);
  }
}

/** Options shared by every generated TypeScript, JSON, YAML and Markdown file (also written to infra/.prettierrc.json). */
export const PRETTIER_OPTIONS = { singleQuote: true, printWidth: 120, proseWrap: 'preserve' } as const;

const PRETTIER_PARSERS: Readonly<Record<string, string>> = {
  '.ts': 'typescript',
  '.json': 'json',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.md': 'markdown',
};

type Prettier = typeof import('prettier');
let prettier: Prettier | undefined;

async function prettierFormat(contents: string, parser: string): Promise<string> {
  // Required, not imported: the bundled CLI runs where import() cannot (bin/serverless-api.ts).
  prettier ??= createRequire(import.meta.url)('prettier') as Prettier;
  return prettier.format(contents, { ...PRETTIER_OPTIONS, parser });
}

let rustfmtMissing = false;

/**
 * Formats Rust sources with the toolchain's rustfmt, all in one process (a temporary folder,
 * formatted in place); returns them unchanged when rustfmt cannot be run.
 */
async function rustfmtAll(sources: OutputFile[]): Promise<string[]> {
  if (rustfmtMissing || sources.length === 0) return sources.map((s) => s.contents);
  const dir = mkdtempSync(path.join(tmpdir(), 'serverless-api-rustfmt-'));
  try {
    // At their own paths, so that rustfmt finds the files that `mod` declarations name.
    const files = sources.map((source) => {
      const file = path.join(dir, source.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, source.contents);
      return file;
    });
    // A module declared by a file of the batch but not rendered with it (a file made by an
    // earlier run): an empty stand-in, so that rustfmt formats the declaring file alone.
    for (const [i, source] of sources.entries()) {
      for (const [, name] of source.contents.matchAll(/^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+([A-Za-z_]\w*)\s*;/gm)) {
        const stem = path.join(path.dirname(files[i] ?? dir), name ?? '');
        if (!existsSync(`${stem}.rs`) && !existsSync(path.join(stem, 'mod.rs'))) writeFileSync(`${stem}.rs`, '');
      }
    }
    await new Promise<void>((resolve, reject) => {
      execFile('rustfmt', ['--edition', '2024', '--quiet', ...files], { maxBuffer: 16 << 20 }, (error, _stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT' || code === 'EACCES') {
          rustfmtMissing = true;
          resolve();
        } else if (error) {
          reject(new Error(`rustfmt rejected generated code (a template bug): ${stderr || error.message}`));
        } else {
          resolve();
        }
      });
    });
    return rustfmtMissing ? sources.map((s) => s.contents) : files.map((file) => readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when the last Rust file could not be formatted because rustfmt is not on PATH. */
export function rustfmtUnavailable(): boolean {
  return rustfmtMissing;
}

/** Collapses runs of blank lines left by template conditionals, and ends the text with one newline. */
export function tidy(contents: string): string {
  return `${contents
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd()}\n`;
}

/** The contents of generated files, each formatted by its language's formatter. */
export async function formatFiles(files: readonly OutputFile[]): Promise<OutputFile[]> {
  const rust = files.filter((f) => f.path.endsWith('.rs'));
  // rustfmt runs as a process of its own: the other files are formatted while it runs.
  const [formattedRust, others] = await Promise.all([
    rustfmtAll(rust.map((f) => ({ path: f.path, contents: tidy(f.contents) }))),
    Promise.all(files.filter((f) => !f.path.endsWith('.rs')).map(async (f) => ({ path: f.path, contents: await formatFile(f.path, f.contents) }))),
  ]);
  const formatted = new Map<string, string>(others.map((f) => [f.path, f.contents]));
  rust.forEach((f, i) => formatted.set(f.path, formattedRust[i] ?? f.contents));
  return files.map((f) => ({ path: f.path, contents: formatted.get(f.path) ?? f.contents }));
}

/** The contents of one generated file (not Rust), formatted by its language's formatter. */
export async function formatFile(file: string, contents: string): Promise<string> {
  const ext = path.extname(file);
  const parser = PRETTIER_PARSERS[ext] ?? (file.endsWith('.yo-rc.json') ? 'json' : undefined);
  // JSON made by JSON.stringify (sample events, .yo-rc.json) is printed as prettier would, without it.
  if (parser === 'json') return prettierJson(contents) ?? prettierFormat(contents, parser);
  if (parser) return prettierFormat(contents, parser);
  return tidy(contents);
}
