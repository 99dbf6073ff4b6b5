/**
 * Presets: an organisation's standard for its workspaces (`serverless-api new --preset`). A preset
 * gives defaults for answers, locks answers, sets the policy every flavour applies (tags, name
 * prefix, log retention, throttling) and bounds the choices (memory, timeout, flavours, API
 * types, architectures), and ships files of its own. It is checked against its JSON Schema
 * (preset-schema.ts) and then against the generator's own rules; every mistake is one line that
 * names the preset and the key. The whole preset (its files' templates included) is recorded in
 * `.yo-rc.json` with a content hash, so `route` and `resource` obey it in any clone, offline.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { APP_ANSWERS, type Question, answerText } from './answers.js';
import { UserError } from './errors.js';
import { PRESET_SCHEMA } from './preset-schema.js';
import type { Policy, Preset, PresetAnswers, PresetPolicy, RecordedPreset } from './types.js';

export type { Preset, PresetAnswers, RecordedPreset } from './types.js';
import { minVersion, satisfies, validRange } from 'semver';
import { validateDescription, validateResourceName } from './validation.js';
import { DEFAULT_FIELDS_SPEC, parseFields, parseIndex, parseSortKey } from './fields.js';
import { versions } from './versions.js';

/** The answers a preset may set, in the order of `new`'s questions. */
const PRESET_KEYS = APP_ANSWERS.map((a) => a.flag).filter((flag) => flag !== 'name') as (keyof PresetAnswers)[];
/** The answers a policy bounds, and how. */
const RANGED = ['memory', 'timeout'] as const;
const LISTED = ['iac', 'api', 'arch'] as const;

let validator: ReturnType<Ajv2020['compile']> | undefined;
/** The schema's validator, loaded and compiled on first use: a run without a preset never pays for ajv. */
function schemaValidator() {
  if (!validator) {
    const { Ajv2020: Ajv } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    validator = new Ajv({ allErrors: true, strict: true }).compile(PRESET_SCHEMA);
  }
  return validator;
}

/** `preset acme-standard 1.2.0`, as every refusal names it. */
export function presetLabel(preset: Pick<Preset, 'name' | 'version'>): string {
  return `preset ${preset.name} ${preset.version}`;
}

/** A JSON pointer (`/policy/memory/max`) as the key a person reads (`policy.memory.max`). */
function keyOf(pointer: string, child?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.length ? parts.join('.') : '(top level)';
}

/** What a pattern of the schema asks, in words, by the pattern's place in the schema. */
const PATTERN_RULES: Readonly<Record<string, string>> = {
  '#/properties/name/pattern': 'must be a lowercase npm-style name, e.g. "acme-standard" or "@acme/api-preset"',
  '#/properties/version/pattern': 'must be a semantic version, e.g. "1.2.0"',
  '#/properties/policy/properties/namePrefix/pattern': 'must be lowercase kebab-case of at most 11 characters, ending with "-" (e.g. "acme-")',
  '#/properties/policy/properties/tags/propertyNames/pattern': 'is not a tag key (1 to 128 letters, digits, spaces, _ . : / = + - @)',
  '#/properties/policy/properties/tags/propertyNames/not': 'is not a tag key of yours: "aws:" is reserved',
  '#/properties/files/propertyNames/pattern': 'must be a relative path inside the workspace (no "..", no leading "/")',
};

