/**
 * The covering array of options: workspaces in which every pair of option values (of `new`, of
 * the preset, of each trigger kind's variants, of a route's `--auth`) appears at least once. The
 * options and their values come from the declarations `--help` and the prompts are made of:
 * `new`'s answers (a select's choices, a typed-in answer's `samples`, lib/answers.ts), the
 * example presets, each trigger kind's `variants` (lib/triggers/) and the route generator's
 * `ROUTE_VARIANTS`. A new answer, choice, trigger kind or variant enters the matrix without an
 * edit here. Which combinations are valid is decided by the generator's own validators
 * (`workspaceFromAnswers`, the preset's bounds and locks, a route's `--auth` against the API's
 * authorizer, a flavour's `refusesTrigger`); a pair no valid workspace can hold is listed as
 * infeasible, never silently dropped.
 *
 * Every workspace also carries one route per access level (ROUTE_VARIANTS.shapes), all with the
 * row's route `--auth`, and one function per trigger kind: a workspace carries many features.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { APP_ANSWERS, type AppAnswers } from '../../lib/answers.js';
import { type ApiAuth, parseRouteAuth, validateRouteAuth } from '../../lib/auth.js';
import { workspaceFromAnswers } from '../../lib/config.js';
import { type CoveringArray, type Factor, type Row, coveringArray } from '../../lib/covering-array.js';
import { flavourOf } from '../../lib/iac/index.js';
import { refusesTrigger } from '../../lib/iac/flavour.js';
import { pluralize } from '../../lib/naming.js';
import { type Preset, loadPreset, lockedAnswers, sameAnswer, withinPreset } from '../../lib/preset.js';
import { EVENT_TRIGGERS } from '../../lib/triggers/index.js';
import { ACCESS_LEVELS, type Iac, type Trigger } from '../../lib/types.js';
import { ROUTE_VARIANTS } from '../../generators/route/command.js';
import { REPO_ROOT } from './generators.js';

const PRESETS_DIR = path.join(REPO_ROOT, 'examples', 'presets');
const NO_PRESET = 'none';
const TRIGGER_KINDS = Object.keys(EVENT_TRIGGERS) as (keyof typeof EVENT_TRIGGERS)[];

/** A trigger kind's variant as the factor's value: its flags, or `(defaults)`. */
const variantText = (args: readonly string[]) => (args.length ? args.join(' ') : '(defaults)');

/** The factors: one per answer of `new`, the preset, each trigger kind, a route's `--auth`. */
export function matrixFactors(): Factor[] {
  const answers = APP_ANSWERS.map((a): Factor => {
    const values = 'choices' in a && a.choices ? a.choices.map((c) => c.value) : 'samples' in a ? a.samples : undefined;
    if (!values?.length) throw new Error(`the answer ${a.flag} has neither choices nor samples: the covering array cannot pair it`);
    return { name: a.flag, values };
  });
  const presets = readdirSync(PRESETS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return [
    ...answers,
    { name: 'preset', values: [NO_PRESET, ...presets] },
    ...TRIGGER_KINDS.map((kind): Factor => ({ name: `trigger:${kind}`, values: EVENT_TRIGGERS[kind].variants.map(variantText) })),
    { name: 'route-auth', values: ROUTE_VARIANTS.auth },
  ];
}

const presets = new Map<string, Preset>();
function presetOf(name: string): Preset | undefined {
  if (name === NO_PRESET) return undefined;
  if (!presets.has(name)) presets.set(name, loadPreset(path.join(PRESETS_DIR, name), REPO_ROOT));
  return presets.get(name);
}

/** The flags of a trigger kind's variant, as given to the factor. */
function variantArgs(kind: keyof typeof EVENT_TRIGGERS, value: string): readonly string[] {
  const found = EVENT_TRIGGERS[kind].variants.find((v) => variantText(v) === value);
  if (!found) throw new Error(`no variant "${value}" of ${kind}`);
  return found;
}

/** The trigger a variant's flags describe, as far as a flavour's refusal reads it. */
function triggerOf(kind: keyof typeof EVENT_TRIGGERS, args: readonly string[]): Trigger {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) flags[args[i]!.replace(/^--/, '')] = args[i + 1]!;
  return { type: kind, ...flags } as unknown as Trigger;
}

/** The answers of `new` a row gives, as text by flag. */
function answerTexts(row: Row): Record<string, string> {
  return Object.fromEntries(APP_ANSWERS.map((a) => [a.flag, row[a.flag]!]));
}

/**
 * How many parts of a row the generator refuses (0: it accepts the whole row): the answers of
 * `new` with the preset, the routes' `--auth`, and each trigger kind's variant.
 */
