/**
 * `serverless-api check`: whether a workspace still follows its standard. It reads the workspace
 * as it is (nothing is written) and reports, rule by rule: versions behind (generator, preset),
 * answers outside the preset (locked, bounds), generator-owned files that drifted from what the
 * recorded configuration renders, structure (every crate known to `.yo-rc.json` and to the
 * infrastructure, with sample events and tests), IAM actions exactly as recorded and no `*`, what
 * each route asks of its caller exactly as recorded (authorizer, scopes, IAM, public), and crate
 * versions within the preset's bounds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { satisfies } from 'semver';
import { parseList } from './auth.js';
import { CONFIG_FILE } from './config.js';
import { renderFiles, workspaceFiles } from './files.js';
import { LOG_ACTIONS, queriesIndex } from './iac/flavour.js';
import { routeKey } from './routes.js';
import { eventKindOf } from './triggers/index.js';
import { flavourOf } from './iac/index.js';
import { buildModel, routeAuthorization } from './model.js';
import { loadPreset, presetLabel, withinPreset } from './preset.js';
import type { Preset, WorkspaceConfig } from './types.js';
import { GENERATOR_VERSION, newerVersion } from './version.js';
import { OURS_LABEL, holdsConflict } from './merge.js';
import { loadWorkspace } from './workspace.js';
import { textOf } from './text.js';

export const RULES = ['version', 'preset', 'drift', 'structure', 'iam', 'auth', 'dependencies'] as const;
export type Rule = (typeof RULES)[number];

export interface Finding {
  rule: Rule;
  message: string;
  file?: string;
  /** For a drifted file: lines added and removed, from what the generator renders to the file now. */
  added?: number;
  removed?: number;
}

export interface CheckReport {
  /** The folder checked, as given. */
  workspace: string;
  name?: string;
  iac?: string;
  generator: { recorded?: string; current: string };
  preset?: { name: string; recorded: string; current?: string };
  /** Rules that could not be applied, and why (e.g. drift across generator versions). */
  skipped: { rule: Rule; reason: string }[];
  findings: Finding[];
  ok: boolean;
}