/** One line per schema mistake: the key, then what is wrong with it. */
function schemaMistakes(errors: readonly ErrorObject[]): string[] {
  const lines: string[] = [];
  // A value that fits no branch of a `oneOf` gets one line, not one per branch.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && oneOfPaths.has(e.instancePath) && e.schemaPath.includes('/oneOf/')) continue;
    // The `propertyNames` error itself repeats the one its `pattern` gave.
    if (e.keyword === 'propertyNames') continue;
    const params = e.params as Record<string, unknown>;
    const propertyName = (e as { propertyName?: string }).propertyName;
    if (e.keyword === 'additionalProperties') lines.push(`${keyOf(e.instancePath, String(params.additionalProperty))}: unknown key`);
    else if (e.keyword === 'required') lines.push(`${keyOf(e.instancePath, String(params.missingProperty))}: missing`);
    else if (propertyName !== undefined)
      lines.push(`${keyOf(e.instancePath, propertyName)}: ${PATTERN_RULES[e.schemaPath] ?? `not an allowed key (${e.message ?? 'invalid'})`}`);
    else if (e.keyword === 'enum')
      lines.push(`${keyOf(e.instancePath)}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    else if (e.keyword === 'oneOf' && keyOf(e.instancePath).endsWith('resource')) lines.push(`${keyOf(e.instancePath)}: must be a resource name or false`);
    else if (e.keyword === 'pattern' && PATTERN_RULES[e.schemaPath]) lines.push(`${keyOf(e.instancePath)}: ${PATTERN_RULES[e.schemaPath]}`);
    else lines.push(`${keyOf(e.instancePath)}: ${e.message ?? 'invalid'}`);
  }
  return [...new Set(lines)];
}

/** The generator's own default of an answer (what a workspace gets when neither flag nor preset sets it). */
function builtInDefault(flag: keyof PresetAnswers): string {
  const spec = APP_ANSWERS.find((a) => a.flag === flag);
  return typeof spec?.default === 'string' ? spec.default : '';
}

/**
 * Whether a value of an answer is within the preset's policy: true, or why not (a sentence that
 * names the preset). Answers the policy does not bound are always within it.
 */
export function withinPreset(preset: Preset, flag: string, value: string): true | string {
  const label = presetLabel(preset);
  if ((RANGED as readonly string[]).includes(flag)) {
    const bounds = preset.policy[flag as (typeof RANGED)[number]];
    const n = Number(value);
    if (bounds?.min !== undefined && n < bounds.min) return `${value} is below the minimum of ${label} (policy.${flag}.min ${bounds.min})`;
    if (bounds?.max !== undefined && n > bounds.max) return `${value} is above the maximum of ${label} (policy.${flag}.max ${bounds.max})`;
  }
  if ((LISTED as readonly string[]).includes(flag)) {
    const list = preset.policy[flag as (typeof LISTED)[number]] as string[] | undefined;
    if (list && !list.includes(value)) return `${value} is not allowed by ${label} (policy.${flag}: ${list.join(', ')})`;
  }
  return true;
}

/** A question whose validation also holds its answer to the preset's bounds. */
export function withPresetBounds<Q extends Question>(preset: Preset, question: Q): Q {
  const own = question.validate;
  return {
    ...question,
    validate: (value: string, answers?: Record<string, string>) => {
      const valid = own ? own(value, answers) : true;
      return valid === true ? withinPreset(preset, question.flag, value.trim()) : valid;
    },
  };
}

/** The generator's rules a schema cannot say: valid names, defaults within the bounds, no contradiction. */
function ruleMistakes(preset: Preset): string[] {
  const lines: string[] = [];
  for (const part of ['defaults', 'locked'] as const) {
    const answers = preset[part];
    if (typeof answers.resource === 'string') {
      const valid = validateResourceName(answers.resource);
      if (valid !== true) lines.push(`${part}.resource: ${valid}`);
    }
    if (answers.description !== undefined) {
      const valid = validateDescription(answers.description);
      if (valid !== true) lines.push(`${part}.description: ${valid}`);
    }
    // The starter resource's fields, and its index and sort key over the fields the preset gives.
    const fields = parseFields(preset.locked.fields ?? preset.defaults.fields ?? DEFAULT_FIELDS_SPEC);
    const own = answers.fields === undefined ? undefined : parseFields(answers.fields);
    if (typeof own === 'string') lines.push(`${part}.fields: ${own}`);
    for (const [key, parse] of [
      ['index', parseIndex],
      ['sort-key', parseSortKey],
    ] as const) {
      const text = answers[key];
      if (text === undefined || typeof fields === 'string') continue;
      const parsed = parse(text, fields);
      if (typeof parsed === 'string') lines.push(`${part}.${key}: ${parsed}`);
    }
    for (const key of PRESET_KEYS) {
      const value = answers[key];
      if (value === undefined) continue;
      const within = withinPreset(preset, key, answerText(value));
      if (within !== true) lines.push(`${part}.${key}: ${within.replace(/ (of|by) preset .*? \(/, ' $1 the policy (')}`);
    }
  }
  for (const key of PRESET_KEYS) {
    const locked = preset.locked[key];
    const given = preset.defaults[key];
    if (locked !== undefined && given !== undefined && locked !== given) {
      lines.push(`defaults.${key}: ${JSON.stringify(given)} differs from locked.${key} (${JSON.stringify(locked)}); a locked answer needs no default`);
    }
  }
  // The crates' bounds: valid ranges that the generator's own dependencies meet.
  for (const [crate, range] of Object.entries(preset.policy.crates ?? {})) {
    if (validRange(range) === null) {
      lines.push(`policy.crates.${crate}: "${range}" is not a version range (e.g. ">=1.3.0 <2")`);
      continue;
    }
    const ours = (versions.crates as Record<string, string>)[crate];
    const version = ours === undefined ? null : minVersion(ours);
    if (version && !satisfies(version, range)) lines.push(`policy.crates.${crate}: "${range}" excludes the version the generator uses (${ours})`);
  }
  for (const key of RANGED) {
    const bounds = preset.policy[key];
    if (bounds?.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max)
      lines.push(`policy.${key}: min ${bounds.min} is above max ${bounds.max}`);
  }
  // The generator's own default must fit the policy, or the preset must give one that does.
  for (const key of [...RANGED, ...LISTED]) {
    if (preset.defaults[key] !== undefined || preset.locked[key] !== undefined) continue;
    const fallback = builtInDefault(key);
    const within = withinPreset(preset, key, fallback);
    if (within !== true) lines.push(`policy.${key}: excludes the generator's default (${fallback}): set defaults.${key} or locked.${key}`);
  }
  return lines;
}

/** A preset's content in a canonical form (keys sorted), the input of its hash. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** `sha256-<hex>` of the preset's content (its files' templates included, its hash excluded). */
export function presetHash(preset: Preset): string {
  const { name, version, description, defaults, locked, policy, files } = preset;
  const content = JSON.stringify(canonical({ name, version, description, defaults, locked, policy, files }));
  return `sha256-${createHash('sha256').update(content).digest('hex')}`;
}

/** Fails with every mistake, a line each, each naming the preset. */
function refuse(where: string, mistakes: string[]): never {
  throw new UserError(mistakes.map((m) => `${where}: ${m}`).join('\n'));
}

/**
 * Checks a preset document (schema, then the generator's rules). `readFile` gives the text of a
 * file the preset ships, by its source path; when absent, `files` already holds the texts.
 */
export function checkPreset(document: unknown, where: string, readFile?: (source: string) => string | Error): Preset {
  const validate = schemaValidator();
  if (!validate(document)) refuse(where, schemaMistakes(validate.errors ?? []));
  const doc = document as {
    name: string;
    version: string;
    description?: string;
    defaults?: PresetAnswers;
    locked?: PresetAnswers;
    policy?: PresetPolicy;
    files?: Record<string, string>;
  };
  const files: Record<string, string> = {};
  const fileMistakes: string[] = [];
  for (const [destination, source] of Object.entries(doc.files ?? {})) {
    if (!readFile) {
      files[destination] = source;
      continue;
    }
    const text = readFile(source);
    if (text instanceof Error) fileMistakes.push(`files.${destination}: ${text.message}`);
    else files[destination] = text;
  }
  const preset: Preset = {
    name: doc.name,
    version: doc.version,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    defaults: doc.defaults ?? {},
    locked: doc.locked ?? {},
    policy: doc.policy ?? {},
    files,
  };
  const mistakes = [...fileMistakes, ...ruleMistakes(preset)];
  if (mistakes.length) refuse(`${where} (${preset.name} ${preset.version})`, mistakes);
  return preset;
}

/**
 * The preset file a reference names: a path (to the JSON file, or to a folder holding
 * `preset.json`), else an npm package installed where the command runs (its package.json's
 * `serverless-api-preset` field names the file; `preset.json` by default).
 */
export function presetFile(reference: string, cwd: string): string {
  const asPath = path.resolve(cwd, reference);
  if (existsSync(asPath)) return statSync(asPath).isDirectory() ? path.join(asPath, 'preset.json') : asPath;
  if (/^[./]/.test(reference) || reference.endsWith('.json')) throw new UserError(`--preset ${reference}: no such file`);
  let manifest: string;
  try {
    manifest = createRequire(path.join(cwd, 'package.json')).resolve(`${reference}/package.json`);
  } catch {
    throw new UserError(
      `--preset ${reference}: neither a file nor an npm package installed here (npm install ${reference}, or give the path of its JSON file)`,
    );
  }
  const field = (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>)['serverless-api-preset'];
  return path.join(path.dirname(manifest), typeof field === 'string' ? field : 'preset.json');
}

/** Loads, checks and returns the preset a `--preset` reference names. */
export function loadPreset(reference: string, cwd: string): Preset {
  const file = presetFile(reference, cwd);
  const shown = path.relative(cwd, file) || file;
  const where = `preset ${shown}`;
  if (!existsSync(file)) throw new UserError(`--preset ${reference}: ${shown} does not exist`);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${where}: not JSON (${(error as Error).message})`);
  }
  const folder = path.dirname(file);
  const fromPackage = !existsSync(path.resolve(cwd, reference));
  const preset = checkPreset(document, where, (source) => {
    const full = path.resolve(folder, source);
    if (path.relative(folder, full).startsWith('..') || path.isAbsolute(source)) return new Error(`${source} is outside the preset's folder`);
    if (!existsSync(full) || !statSync(full).isFile()) return new Error(`${source} does not exist (next to the preset file)`);
    return readFileSync(full, 'utf8');
  });
  return fromPackage ? { ...preset, package: reference } : preset;
}

