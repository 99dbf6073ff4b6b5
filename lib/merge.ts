/**
 * Three-way merges of text by git's own merge machinery (`git merge-file`): a user's edit of a
 * generator-owned file and the generator's change to it, both from what the generator last wrote.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The label of "ours" in conflict markers: what a conflict left in a file is found by. */
export const OURS_LABEL = 'your edit';

/** Whether a text holds a conflict left by a merge of ours (a line starting `<<<<<<< your edit`). */
export function holdsConflict(text: string): boolean {
  return text.split('\n').some((line) => line.startsWith(`<<<<<<< ${OURS_LABEL}`));
}

export interface Merged {
  text: string;
  /** Regions both sides changed, left as standard conflict markers in `text`. */
  conflicts: number;
}

/**
 * Merges `theirs` (the generator's new rendering) into `ours` (the file as the user has it), both
 * changed from `base` (what the generator wrote before). Undefined when git cannot be run.
 */
export function mergeThreeWay(
  ours: string,
  base: string,
  theirs: string,
  labels = { ours: OURS_LABEL, base: 'as generated before', theirs: 'as generated now' },
): Merged | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'serverless-api-merge-'));
  try {
    const files = { ours: path.join(dir, 'ours'), base: path.join(dir, 'base'), theirs: path.join(dir, 'theirs') };
    writeFileSync(files.ours, ours);
    writeFileSync(files.base, base);
    writeFileSync(files.theirs, theirs);
    const result = spawnSync('git', ['merge-file', '-p', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs, files.ours, files.base, files.theirs], {
      encoding: 'utf8',
    });
    // Exit status: the number of conflicts (0 for a clean merge); negative (>127 here) on error.
    if (result.error || result.status === null || result.status > 127) return undefined;
    return { text: result.stdout, conflicts: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