export function rowProblems(row: Row): number {
  let problems = 0;
  const texts = answerTexts(row);
  for (const a of APP_ANSWERS) {
    // An answer asked only under a condition takes its first sample otherwise: it is not given.
    if ('when' in a && a.when && !a.when(texts) && row[a.flag] !== ('samples' in a ? a.samples?.[0] : undefined)) problems++;
  }
  const preset = presetOf(row.preset!);
  const answers = Object.fromEntries(APP_ANSWERS.map((a) => [a.flag, a.parse(texts[a.flag]!)])) as unknown as AppAnswers;
  let auth: ApiAuth = { kind: answers.auth };
  try {
    auth = workspaceFromAnswers(answers, preset).auth;
  } catch {
    problems++;
  }
  const hasResource = texts.resource !== '';
  if (preset) {
    for (const [flag, locked] of Object.entries(lockedAnswers(preset))) if (!sameAnswer(flag, texts[flag] ?? '', locked)) problems++;
    for (const a of APP_ANSWERS) if (withinPreset(preset, a.flag, texts[a.flag]!) !== true) problems++;
  }
  const routeAuth = parseRouteAuth(row['route-auth']!);
  if (typeof routeAuth === 'string' || validateRouteAuth(routeAuth, auth) !== true) problems++;
  for (const kind of TRIGGER_KINDS) {
    const args = variantArgs(kind, row[`trigger:${kind}`]!);
    if (!hasResource && args.includes('{resource}')) {
      // A kind whose every variant needs a resource (a table's stream) is left out of a workspace
      // without one: its first variant stands for "none".
      const always = EVENT_TRIGGERS[kind].variants.every((v) => v.includes('{resource}'));
      if (!always || args !== EVENT_TRIGGERS[kind].variants[0]) problems++;
      continue;
    }
    if (refusesTrigger(flavourOf(answers.iac), triggerOf(kind, args))) problems++;
    for (const flag of ['memory', 'timeout']) {
      const i = args.indexOf(`--${flag}`);
      if (preset && i >= 0 && withinPreset(preset, flag, args[i + 1]!) !== true) problems++;
    }
  }
  return problems;
}

/** The covering array (fixed seed: the same workspaces every run). */
export function optionMatrix(seed = 1, candidates = 30): CoveringArray & { factors: Factor[] } {
  const factors = matrixFactors();
  return { ...coveringArray(factors, rowProblems, { seed, candidates }), factors };
}

/** One workspace of the matrix: the flags of `new`, then each addition's command line. */
export interface MatrixWorkspace {
  name: string;
  iac: Iac;
  api: 'http' | 'rest';
  preset?: string;
  newArgs: string[];
  additions: string[][];
}

export function matrixWorkspace(row: Row): MatrixWorkspace {
  const texts = answerTexts(row);
  const newArgs: string[] = [];
  for (const a of APP_ANSWERS) {
    if ('argument' in a && a.argument) continue;
    if ('when' in a && a.when && !a.when(texts)) continue;
    const value = texts[a.flag]!;
    if (a.flag === 'resource' && value === '') newArgs.push('--no-resource');
    else if (value !== '') newArgs.push(`--${a.flag}`, value);
  }
  const preset = row.preset === NO_PRESET ? undefined : path.join(PRESETS_DIR, row.preset!);
  if (preset) newArgs.push('--preset', preset);
  const resource = texts.resource!;
  const fill = (arg: string) => arg.replace('{plural}', resource ? pluralize(resource) : '').replace('{resource}', resource);
  const additions: string[][] = [];
  for (const access of ACCESS_LEVELS) {
    if (access !== 'none' && !resource) continue;
    const [method, routePath, ...rest] = ROUTE_VARIANTS.shapes[access];
    additions.push([
      'route',
      method!,
      fill(routePath!),
      ...rest,
      '--auth',
      row['route-auth']!,
      ...(access === 'none' ? [] : ['--resource', resource, '--access', access]),
      '--yes',
    ]);
  }
  for (const kind of TRIGGER_KINDS) {
    const args = variantArgs(kind, row[`trigger:${kind}`]!);
    if (!resource && args.includes('{resource}')) continue;
    additions.push(['function', `on-${kind}`, '--trigger', kind, ...args.map(fill), '--yes']);
  }
  return { name: texts.name!, iac: texts.iac as Iac, api: texts.api as 'http' | 'rest', ...(preset ? { preset } : {}), newArgs, additions };
}

/** The matrix as a table: one line per workspace, its values in the factors' order. */
export function matrixTable(m: CoveringArray & { factors: Factor[] }): string {
  const lines = m.rows.map((row, i) => `${String(i + 1).padStart(2)}  ${m.factors.map((f) => `${f.name}=${JSON.stringify(row[f.name])}`).join(' ')}`);
  return [
    `covering array: ${m.rows.length} workspaces cover ${m.pairs} pairs of ${m.factors.length} options (${m.infeasible.length} pairs no valid workspace holds)`,
    ...lines,
  ].join('\n');
}