/** The preset as `.yo-rc.json` records it. */
export function recordPreset(preset: Preset): RecordedPreset {
  return { ...preset, hash: presetHash(preset) };
}

/**
 * Reads the preset recorded in `.yo-rc.json`, checking it as a preset and against its hash: a
 * hand edit of the record would let a workspace leave its standard unseen.
 */
export function presetFromRecord(recorded: unknown, file: string): RecordedPreset | undefined {
  if (recorded === undefined) return undefined;
  if (!recorded || typeof recorded !== 'object') throw new UserError(`${file}: preset must be an object`);
  const { hash, package: from, ...rest } = recorded as Record<string, unknown>;
  const preset = checkPreset(rest, `${file}: preset`);
  const actual = presetHash(preset);
  if (hash !== actual) {
    throw new UserError(
      `${file}: the recorded ${presetLabel(preset)} does not match its hash (edited by hand?): restore it from git, or record the preset again`,
    );
  }
  if (from !== undefined && typeof from !== 'string') throw new UserError(`${file}: preset.package must be the name of an npm package`);
  return { ...preset, hash: actual, ...(from ? { package: from } : {}) };
}

/** The preset's answers (locked over defaults) as the text flags and prompts use. */
export function presetLayer(preset: Preset): Record<string, string> {
  const layer: Record<string, string> = {};
  for (const key of PRESET_KEYS) {
    const value = preset.locked[key] ?? preset.defaults[key];
    if (value !== undefined) layer[key] = answerText(value);
  }
  return layer;
}