/** Lines added and removed between two texts, by git's diff (no diff of ours). */
function diffStat(expected: string, actual: string): { added: number; removed: number } | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'serverless-api-check-'));
  try {
    writeFileSync(path.join(dir, 'a'), expected);
    writeFileSync(path.join(dir, 'b'), actual);
    const result = spawnSync('git', ['diff', '--no-index', '--numstat', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
    const m = /^(\d+)\s+(\d+)/.exec(result.stdout ?? '');
    return m ? { added: Number(m[1]), removed: Number(m[2]) } : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text between two markers (both included), or undefined. */
function section(text: string, start: string, end: string): string | undefined {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  return from < 0 || to < 0 ? undefined : text.slice(from, to + end.length);
}

/** Generator-owned files that differ from what the recorded configuration renders. */
async function drift(root: string, config: WorkspaceConfig): Promise<Finding[]> {
  const all = workspaceFiles(buildModel(config));
  // Any file the generator writes, left with the markers of an upgrade's conflict.
  const unresolved: Finding[] = all
    .filter((spec) => existsSync(path.join(root, spec.path)) && holdsConflict(readFileSync(path.join(root, spec.path), 'utf8')))
    .map((spec) => ({ rule: 'drift', file: spec.path, message: `${spec.path} holds conflict markers (<<<<<<< ${OURS_LABEL}): resolve them` }));
  // .yo-rc.json is the source the others are rendered from, not a rendering of itself.
  const specs = all.filter((s) => (s.update.kind === 'regenerate' || s.update.kind === 'markers') && s.path !== CONFIG_FILE);
  const rendered = await renderFiles(specs);
  const findings: Finding[] = [...unresolved];
  specs.forEach((spec, i) => {
    if (unresolved.some((f) => f.file === spec.path)) return;
    const expected = rendered[i]?.contents ?? '';
    const file = path.join(root, spec.path);
    if (!existsSync(file)) {
      findings.push({ rule: 'drift', file: spec.path, message: `${spec.path} is missing (the generator writes it)` });
      return;
    }
    const actual = readFileSync(file, 'utf8');
    if (spec.update.kind === 'markers') {
      const { start, end } = spec.update;
      const ours = section(expected, start, end);
      const theirs = section(actual, start, end);
      if (theirs === undefined)
        findings.push({ rule: 'drift', file: spec.path, message: `${spec.path} lost its generated section (the markers ${start} ... ${end})` });
      else if (ours !== theirs)
        findings.push({
          rule: 'drift',
          file: spec.path,
          message: `${spec.path}: its generated section differs from what the configuration renders`,
          ...diffStat(ours ?? '', theirs),
        });
      return;
    }
    if (actual !== expected) {
      const stat = diffStat(expected, actual);
      findings.push({
        rule: 'drift',
        file: spec.path,
        message: `${spec.path} differs from what generator ${config.generatorVersion} renders${stat ? ` (+${stat.added} -${stat.removed})` : ''}`,
        ...stat,
      });
    }
  });
  return findings;
}

/** Every crate under lambdas/ is a route of `.yo-rc.json`, and every route a crate with sample events and tests. */
/** Every function of the configuration: routes and functions not behind HTTP, with how a finding names them and the actions their trigger brings. */
function functionsOf(config: WorkspaceConfig): { name: string; label: string; actions: string[]; triggerActions: readonly string[] }[] {
  return [
    ...config.routes.map((r) => ({ name: r.name, label: `${r.method} ${r.path}`, actions: r.actions, triggerActions: [] })),
    ...(config.functions ?? []).map((f) => ({ name: f.name, label: eventKindOf(f).label, actions: f.actions, triggerActions: eventKindOf(f).roleActions })),
  ];
}

function structure(root: string, config: WorkspaceConfig): Finding[] {
  const findings: Finding[] = [];
  const lambdas = path.join(root, 'lambdas');
  const crates = existsSync(lambdas) ? readdirSync(lambdas).filter((d) => statSync(path.join(lambdas, d)).isDirectory()) : [];
  const known = functionsOf(config);
  const names = new Set(known.map((f) => f.name));
  for (const crate of crates.filter((c) => !names.has(c))) {
    findings.push({
      rule: 'structure',
      file: `lambdas/${crate}`,
      message: `lambdas/${crate} is not a route of ${CONFIG_FILE}: add it with \`serverless-api route\`, or remove the folder`,
    });
  }
  for (const route of known) {
    const dir = path.join(lambdas, route.name);
    if (!existsSync(path.join(dir, 'Cargo.toml'))) {
      findings.push({ rule: 'structure', file: `lambdas/${route.name}`, message: `${route.name} (${route.label}) has no crate in lambdas/${route.name}/` });
      continue;
    }
    const events = existsSync(path.join(dir, 'events')) ? readdirSync(path.join(dir, 'events')).filter((f) => f.endsWith('.json')) : [];
    if (events.length === 0)
      findings.push({ rule: 'structure', file: `lambdas/${route.name}/events`, message: `lambdas/${route.name} has no sample events (events/*.json)` });
    const sources = existsSync(path.join(dir, 'src')) ? readdirSync(path.join(dir, 'src')).map((f) => readFileSync(path.join(dir, 'src', f), 'utf8')) : [];
    if (!existsSync(path.join(dir, 'tests')) && !sources.some((text) => text.includes('#[cfg(test)]'))) {
      findings.push({
        rule: 'structure',
        file: `lambdas/${route.name}/src`,
        message: `lambdas/${route.name} has no tests (no #[cfg(test)] module, no tests/)`,
      });
    }
  }
  return findings;
}

/** How a finding names what a route's caller needs. */
function callerText(type: string, scopes: readonly string[]): string {
  if (type === 'none') return 'no caller (public)';
  if (type === 'iam') return 'IAM (SigV4)';
  return `the API's authorizer${scopes.length ? ` with ${[...scopes].sort().join(', ')}` : ''}`;
}

/** Every route asks of its caller what `.yo-rc.json` records: the API's authorizer (and its scopes), IAM, or nothing. */
async function authorization(root: string, config: WorkspaceConfig): Promise<Finding[]> {
  const declared = await flavourOf(config.iac).authorization(root);
  const findings: Finding[] = [];
  for (const route of config.routes) {
    const found = declared[routeKey(route)];
    // A route the infrastructure lacks is the structure rule's finding.
    if (!found) continue;
    // Loading .yo-rc.json checked each route's override already.
    const recorded = routeAuthorization(route, config.auth);
    const type = recorded.type === 'none' || recorded.type === 'iam' ? recorded.type : 'authorizer';
    const same = found.type === type && JSON.stringify([...found.scopes].sort()) === JSON.stringify([...recorded.scopes].sort());
    if (!same) {
      findings.push({
        rule: 'auth',
        file: found.file,
        message: `${route.method} ${route.path} asks ${callerText(found.type, found.scopes)} in ${found.file}; ${CONFIG_FILE} records ${callerText(type, recorded.scopes)}`,
      });
    }
    if (found.callerCredentials) {
      findings.push({
        rule: 'auth',
        file: found.file,
        message: `${route.method} ${route.path} invokes its function with the caller's credentials in ${found.file} (InvokeRole CALLER_CREDENTIALS): every caller would need lambda:InvokeFunction; set the API's Auth InvokeRole to NONE`,
      });
    }
  }
  return findings;
}

/** The infrastructure deploys exactly the recorded functions, each with exactly its recorded actions, and no `*`. */
async function infrastructure(root: string, config: WorkspaceConfig): Promise<Finding[]> {
  const findings: Finding[] = [];
  const model = buildModel(config);
  const deployed = await flavourOf(config.iac).deployed(root, model);
  const functions = deployed.filter((d) => d.name !== '');
  const names = new Set(functions.map((d) => d.name));
  const known = functionsOf(config);
  for (const route of known.filter((r) => !names.has(r.name))) {
    findings.push({ rule: 'structure', message: `${route.name} (${route.label}) is not deployed by the ${config.iac} infrastructure` });
  }
  for (const fn of functions) {
    const route = known.find((r) => r.name === fn.name);
    if (!route) {
      findings.push({ rule: 'structure', file: fn.file, message: `${fn.file} deploys ${fn.name}, which is not a route of ${CONFIG_FILE}` });
      continue;
    }
    // Logs and what the trigger needs (a queue's consume actions) are every such function's.
    const expected = [...LOG_ACTIONS, ...route.triggerActions] as readonly string[];
    const actual = [...new Set(fn.actions.filter((a) => !expected.includes(a)))].sort();
    const recorded = [...route.actions].sort();
    if (JSON.stringify(actual) !== JSON.stringify(recorded)) {
      findings.push({
        rule: 'iam',
        file: fn.file,
        message: `${fn.name} may call ${actual.join(', ') || 'nothing'} in ${fn.file}; ${CONFIG_FILE} records ${recorded.join(', ') || 'nothing'}`,
      });
    }
    // On what: its own table, and that table's indexes where it queries them; nothing else.
    if (fn.tableResources) {
      const spec = [...model.routes, ...model.eventFunctions].find((r) => r.name === fn.name);
      const table = spec?.table;
      const wanted =
        table && spec.actions.length ? [`table:${table.name}`, ...(queriesIndex({ table, actions: spec.actions }) ? [`indexes:${table.name}`] : [])] : [];
      const named = [...new Set(fn.tableResources)].sort();
      if (JSON.stringify(named) !== JSON.stringify(wanted.sort())) {
        const show = (list: string[]) =>
          list
            .map((r) => (r.startsWith('table:') ? `the ${r.slice(6)} table` : r.startsWith('indexes:') ? `the ${r.slice(8)} table's indexes` : `"${r}"`))
            .join(', ') || 'nothing';
        findings.push({
          rule: 'iam',
          file: fn.file,
          message: `${fn.name} may use DynamoDB on ${show(named)} in ${fn.file}; ${CONFIG_FILE} gives it ${show(wanted)}`,
        });
      }
    }
  }
  for (const entry of deployed) {
    for (const call of entry.grantCalls ?? []) {
      findings.push({
        rule: 'iam',
        file: entry.file,
        message: `${entry.file}: ${call} grants what ${CONFIG_FILE} does not record: give the function its access with \`serverless-api route\` or \`function\` (--resource, --access) instead`,
      });
    }
    const wild = entry.actions.filter((a) => a.includes('*'));
    if (wild.length)
      findings.push({ rule: 'iam', file: entry.file, message: `${entry.file}: ${wild.join(', ')}: an action with "*" grants more than a route needs` });
  }
  return findings;
}

/** Answers given as comma-separated lists: compared item by item, whatever the spacing. */
const LIST_ANSWERS = new Set(['jwt-audience', 'cors']);

/**
 * An answer as its flag would give it, read back from the stored configuration, which keeps some
 * answers in another shape (`auth` and its JWT settings as one object, `cors` as a list of
 * origins); undefined for an answer the configuration does not keep.
 */
function storedAnswer(config: WorkspaceConfig, key: string): string | undefined {
  switch (key) {
    case 'auth':
      return config.auth.kind;
    case 'jwt-issuer':
      return config.auth.issuer ?? '';
    case 'jwt-audience':
      return (config.auth.audience ?? []).join(',');
    case 'cors':
      return (config.cors?.origins ?? []).join(',');
    default: {
      const value = (config as unknown as Record<string, unknown>)[key];
      return value === undefined ? undefined : textOf(value);
    }
  }
}

/** The answers and routes within the preset: locked answers as locked, every value within the bounds. */
function presetRules(config: WorkspaceConfig, preset: Preset): Finding[] {
  const findings: Finding[] = [];
  const label = presetLabel(preset);
  const answers = config as unknown as Record<string, unknown>;
  for (const [key, locked] of Object.entries(preset.locked)) {
    // The starter resource's answers (its name, fields, index, sort key) shape what `new` wrote,
    // not what the workspace must keep: resources come and go afterwards.
    if (['resource', 'fields', 'index', 'sort-key'].includes(key)) continue;
    const actual = storedAnswer(config, key);
    if (actual === undefined) continue;
    const want = LIST_ANSWERS.has(key) ? parseList(String(locked)).join(',') : String(locked);
    if (actual !== want)
      findings.push({ rule: 'preset', file: CONFIG_FILE, message: `${key} is ${actual || 'not set'}; ${label} locks it to ${String(locked)}` });
  }
  for (const key of ['iac', 'api', 'arch', 'memory', 'timeout']) {
    const within = withinPreset(preset, key, String(answers[key]));
    if (within !== true) findings.push({ rule: 'preset', file: CONFIG_FILE, message: `${key}: ${within}` });
  }
  for (const route of config.routes) {
    for (const key of ['memory', 'timeout'] as const) {
      const value = route[key];
      if (value === undefined) continue;
      const within = withinPreset(preset, key, String(value));
      if (within !== true) findings.push({ rule: 'preset', file: CONFIG_FILE, message: `${route.name} ${key}: ${within}` });
    }
  }
  return findings;
}

/** Every version of a bounded crate in Cargo.lock within the preset's range. */
function dependencies(root: string, preset: Preset): { findings: Finding[]; skipped?: string } {
  const bounds = Object.entries(preset.policy.crates ?? {});
  if (bounds.length === 0) return { findings: [] };
  const lockfile = path.join(root, 'Cargo.lock');
  if (!existsSync(lockfile)) return { findings: [], skipped: 'no Cargo.lock (run cargo generate-lockfile)' };
  const packages = (parseToml(readFileSync(lockfile, 'utf8')) as { package?: { name: string; version: string }[] }).package ?? [];
  const findings: Finding[] = [];
  for (const [crate, range] of bounds) {
    for (const p of packages.filter((p) => p.name === crate && !satisfies(p.version, range))) {
      findings.push({ rule: 'dependencies', file: 'Cargo.lock', message: `${crate} ${p.version} is outside ${presetLabel(preset)}'s bounds (${range})` });
    }
  }
  return { findings };
}

/** Checks the workspace at or above `dir`. `preset`: the preset's current version, to compare. */
export async function checkWorkspace(dir: string, options: { preset?: Preset } = {}): Promise<CheckReport> {
  const report: CheckReport = { workspace: dir, generator: { current: GENERATOR_VERSION }, skipped: [], findings: [], ok: false };
  let root: string;
  let config: WorkspaceConfig;
  try {
    ({ root, config } = loadWorkspace(dir));
  } catch (error) {
    report.findings.push({ rule: 'structure', message: (error as Error).message });
    report.skipped.push(...RULES.filter((r) => r !== 'structure').map((rule) => ({ rule, reason: 'not a workspace' })));
    return report;
  }
  Object.assign(report, { name: config.name, iac: config.iac });
  report.generator.recorded = config.generatorVersion;
  const add = (...findings: Finding[]) => report.findings.push(...findings);

  if (newerVersion(GENERATOR_VERSION, config.generatorVersion)) {
    add({ rule: 'version', file: CONFIG_FILE, message: `made by generator ${config.generatorVersion}, behind ${GENERATOR_VERSION}` });
  } else if (newerVersion(config.generatorVersion, GENERATOR_VERSION)) {
    add({
      rule: 'version',
      file: CONFIG_FILE,
      message: `made by generator ${config.generatorVersion}, newer than this one (${GENERATOR_VERSION}): check with that version`,
    });
  }

  const recorded = config.preset;
  // The preset's current version: as given, else from the npm package it was recorded from, when
  // that is installed where the workspace is.
  let current = options.preset;
  if (!current && recorded?.package) {
    try {
      current = loadPreset(recorded.package, root);
    } catch {
      report.skipped.push({ rule: 'version', reason: `the preset's package ${recorded.package} is not installed here (npm install it, or pass --preset)` });
    }
  }
  if (recorded) report.preset = { name: recorded.name, recorded: recorded.version, ...(current ? { current: current.version } : {}) };
  if (current && !recorded) add({ rule: 'preset', file: CONFIG_FILE, message: `made without a preset; ${presetLabel(current)} was expected` });
  else if (current && recorded && current.name !== recorded.name)
    add({ rule: 'preset', file: CONFIG_FILE, message: `made with ${presetLabel(recorded)}; ${presetLabel(current)} was expected` });
  else if (current && recorded && newerVersion(current.version, recorded.version)) {
    add({ rule: 'version', file: CONFIG_FILE, message: `made with ${presetLabel(recorded)}, behind ${current.version}` });
  }
  const preset = current ?? recorded;
  if (preset) {
    add(...presetRules(config, preset));
    const deps = dependencies(root, preset);
    add(...deps.findings);
    if (deps.skipped) report.skipped.push({ rule: 'dependencies', reason: deps.skipped });
  } else {
    report.skipped.push({ rule: 'preset', reason: 'no preset' }, { rule: 'dependencies', reason: 'no preset bounds' });
  }

  if (config.generatorVersion === GENERATOR_VERSION) add(...(await drift(root, config)));
  else report.skipped.push({ rule: 'drift', reason: `the workspace follows generator ${config.generatorVersion}; this is ${GENERATOR_VERSION}` });
  add(...structure(root, config));
  add(...(await infrastructure(root, config)));
  add(...(await authorization(root, config)));
  report.ok = report.findings.length === 0;
  return report;
}

/** One workspace's report, for a person. */
export function formatReport(report: CheckReport): string {
  const head = `${report.name ?? report.workspace}${report.iac ? ` (${report.iac})` : ''}: generator ${report.generator.recorded ?? '?'}${
    report.generator.recorded !== report.generator.current ? ` (current ${report.generator.current})` : ''
  }${report.preset ? `, preset ${report.preset.name} ${report.preset.recorded}${report.preset.current && report.preset.current !== report.preset.recorded ? ` (current ${report.preset.current})` : ''}` : ''}`;
  const lines = [head];
  for (const rule of RULES) {
    const found = report.findings.filter((f) => f.rule === rule);
    const skipped = report.skipped.find((s) => s.rule === rule);
    if (found.length) for (const f of found) lines.push(`  FAIL  ${rule.padEnd(12)} ${f.message}`);
    else if (skipped) lines.push(`  skip  ${rule.padEnd(12)} ${skipped.reason}`);
    else lines.push(`  ok    ${rule}`);
  }
  lines.push(report.ok ? '  => follows its standard' : `  => ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** Many workspaces' reports as one table (a fleet view). */
export function formatFleet(reports: readonly CheckReport[]): string {
  const rows = reports.map((r) => [
    r.workspace,
    r.iac ?? '-',
    `${r.generator.recorded ?? '?'}${r.generator.recorded !== r.generator.current ? ` (-> ${r.generator.current})` : ''}`,
    r.preset ? `${r.preset.name} ${r.preset.recorded}${r.preset.current && r.preset.current !== r.preset.recorded ? ` (-> ${r.preset.current})` : ''}` : '-',
    ...RULES.map((rule) => String(r.findings.filter((f) => f.rule === rule).length || (r.skipped.some((s) => s.rule === rule) ? '-' : '0'))),
    r.ok ? 'ok' : 'FAIL',
  ]);
  const header = ['workspace', 'iac', 'generator', 'preset', ...RULES, 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
