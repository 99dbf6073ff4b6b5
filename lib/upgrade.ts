/**
 * `serverless-api upgrade`: brings a workspace made by an older generator (or under an older
 * preset) to this version. Every generator-owned file is rendered again and the user's edits are
 * kept by a three-way merge (git merge-file): base = what the old version renders for the
 * recorded configuration (its own `render` command, run as that version), ours = the file on
 * disk, theirs = what this version renders. Everything is computed before anything is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ANSWERS } from './answers.js';
import { parseList, validateCorsForApi, validateCorsOrigins } from './auth.js';
import { renderWorkspace } from './base.js';
import { CONFIG_FILE, storedConfig } from './config.js';
import { UserError } from './errors.js';
import { planChanges, threeWay } from './change-plan.js';
import { OURS_LABEL, holdsConflict } from './merge.js';
import { type Migration, type MigrationResult, migrationsBetween } from './migrations.js';
import { DEFAULT_POLICY } from './policy.js';
import { lockedAnswers, presetLabel, presetPolicy, recordPreset, withinPreset } from './preset.js';
import { formatFile } from './render.js';
import type { Preset, WorkspaceConfig } from './types.js';
import { GENERATOR_VERSION, newerVersion } from './version.js';

export type FileAction =
  /** The user had not changed it: the new rendering replaces it. */
  | 'updated'
  /** The user changed it: the new rendering merged into the edit. */
  | 'merged'
  /** New in this version. */
  | 'added'
  /** No longer generated, and as the old version wrote it. */
  | 'removed'
  /** Both changed the same lines: written with conflict markers. */
  | 'conflict'
  /** Renamed by a migration (its contents are under the new name). */
  | 'moved';

export interface FileChange {
  path: string;
  action: FileAction;
  /** The contents to write (undefined for `removed`). */
  contents?: string;
  /** The contents now (undefined for a new file). */
  current?: string;
  regions?: number;
}

export interface UpgradePlan {
  name: string;
  from: { generator: string; preset?: string; cors?: string };
  to: { generator: string; preset?: string; cors?: string };
  changes: FileChange[];
  /** Migrations that ran or were skipped, with what they did. */
  migrations: (MigrationResult & { id: string; version: string })[];
  /** What the user should know of and was left as it is (edited files no longer generated, ...). */
  notes: string[];
  /** Files that still hold conflict markers from an earlier upgrade. */
  unresolved: string[];
}

export interface UpgradeOptions {
  /** The old generator: a folder holding its package (dist/bin/serverless-api.js) or an npm package spec. */
  from?: string;
  /** The preset's new version. */
  preset?: Preset;
  /** `--cors`: the API's CORS origins from now on (`origin,...`, or `none` for no CORS configuration). */
  cors?: string;
  migrations?: readonly Migration[];
}

/** The files of a folder, relative paths to contents. */
function readTree(dir: string, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(path.join(dir, prefix))) {
    const relative = prefix ? `${prefix}/${name}` : name;
    if (statSync(path.join(dir, relative)).isDirectory()) readTree(dir, relative, into);
    else into.set(relative, readFileSync(path.join(dir, relative), 'utf8'));
  }
  return into;
}

/**
 * What generator `version` rendered for this workspace: its own `render` command, run from
 * `from` (a folder or an npm package spec) or from npm (generator-serverless-api@<version>,
 * from npm's cache when it is there).
 */
