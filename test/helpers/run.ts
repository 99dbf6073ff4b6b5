import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from './generators.js';

/** Where end-to-end runs keep their workspaces and logs (`.e2e/`, ignored by git). */
export const E2E_DIR = process.env.E2E_DIR ?? path.join(REPO_ROOT, '.e2e');
/** One Cargo target directory for every generated workspace of a run: dependencies build once. */
export const CARGO_TARGET_DIR = process.env.CARGO_TARGET_DIR ?? path.join(E2E_DIR, 'target');
const LOG = path.join(E2E_DIR, 'e2e.log');

export const toolEnv: Record<string, string> = {
  CARGO_TARGET_DIR,
  // A run builds a dozen workspaces, debug and release, into one target directory: with full
  // debug info and incremental caches that was 19 GB (13 GB of it debug info in test and function
  // binaries), enough to fill CI's disk. Line tables keep panics' and backtraces' file:line.
  CARGO_PROFILE_DEV_DEBUG: process.env.CARGO_PROFILE_DEV_DEBUG ?? 'line-tables-only',
  CARGO_INCREMENTAL: process.env.CARGO_INCREMENTAL ?? '0',
  CARGO_TERM_COLOR: 'never',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  SAM_CLI_TELEMETRY: '0',
  TF_CLI_CONFIG_FILE: '/dev/null',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

/**
 * Runs a real tool and fails with its output when it fails. Output is appended to
 * `.e2e/e2e.log`; each command and its duration are printed. A variable set to `undefined` in
 * `env` is removed from the tool's environment.
 */
export async function tool(cwd: string, command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  // A check that runs in the wrong folder could pass on nothing: refuse instead.
  if (!cwd || !existsSync(cwd)) throw new Error(`no such folder to run ${command} in: "${cwd}"`);
  mkdirSync(E2E_DIR, { recursive: true });
  const started = Date.now();
  const result = await execa(command, args, { cwd, env: { ...toolEnv, ...env }, reject: false, all: true, stdin: 'ignore' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const line = `$ (${path.relative(E2E_DIR, cwd) || '.'}) ${command} ${args.join(' ')}  [exit ${result.exitCode}, ${seconds}s]`;
  console.log(line);
  appendFileSync(LOG, `${line}\n${result.all ?? ''}\n`);
  if (result.exitCode !== 0) {
    throw new Error(`${line}\n${(result.all ?? '').split('\n').slice(-80).join('\n')}`);
  }
  return result.all ?? '';
}
