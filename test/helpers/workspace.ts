import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { CLI } from './generators.js';
import { tool } from './run.js';

/** Generates `<root>/<name>` with the package's own command, as a user does. */
export async function generate(root: string, name: string, ...flags: string[]): Promise<string> {
  mkdirSync(root, { recursive: true });
  const dir = path.join(root, name);
  rmSync(dir, { recursive: true, force: true });
  await tool(root, 'node', [CLI, 'new', name, '--yes', '--no-git', ...flags]);
  return dir;
}

/** What the generated CI and Makefile check on the Rust code: fmt, clippy -D warnings, tests. */
export async function rustChecks(dir: string): Promise<void> {
  await tool(dir, 'cargo', ['fmt', '--all', '--check']);
  await tool(dir, 'cargo', ['clippy', '--workspace', '--all-targets', '--', '-D', 'warnings']);
  const tests = await tool(dir, 'cargo', ['test', '--workspace']);
  const passed = [...tests.matchAll(/test result: ok\. (\d+) passed; 0 failed/g)].reduce((n, m) => n + Number(m[1]), 0);
  expect(passed).toBeGreaterThan(20);
  expect(tests).not.toMatch(/test result: FAILED/);
}

/** Runs checkov on a file or folder; returns its failed checks and the skips that give no reason. */
export async function checkov(cwd: string, args: string[]): Promise<{ failed: string[]; unexplained: string[]; passed: number }> {
  // --soft-fail: exit 0 either way; the JSON report, written to a file, is what decides.
  const reportDir = mkdtempSync(path.join(tmpdir(), 'checkov-'));
  await tool(cwd, 'checkov', [...args, '--skip-download', '--soft-fail', '-o', 'json', '--output-file-path', reportDir], { BC_SKIP_MAPPING: 'TRUE' });
  const json = JSON.parse(readFileSync(path.join(reportDir, 'results_json.json'), 'utf8'));
  const reports = Array.isArray(json) ? json : [json];
  const failed = reports.flatMap((r: any) => r.results?.failed_checks ?? []).map((c: any) => `${c.check_id} ${c.resource} ${c.file_path}`);
  const skipped = reports.flatMap((r: any) => r.results?.skipped_checks ?? []);
  const unexplained = skipped.filter((c: any) => !c.check_result?.suppress_comment?.trim()).map((c: any) => `${c.check_id} ${c.resource}`);
  const passed = reports.reduce((n: number, r: any) => n + (r.summary?.passed ?? 0), 0);
  return { failed, unexplained, passed };
}