export function renderWithVersion(root: string, version: string, from?: string): Map<string, string> {
  const out = mkdtempSync(path.join(tmpdir(), 'serverless-api-base-'));
  try {
    const looksLikePath = from !== undefined && (from.startsWith('.') || from.startsWith('/') || existsSync(from));
    const folder = looksLikePath ? path.resolve(from) : undefined;
    if (folder && !existsSync(path.join(folder, 'dist/bin/serverless-api.js'))) {
      throw new UserError(`--from ${from}: not a built generator-serverless-api (no dist/bin/serverless-api.js in it). Nothing was written`);
    }
    const args = ['render', root, '--out', out];
    const spec = from && !folder ? from : `generator-serverless-api@${version}`;
    const result = folder
      ? spawnSync(process.execPath, [path.join(folder, 'dist/bin/serverless-api.js'), ...args], { encoding: 'utf8' })
      : spawnSync('npm', ['exec', '--yes', '--prefer-offline', '--package', spec, '--', 'serverless-api', ...args], { encoding: 'utf8', cwd: tmpdir() });
    if (result.status !== 0) {
      const why = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${result.status}`;
      throw new UserError(
        `could not render the base (what generator ${version} made) with ${folder ?? spec}: ${why}. Nothing was written. Pass --from <a folder or package of generator-serverless-api ${version}> when npm cannot reach it`,
      );
    }
    return readTree(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The configuration under this version (and the preset's new version, when given). */
export function upgradedConfig(config: WorkspaceConfig, preset: Preset | undefined): WorkspaceConfig {
  const next: WorkspaceConfig = { ...config, generatorVersion: GENERATOR_VERSION };
  if (!preset) return next;
  const recorded = config.preset;
  if (!recorded) throw new UserError(`--preset: this workspace was made without a preset; upgrade moves a workspace to a newer version of its own preset`);
  if (recorded.name !== preset.name) throw new UserError(`--preset: this workspace follows the preset ${recorded.name}, not ${preset.name}`);
  if (newerVersion(recorded.version, preset.version)) {
    throw new UserError(`--preset: ${presetLabel(preset)} is older than the recorded ${presetLabel(recorded)}`);
  }
  const answers = next as unknown as Record<string, unknown>;
  for (const [flag, value] of Object.entries(lockedAnswers(preset))) {
    if (flag === 'resource' || flag === 'name') continue; // answers of `new` only
    const spec = APP_ANSWERS.find((a) => a.flag === flag);
    if (spec) answers[flag] = spec.parse(value);
  }
  const outside: string[] = [];
  for (const flag of ['iac', 'api', 'arch', 'memory', 'timeout']) {
    const within = withinPreset(preset, flag, String(answers[flag]));
    if (within !== true) outside.push(`${flag} ${within}`);
  }
  for (const route of config.routes) {
    for (const flag of ['memory', 'timeout'] as const) {
      const value = route[flag];
      const within = value === undefined ? true : withinPreset(preset, flag, String(value));
      if (within !== true) outside.push(`${route.name}: ${flag} ${within}`);
    }
  }
  if (outside.length)
    throw new UserError(`the workspace is outside ${presetLabel(preset)}: ${outside.join('; ')}. Nothing was written; change these, then upgrade`);
  next.policy = presetPolicy(structuredClone(DEFAULT_POLICY), preset);
  next.preset = { ...recordPreset(preset), ...(preset.package ? { package: preset.package } : {}) };
  return next;
}

/**
 * The configuration with `--cors` applied: origins checked as \`new\` checks them (and for the API
 * type), `none` for no CORS configuration; refused when the workspace's preset locks it.
 */
export function reconfiguredCors(config: WorkspaceConfig, value: string): WorkspaceConfig {
  const locked = config.preset ? lockedAnswers(config.preset).cors : undefined;
  if (locked !== undefined) throw new UserError(`--cors: ${presetLabel(config.preset!)} locks cors to ${locked}. Nothing was written`);
  const next: WorkspaceConfig = { ...config };
  if (value.trim() === 'none') {
    delete next.cors;
    return next;
  }
  const valid = validateCorsOrigins(value);
  if (valid !== true) throw new UserError(`${valid}. Nothing was written`);
  const origins = parseList(value);
  const forApi = validateCorsForApi(origins, config.api);
  if (forApi !== true) throw new UserError(`${forApi}. Nothing was written`);
  next.cors = { origins };
  return next;
}

const corsText = (config: WorkspaceConfig) => (config.cors ? config.cors.origins.join(',') : 'none');

/** The plan of an upgrade; nothing is written. */
export async function planUpgrade(root: string, config: WorkspaceConfig, options: UpgradeOptions = {}): Promise<UpgradePlan> {
  if (newerVersion(config.generatorVersion, GENERATOR_VERSION)) {
    throw new UserError(
      `this workspace follows generator ${config.generatorVersion}, newer than this one (${GENERATOR_VERSION}): upgrade with that version or a later one`,
    );
  }
  const upgraded = upgradedConfig(config, options.preset);
  const next = options.cors === undefined ? upgraded : reconfiguredCors(upgraded, options.cors);
  const corsChanged = corsText(config) !== corsText(next);
  const label = (p?: { name: string; version: string }) => (p ? presetLabel(p) : undefined);
  const plan: UpgradePlan = {
    name: config.name,
    from: {
      generator: config.generatorVersion,
      ...(config.preset ? { preset: label(config.preset) } : {}),
      ...(corsChanged ? { cors: corsText(config) } : {}),
    },
    to: { generator: next.generatorVersion, ...(next.preset ? { preset: label(next.preset) } : {}), ...(corsChanged ? { cors: corsText(next) } : {}) },
    changes: [],
    migrations: [],
    notes: [],
    unresolved: [],
  };
  const read = (file: string): string | undefined => {
    const full = path.join(root, file);
    return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
  };
  const theirs = new Map((await renderWorkspace(next)).map((f) => [f.path, f.contents]));
  const sameVersion = config.generatorVersion === GENERATOR_VERSION;
  if (sameVersion && config.preset?.hash === next.preset?.hash && !corsChanged) {
    // Up to date: nothing to render from an old version; only leftovers of an earlier run to report.
    plan.unresolved = [...theirs.keys()].filter((file) => {
      const text = read(file);
      return text !== undefined && holdsConflict(text);
    });
    return plan;
  }
  const base = sameVersion
    ? new Map((await renderWorkspace(config)).map((f) => [f.path, f.contents]))
    : renderWithVersion(root, config.generatorVersion, options.from);
  base.delete(CONFIG_FILE);

  // The user's files the merge reads: every path either version generates.
  const ours = new Map<string, string>();
  for (const file of new Set([...base.keys(), ...theirs.keys()])) {
    const text = read(file);
    if (text !== undefined) ours.set(file, text);
  }
  const original = new Map(ours);
  for (const migration of migrationsBetween(config.generatorVersion, GENERATOR_VERSION, options.migrations)) {
    plan.migrations.push({ id: migration.id, version: migration.version, ...migration.apply({ ours, base }) });
  }

  const labels = { ours: OURS_LABEL, base: `generator ${config.generatorVersion}`, theirs: theirsLabel(plan) };
  // The change engine of additions too (lib/change-plan.ts), every file under the three-way
  // strategy; a conflict is written with its markers for the user to resolve.
  const planned = await planChanges({
    files: [...new Set([...base.keys(), ...theirs.keys(), ...original.keys()])]
      .sort()
      .map((file) => ({ path: file, ours: ours.get(file), base: base.get(file), theirs: theirs.get(file) })),
    hookOf: () => threeWay(labels),
    onConflict: 'markers',
  });
  for (const { sides, outcome } of planned) {
    const file = sides.path;
    const now = original.get(file);
    const mine = sides.ours;
    const old = sides.base;
    let target: string | undefined = mine;
    let action: FileAction | undefined;
    let regions: number | undefined;
    switch (outcome.kind) {
      case 'unchanged':
      case 'unmerged': // refused by planChanges
        break;
      case 'removed':
        [target, action] = [undefined, 'removed'];
        break;
      case 'kept':
        plan.notes.push(
          outcome.why === 'edited'
            ? `${file}: no longer generated by ${GENERATOR_VERSION}; kept, as you edited it`
            : `${file}: you removed it; generator ${GENERATOR_VERSION} changes it, and it was left removed`,
        );
        break;
      case 'added':
        [target, action] = [outcome.text, 'added'];
        break;
      case 'generated':
      case 'merged':
        target = outcome.text;
        break;
      case 'conflict':
        [target, action, regions] = [outcome.text, 'conflict', outcome.regions];
        break;
    }
    if (target === now) continue;
    if (target === undefined) {
      plan.changes.push({ path: file, action: action ?? (now !== undefined && !ours.has(file) ? 'moved' : 'removed'), current: now });
      continue;
    }
    const migrated = now === undefined && mine !== undefined;
    action ??= now === undefined && !migrated ? 'added' : mine !== old && old !== undefined ? 'merged' : 'updated';
    plan.changes.push({ path: file, action, contents: target, ...(now !== undefined ? { current: now } : {}), ...(regions ? { regions } : {}) });
  }
  for (const m of plan.migrations.filter((m) => m.status === 'diverged')) plan.notes.push(`migration ${m.id} (${m.version}) skipped: ${m.message}`);

  const rc = `${(await formatFile(CONFIG_FILE, JSON.stringify(storedConfig(next)))).trimEnd()}\n`;
  const currentRc = read(CONFIG_FILE);
  if (rc !== currentRc) plan.changes.push({ path: CONFIG_FILE, action: 'updated', contents: rc, ...(currentRc !== undefined ? { current: currentRc } : {}) });
  return plan;
}

/** Writes a plan's changes. */
export function applyUpgrade(root: string, plan: UpgradePlan): void {
  for (const change of plan.changes) {
    const target = path.join(root, change.path);
    if (change.contents === undefined) {
      unlinkSync(target);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, change.contents);
  }
}

/** The plan as a unified diff (git diff --no-index), for --dry-run. */
export function planDiff(plan: UpgradePlan): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'serverless-api-diff-'));
  try {
    for (const change of plan.changes) {
      for (const [side, text] of [
        ['a', change.current],
        ['b', change.contents],
      ] as const) {
        if (text === undefined) continue;
        const file = path.join(dir, side, change.path);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
    }
    mkdirSync(path.join(dir, 'a'), { recursive: true });
    mkdirSync(path.join(dir, 'b'), { recursive: true });
    const result = spawnSync('git', ['diff', '--no-index', '--no-color', '--no-ext-diff', '--no-prefix', 'a', 'b'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    return result.stdout ?? '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How conflict markers name the new rendering: the new version, or the new CORS origins at the same version. */
function theirsLabel(plan: UpgradePlan): string {
  return plan.from.generator === plan.to.generator && plan.to.cors !== undefined ? `cors ${plan.to.cors}` : `generator ${plan.to.generator}`;
}

/** What the upgrade did (or would do), for a person. */
export function formatPlan(plan: UpgradePlan, dryRun: boolean): string {
  const preset = plan.from.preset !== plan.to.preset ? `, ${plan.from.preset} -> ${plan.to.preset}` : '';
  const cors = plan.to.cors !== undefined ? `, cors ${plan.from.cors} -> ${plan.to.cors}` : '';
  const generator = plan.from.generator === plan.to.generator ? `generator ${plan.to.generator}` : `generator ${plan.from.generator} -> ${plan.to.generator}`;
  if (plan.changes.length === 0 && plan.migrations.every((m) => m.status !== 'applied')) {
    const head = `${plan.name} follows generator ${plan.to.generator}${plan.to.preset ? ` and ${plan.to.preset}` : ''}: nothing to upgrade.`;
    if (plan.unresolved.length === 0) return head;
    return `${head}\nThese files still hold conflict markers (<<<<<<< ${OURS_LABEL}) from an earlier upgrade; resolve them:\n${plan.unresolved.map((f) => `  ${f}`).join('\n')}`;
  }
  const lines = [`${dryRun ? 'Would upgrade' : 'Upgraded'} ${plan.name}: ${generator}${preset}${cors}.`];
  for (const m of plan.migrations.filter((m) => m.status === 'applied')) lines.push(`  migrated  ${m.message}`);
  for (const change of plan.changes) {
    lines.push(
      `  ${change.action.padEnd(9)} ${change.path}${change.action === 'merged' ? '   (your edits kept)' : ''}${change.regions ? `   (${change.regions} region${change.regions === 1 ? '' : 's'})` : ''}`,
    );
  }
  for (const note of plan.notes) lines.push(`  note      ${note}`);
  const conflicts = plan.changes.filter((c) => c.action === 'conflict');
  if (conflicts.length) {
    lines.push(
      '',
      dryRun
        ? `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} would hold conflict markers: your edits and the new version change the same lines.`
        : `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} ${conflicts.length === 1 ? 'holds' : 'hold'} conflict markers (<<<<<<< ${OURS_LABEL} ... >>>>>>> ${theirsLabel(plan)}): keep what each region needs, remove the markers, then run cargo test and your IaC's checks.`,
    );
  } else if (!dryRun) {
    lines.push('', 'Next: review with `git diff`, run `cargo test --workspace` and your IaC checks, then commit.');
  }
  return lines.join('\n');
}
