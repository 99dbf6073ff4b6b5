/**
 * An existing workspace, for the sub-generators: where its root is, what it holds, and the
 * changes that adding routes and resources makes to it. Every change is computed in memory from
 * the files on disk; nothing is written here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, CONFIG_KEY, workspaceFromStored } from './config.js';
import { UserError } from './errors.js';
import type { Addition, FileSpec } from './file-spec.js';
import { formatRendered, functionFiles, iacFiles, renderFiles, renderUnformatted, rootFiles, sharedFiles } from './files.js';
import { flavourOf } from './iac/index.js';
import { buildModel } from './model.js';
import { prettierMarkdownSection } from './markdown-format.js';
import { type FileHook, type FileSides, planChanges, threeWay } from './change-plan.js';
import { type OutputFile, formatFile } from './render.js';
import { routeKey } from './routes.js';
import type { Route, WorkspaceConfig } from './types.js';
import { mark } from './timings.js';

/** The nearest folder at or above `from` whose `.yo-rc.json` has our section. */
export function findWorkspaceRoot(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const file = path.join(dir, CONFIG_FILE);
    if (existsSync(file)) {
      try {
        if (CONFIG_KEY in (JSON.parse(readFileSync(file, 'utf8')) as object)) return dir;
      } catch {
        // not ours, or not JSON: keep looking upwards
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadWorkspace(from: string): { root: string; config: WorkspaceConfig } {
  const root = findWorkspaceRoot(from);
  if (!root) {
    throw new UserError(
      `not inside a workspace of generator-serverless-api: no ${CONFIG_FILE} with a "${CONFIG_KEY}" section in ${from} or above. Run it from your workspace, or create one with \`serverless-api new <name>\``,
    );
  }
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(path.join(root, CONFIG_FILE), 'utf8'));
  } catch (error) {
    throw new UserError(`${path.join(root, CONFIG_FILE)} is not valid JSON: ${(error as Error).message}`);
  }
  return { root, config: workspaceFromStored(stored, path.join(root, CONFIG_FILE)) };
}

/** How a changed file came to be, which decides how a difference on disk is treated. */
export type ChangeKind =
  /** A file that does not exist yet (a new crate, a new Terraform file). */
  | 'new'
  /** A file the generator renders from the configuration: replaced if the user left it as rendered. */
  | 'generated'
  /** A file of the user's that the generator edits in place, keeping everything else. */
  | 'edited';

export interface Change extends OutputFile {
  kind: ChangeKind;
  /** For `generated` files: the contents the previous configuration renders (what an unedited file holds). */
  previous?: string;
}

/** The text between the lines of two markers, as `betweenMarkers` writes it; `undefined` when the markers are gone. */
export function markedSection(text: string, start: string, end: string): string | undefined {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return text.slice(text.indexOf('\n', from) + 1, to);
}

/** Replaces the text between two markers (the marker lines stay); `undefined` when the markers are gone. */
export function betweenMarkers(text: string, start: string, end: string, section: string): string | undefined {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return undefined;
  const afterStart = text.indexOf('\n', from) + 1;
  return `${text.slice(0, afterStart)}${section}\n${text.slice(to)}`;
}

/** What an addition asks: the workspace's configuration before and after, and what it adds. */
export interface AdditionRequest {
  /** The workspace's folder ('' for a workspace in memory: then `read` gives every file). */
  root: string;
  before: WorkspaceConfig;
  after: WorkspaceConfig;
  /** The routes it adds. */
  routes?: readonly Route[];
  /** The resources it adds (their tables). */
  resources?: readonly string[];
  /** Names of the functions not behind HTTP that it adds. */
  functions?: readonly string[];
  /** The command, as the README's history and the errors quote it. */
  command: string;
  /** A file's current contents, undefined when it does not exist (default: read from `root`). */
  read?: (file: string) => string | undefined;
  /** `--force`: a file the user edited is replaced by the generator's version, not merged. */
  force?: boolean;
}

/**
 * The changes that add routes, resources and functions to a workspace, decided by each file's
 * update strategy (file-spec.ts): new files are added (refused if they exist), generated files
 * rendered again, the user's files edited in place. Throws a UserError when a file the change
 * needs cannot be updated safely. Only the files an addition may change are rendered: its cost
 * does not grow with the routes.
 */
export async function planAddition(request: AdditionRequest): Promise<Change[]> {
  const { root, before: beforeConfig, after: afterConfig, command, force = false } = request;
  const routes = [...(request.routes ?? [])];
  const resources = [...(request.resources ?? [])];
  const functions = request.functions ?? [];
  const read =
    request.read ??
    ((file: string) => {
      const full = path.join(root, file);
      return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    });
  mark('answered');
  const before = buildModel(beforeConfig);
  const after = buildModel(afterConfig);
  const refusal = flavourOf(afterConfig.iac).refuses?.(root, before, after);
  if (refusal) throw new UserError(refusal);
  const addition: Addition = { before, after, routes, resources, functions, command };
  const existing = new Set([...rootFiles(before), ...sharedFiles(before), ...iacFiles(before)].map((spec) => spec.path));
  const specs = [
    ...functionFiles(after, new Set([...routes.map((r) => r.name), ...functions])),
    ...sharedFiles(after),
    ...rootFiles(after),
    ...iacFiles(after),
  ];
  const plain = (spec: FileSpec) => spec.update.kind === 'new' || (spec.update.kind === 'regenerate' && !spec.update.otherwise);

  // First the new files and the files rendered again, then the edits of the user's files.
  const added = specs.filter((spec) => spec.update.kind === 'new' && !existing.has(spec.path));
  const regeneratedAll = specs.filter((spec) => spec.update.kind === 'regenerate');
  const previousAll = new Map(
    [...rootFiles(before), ...sharedFiles(before), ...iacFiles(before)]
      .filter((spec) => regeneratedAll.some((r) => r.path === spec.path))
      .map((spec) => [spec.path, spec]),
  );
  // A file rendered again is formatted (prettier, rustfmt: most of an addition's time) only when
  // the addition changes its text; one that renders as before is as the generator last wrote it.
  const newRaw = new Map(renderUnformatted(regeneratedAll).map((f) => [f.path, f.contents]));
  const oldRaw = new Map(renderUnformatted([...previousAll.values()]).map((f) => [f.path, f.contents]));
  const regenerated = regeneratedAll.filter((spec) => newRaw.get(spec.path) !== oldRaw.get(spec.path));
  const changed = new Set(regenerated.map((spec) => spec.path));
  const previousSpecs = regenerated.flatMap((spec) => previousAll.get(spec.path) ?? []);
  const formatFrom = (list: FileSpec[], raw: Map<string, string>) =>
    formatRendered(
      list,
      list.map((spec) => ({ path: spec.path, contents: raw.get(spec.path) ?? '' })),
    );
  const [addedFiles, newRenders, oldRenders] = await Promise.all([renderFiles(added), formatFrom(regenerated, newRaw), formatFrom(previousSpecs, oldRaw)]);
  const rendered = new Map([...addedFiles, ...newRenders].map((f) => [f.path, f.contents]));
  const previous = new Map(oldRenders.map((f) => [f.path, f.contents]));

  // The files this addition may change, each with its sides: a new file it adds; a file rendered
  // again whose text it changes, or that is missing; every file of the user's it edits.
  const sidesOf = async (spec: FileSpec): Promise<FileSides | undefined> => {
    const ours = read(spec.path);
    switch (spec.update.kind) {
      case 'new': {
        const theirs = rendered.get(spec.path);
        return theirs === undefined ? undefined : { path: spec.path, ours, theirs }; // undefined: made before this addition
      }
      case 'regenerate': {
        if (!changed.has(spec.path) && ours !== undefined) return undefined;
        // A file that renders as before but is missing is written again, formatted.
        const theirs = rendered.get(spec.path) ?? (await formatFrom([spec], newRaw))[0]?.contents ?? '';
        return { path: spec.path, ours, base: previous.get(spec.path), theirs };
      }
      case 'edit':
      case 'markers':
        return { path: spec.path, ours };
    }
  };
  const hooks = new Map(specs.map((spec) => [spec.path, additionHook(spec, addition, force)]));
  // First the new files and the files rendered again, then the edits of the user's files.
  const files: FileSides[] = [];
  for (const spec of [...specs.filter(plain), ...specs.filter((s) => !plain(s))]) {
    const sides = await sidesOf(spec);
    if (sides) files.push(sides);
  }
  const planned = await planChanges({ files, hookOf: (file) => hooks.get(file)!, onConflict: 'stop' });
  return planned.flatMap(({ sides, outcome }): Change[] => {
    switch (outcome.kind) {
      case 'added':
        return [{ path: sides.path, contents: outcome.text, kind: 'new' }];
      case 'generated':
        return [{ path: sides.path, contents: outcome.text, kind: 'generated', previous: sides.base }];
      case 'merged':
        return [{ path: sides.path, contents: outcome.text, kind: 'edited' }];
      default:
        return [];
    }
  });
}

/**
 * A file's update strategy (file-spec.ts) as the hook of the change engine, for an addition:
 * - `new`: added, refused where the file exists;
 * - `regenerate`: replaced while as the generator wrote it, else merged (git's three-way merge, or
 *   the spec's own edit in place), or replaced with `--force`;
 * - `edit`: the user's file edited in place through a parser;
 * - `markers`: the generated section replaced, unless the user edited it.
 */
function additionHook(spec: FileSpec, addition: Addition, force: boolean): FileHook {
  const update = spec.update;
  const missing = () => new UserError(`${spec.path} is missing at the workspace root`);
  switch (update.kind) {
    case 'new':
      return ({ ours, theirs }) => {
        if (ours !== undefined) throw new UserError(`${spec.path} exists already; remove it or choose another --name`);
        return { kind: 'added', text: theirs ?? '' };
      };
    case 'regenerate':
      return (sides) => {
        const { ours, base, theirs = '' } = sides;
        if (ours === undefined) {
          if (update.otherwise) throw missing();
          return { kind: 'added', text: theirs };
        }
        if (base === theirs) return { kind: 'unchanged' };
        if (update.otherwise && ours !== base) return { kind: 'merged', text: update.otherwise(ours, addition) };
        // The user edited a file the generator renders: the generator's change is merged into the
        // edit, from what the generator wrote before; only a region both changed stops the run.
        if (ours !== base && base !== undefined && !force) return threeWay()(sides);
        return { kind: 'generated', text: theirs };
      };
    case 'edit':
      return ({ ours }) => {
        if (ours === undefined) throw missing();
        const text = update.apply(ours, addition);
        return text === ours ? { kind: 'unchanged' } : { kind: 'merged', text };
      };
    case 'markers':
      return async ({ ours }) => {
        // The section as a new workspace has it: formatted as the whole file is when first written.
        const format = async (section: string) => `\n${prettierMarkdownSection(section) ?? (await formatFile(spec.path, section)).trim()}\n`;
        const text = ours === undefined ? undefined : betweenMarkers(ours, update.start, update.end, await format(update.section(addition.after)));
        if (ours === undefined || text === undefined || text === ours) return { kind: 'unchanged' };
        // The generated lines as the user left them: edited since the generator wrote them, they
        // are not replaced silently (but with --force).
        if (!force && markedSection(ours, update.start, update.end) !== `${await format(update.section(addition.before))}\n`) {
          return { kind: 'conflict', text, regions: 1, section: `its generated section, between ${update.start} and ${update.end}` };
        }
        return { kind: 'merged', text };
      };
  }
}

/** Files the user changed since the generator last wrote them: those a `generated` change would overwrite. */
export function userEdits(changes: Change[], read: (file: string) => string | undefined): string[] {
  return changes
    .filter((c) => c.kind === 'generated')
    .filter((c) => {
      const current = read(c.path);
      return current !== undefined && current !== c.previous && current !== c.contents;
    })
    .map((c) => c.path);
}

export function describeRoutes(routes: Route[]): string {
  return routes.map((r) => `${routeKey(r)} (${r.name})`).join(', ');
}
