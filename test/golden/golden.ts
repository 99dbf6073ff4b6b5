/**
 * Golden output: what the generators write for a matrix of answers and additions, every byte,
 * compared with `test/golden/cases/*.golden`. These files guard refactors: a change to them must
 * be intended and its diff read. They are written only when asked (`GOLDEN_UPDATE=1 npx vitest
 * run test/golden`; review with `git diff test/golden/cases`); otherwise a missing or different
 * golden fails, in CI or not.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI } from '../helpers/generators.js';

export const GOLDEN_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'cases');

/** Runs the CLI as a user does; the output, with the temporary folder replaced by `<tmp>`. */
export async function run(cwd: string, tmp: string, ...args: string[]): Promise<string> {
  const result = await execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1', FORCE_COLOR: '0' } });
  expect(result.exitCode, result.all).toBe(0);
  return `$ serverless-api ${args.join(' ')}\n${(result.all ?? '').split(tmp).join('<tmp>').trimEnd()}\n`;
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'sa-golden-'));
}

/** Every file as one text: a header line per file, then its contents. */
export function serialize(files: Record<string, string>): string {
  return Object.entries(files)
    .map(([file, contents]) => `===== ${file} =====\n${contents}${contents.endsWith('\n') ? '' : '\n<no newline at end>\n'}`)
    .join('');
}

/** The files that differ between two snapshots (new or changed, with their contents), and those removed. */
export function changes(before: Record<string, string>, after: Record<string, string>): string {
  const changed = Object.fromEntries(Object.entries(after).filter(([file, contents]) => before[file] !== contents));
  const removed = Object.keys(before).filter((file) => !(file in after));
  return `${removed.map((file) => `===== removed: ${file} =====\n`).join('')}${serialize(changed)}`;
}

export async function expectGolden(name: string, text: string): Promise<void> {
  const file = path.join(GOLDEN_DIR, `${name}.golden`);
  if (process.env.GOLDEN_UPDATE === '1') {
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`${file} does not exist: write it with GOLDEN_UPDATE=1 npx vitest run test/golden, then read it`);
  expect(text, `${name}.golden differs (GOLDEN_UPDATE=1 rewrites it, on purpose)`).toBe(readFileSync(file, 'utf8'));
}

export { readFileSync, rmSync, snapshot, writeFileSync };