/** The locked answers as text, by flag. */
export function lockedAnswers(preset: Preset): Record<string, string> {
  return Object.fromEntries(PRESET_KEYS.filter((k) => preset.locked[k] !== undefined).map((k) => [k, answerText(preset.locked[k] as never)]));
}

/** Whether two texts give the same answer (`0512` and `512` are the same memory). */
export function sameAnswer(flag: string, a: string, b: string): boolean {
  if ((RANGED as readonly string[]).includes(flag)) return Number(a) === Number(b);
  return a.trim() === b.trim();
}

/** The refusal of a flag that gives a locked answer another value. */
export function lockedConflict(preset: Preset, flag: string, given: string): UserError {
  const locked = lockedAnswers(preset)[flag];
  const shown = (v: string | undefined) => (flag === 'resource' && v === '' ? 'none' : v);
  return new UserError(`--${flag} ${shown(given)}: ${presetLabel(preset)} locks ${flag} to ${shown(locked)}`);
}

/** The workspace policy under a preset: the preset's values over the generator's defaults. */
export function presetPolicy(base: Policy, preset: Preset | undefined): Policy {
  if (!preset) return base;
  const { tags, namePrefix, logRetentionDays, throttling } = preset.policy;
  return {
    throttling: throttling ? { ...throttling } : base.throttling,
    logRetentionDays: logRetentionDays ?? base.logRetentionDays,
    tags: { ...base.tags, ...(tags ?? {}) },
    namePrefix: namePrefix ?? base.namePrefix,
  };
}
