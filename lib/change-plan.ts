/**
 * The one change engine of additions (`route`, `resource`, `function`, `import`) and upgrades: a
 * three-way plan over the generated files. For each file it has three sides: ours (the user's copy
 * on disk), base (what the generator rendered before: the configuration before an addition, or
 * the old version's rendering in an upgrade) and theirs (what it renders now). The file's update
 * strategy is a hook that decides its outcome from the sides; the default hook is the three-way
 * decision of `planFile`. What the plan does with the conflicts is the caller's policy: an
 * addition stops before anything is written, an upgrade writes the conflict markers.
 */
import { UserError } from './errors.js';
import { type FileOutcome, planFile } from './merge.js';

/** One file as a change sees it; a side is undefined where that file does not exist. */
export interface FileSides {
  path: string;
  ours?: string;
  base?: string;
  theirs?: string;
}

/**
 * A file's update strategy: what becomes of it, from its sides. It may throw a UserError for a
 * file the change cannot update at all (a new file that exists, a user's file that is missing).
 */
export type FileHook = (sides: FileSides) => FileOutcome | Promise<FileOutcome>;

/** The default strategy: git's three-way merge of the generator's change into the user's copy (lib/merge.ts). */
export const threeWay =
  (labels?: { ours: string; base: string; theirs: string }): FileHook =>
  (sides) =>
    planFile(sides.ours, sides.base, sides.theirs, labels);

/** A file's sides and the outcome its hook decided. */
export interface PlannedFile {
  sides: FileSides;
  outcome: FileOutcome;
}

export interface ChangePlanRequest {
  /** The files the change may touch, in the order their outcomes are wanted. */
  files: Iterable<FileSides>;
  /** Each file's strategy (default: `threeWay()`). */
  hookOf?: (path: string) => FileHook;
  /**
   * What a conflict does: `stop` ends the plan with one UserError naming every conflicting file
   * (nothing is written: the plan is computed before any write), `markers` keeps each conflict as
   * an outcome whose text holds the markers.
   */
  onConflict: 'stop' | 'markers';
}

/**
 * Decides the outcome of every file. Throws a UserError when a conflict stops the change, and
 * when git, needed to merge an edited file, cannot be run: the user's edit is never overwritten
 * for want of a merge.
 */
export async function planChanges(request: ChangePlanRequest): Promise<PlannedFile[]> {
  const hookOf = request.hookOf ?? (() => threeWay());
  const planned: PlannedFile[] = [];
  for (const sides of request.files) planned.push({ sides, outcome: await hookOf(sides.path)(sides) });
  const unmerged = planned.filter((p) => p.outcome.kind === 'unmerged').map((p) => p.sides.path);
  if (unmerged.length) {
    throw new UserError(`git is needed to merge your edits of ${unmerged.join(', ')} (git merge-file); install git and run again. Nothing was written`);
  }
  const conflicts = planned.flatMap((p) => (p.outcome.kind === 'conflict' ? [{ path: p.sides.path, outcome: p.outcome }] : []));
  if (request.onConflict === 'stop' && conflicts.length) {
    const where = conflicts.map(({ path, outcome }) => `${path} (${outcome.section ?? `${outcome.regions} region${outcome.regions === 1 ? '' : 's'}`})`);
    throw new UserError(
      `your edits and this change touch the same lines of ${where.join(', ')}. Nothing was written. Move your edit away from the generated lines (or into a file of your own), or run again with --force to replace ${conflicts.length === 1 ? 'the file' : 'the files'} with the generator's version.`,
    );
  }
  return planned;
}
