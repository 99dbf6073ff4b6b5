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

/**
 * What becomes of one generated file when the generator's rendering of it moves from `base` (what
 * it rendered before: the configuration before an addition, or the old version's rendering in an
 * upgrade) to `theirs` (undefined: no longer generated), the user's copy being `ours` (undefined:
 * absent). The one decision additions and upgrades share; each caller says what to do with an
 * outcome (an addition stops on a conflict, an upgrade writes its markers).
 */
export type FileOutcome =
  /** Nothing to write: the file is already what it should be, or neither side has it. */
  | { kind: 'unchanged' }
  /** New: the generator makes it and the user has none. */
  | { kind: 'added'; text: string }
  /** The user's copy is as the generator left it: the new rendering replaces it. */
  | { kind: 'generated'; text: string }
  /** Both changed: the generator's change merged into the user's edit. */
  | { kind: 'merged'; text: string }
  /**
   * Both changed the same lines: the merge with conflict markers (or, for a file of which the
   * generator owns a section, the rendering that would replace the edited `section`).
   */
  | { kind: 'conflict'; text: string; regions: number; section?: string }
  /** No longer generated, and as the generator left it. */
  | { kind: 'removed' }
  /** The user edited a file no longer generated, or removed one the generator changes: left as it is. */
  | { kind: 'kept'; why: 'edited' | 'removed' }
  /** Both changed, and git cannot be run to merge them. */
  | { kind: 'unmerged' };

export function planFile(
  ours: string | undefined,
  base: string | undefined,
  theirs: string | undefined,
  labels?: { ours: string; base: string; theirs: string },
): FileOutcome {
  if (theirs === undefined) {
    if (ours === undefined || base === undefined) return { kind: 'unchanged' };
    return ours === base ? { kind: 'removed' } : { kind: 'kept', why: 'edited' };
  }
  if (ours === undefined) {
    if (base === undefined) return { kind: 'added', text: theirs };
    return base === theirs ? { kind: 'unchanged' } : { kind: 'kept', why: 'removed' };
  }
  if (ours === theirs) return { kind: 'unchanged' };
  if (ours === base) return { kind: 'generated', text: theirs };
  const merged = mergeThreeWay(ours, base ?? '', theirs, labels);
  if (!merged) return { kind: 'unmerged' };
  return merged.conflicts > 0 ? { kind: 'conflict', text: merged.text, regions: merged.conflicts } : { kind: 'merged', text: merged.text };
}
