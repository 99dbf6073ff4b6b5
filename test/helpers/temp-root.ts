import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * vitest's global setup for `npm test`: every temporary folder of the run (the tests' workspaces,
 * yeoman-test's, rustfmt's) goes under one folder, removed when the run ends, passed or failed.
 * The test workers inherit TMPDIR, which os.tmpdir() reads.
 */
export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'sa-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
