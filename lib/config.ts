/**
 * The workspace configuration: the answers, the routes and the policy, as stored in
 * `.yo-rc.json`. It is the single source of truth from which every generated file is rendered.
 */
import { APP_ANSWERS, type AppAnswers, answerText, defaultDescription } from './answers.js';
import {
  parseList,
  parseRouteAuth,
  validateAudience,
  validateAuthForApi,
  validateCorsForApi,
  validateAuthKind,
  validateCorsOrigins,
  validateIssuer,
  validateRouteAuth,
} from './auth.js';
import { UserError } from './errors.js';
import { migrateStoredConfig } from './migrations.js';
import { DEFAULT_POLICY, policyFromStored, storedPolicy } from './policy.js';
import { type Preset, presetFromRecord, presetLabel, presetPolicy, recordPreset } from './preset.js';
import { DEFAULT_FIELDS_SPEC, fieldsOf, fieldsText, itemSizeProblem, parseFields, parseIndex, parseSortKey } from './fields.js';
import { HEALTH_ROUTE, crudRoutes } from './routes.js';
import { EVENT_TRIGGERS, eventKind, eventKindOf, isEventTriggerType } from './triggers/index.js';
import {
  DECLARED_STATUSES,
  type EventFunction,
  type ResourceConfig,
  type ResourceIndex,
  type ResourceSortKey,
  type Route,
  type WorkspaceConfig,
} from './types.js';
import { MAX_PROJECT_NAME, check } from './validation.js';
import { GENERATOR_VERSION } from './version.js';

export type { AppAnswers } from './answers.js';
export type { WorkspaceConfig } from './types.js';

/** The key under which `.yo-rc.json` stores our state (Yeoman's convention: the package name). */
export const CONFIG_KEY = 'generator-serverless-api';
export const CONFIG_FILE = '.yo-rc.json';

/** Validates the answers as a whole; throws a UserError naming the first problem. */
export function validateAnswers(answers: AppAnswers): void {
  const texts = Object.fromEntries(APP_ANSWERS.map((a) => [a.flag, answerText(answers[a.flag] ?? '')]));
  for (const a of APP_ANSWERS) {
    if ('when' in a && a.when && !a.when(texts)) continue;
    const value = answers[a.flag];
    // An empty description stands for the default one.
    if (a.flag === 'description' && value === '') continue;
    check(a.validate(answerText(value)), 'errorPrefix' in a ? a.errorPrefix : undefined);
  }
  check(validateAuthForApi(answers.auth, answers.api));
  check(validateCorsForApi(parseList(answers.cors ?? ''), answers.api));
}

/** The API's authorizer as the answers give it. */
function authFromAnswers(answers: AppAnswers): WorkspaceConfig['auth'] {
  if (answers.auth !== 'jwt') return { kind: answers.auth };
  return { kind: 'jwt', issuer: answers['jwt-issuer'], audience: parseList(answers['jwt-audience']) };
}

export function workspaceFromAnswers(answers: AppAnswers, preset?: Preset): WorkspaceConfig {
  validateAnswers(answers);
  // The preset's name prefix comes first in every physical name: the two together must leave the
  // room the stage and the functions' names are measured for (lib/validation.ts).
  const prefix = preset?.policy.namePrefix ?? '';
  if (prefix && prefix.length + answers.name.length > MAX_PROJECT_NAME) {
    throw new UserError(
      `project name "${answers.name}" with ${presetLabel(preset!)}'s name prefix "${prefix}" makes "${prefix}${answers.name}", ${prefix.length + answers.name.length} characters; the limit is ${MAX_PROJECT_NAME} (AWS limits every name to which the stage and a function's name are added): choose a name of at most ${MAX_PROJECT_NAME - prefix.length} characters`,
    );
  }
  const starter = answers.resource === false ? undefined : resourceSpec(answers.resource, answers.fields, answers.index, answers['sort-key']);
  const auth = authFromAnswers(answers);
  // With an authorizer, the starter health route stays public: load balancers and uptime checks have no token.
  const health: Route = auth.kind === 'none' ? { ...HEALTH_ROUTE } : { ...HEALTH_ROUTE, auth: 'none' };
  return {
    name: answers.name,
    description: answers.description || defaultDescription(answers.name),
    iac: answers.iac,
    api: answers.api,
    arch: answers.arch,
    memory: Number(answers.memory),
    timeout: Number(answers.timeout),
    resources: starter ? [resourceRecord(starter)] : [],
    routes: starter ? starter.routes : [health],
    policy: presetPolicy(structuredClone(DEFAULT_POLICY), preset),
    auth,
    ...(answers.cors ? { cors: { origins: parseList(answers.cors) } } : {}),
    generatorVersion: GENERATOR_VERSION,
    ...(preset ? { preset: recordPreset(preset) } : {}),
  };
}

/** The answers `.yo-rc.json` stores, in their order there. */
const STORED = APP_ANSWERS.filter((a) => a.stored);

/** Reads the configuration stored in a `.yo-rc.json` document, checking what later steps rely on. */
export function workspaceFromStored(stored: unknown, file = CONFIG_FILE): WorkspaceConfig {
  const root = (stored as Record<string, unknown> | undefined)?.[CONFIG_KEY] as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object')
    throw new UserError(`${file} has no "${CONFIG_KEY}" section: this folder was not generated by generator-serverless-api`);
  // Older layouts first, read as this version records them (lib/migrations.ts).
  const { name, resources: storedResources, routes } = migrateStoredConfig(root, file);
  if (typeof name !== 'string' || !Array.isArray(routes) || !Array.isArray(storedResources)) {
    throw new UserError(`${file} is incomplete: it needs "name", "resources" and "routes" under "${CONFIG_KEY}"`);
  }
  const answers: Record<string, unknown> = {};
  for (const a of STORED) {
    const value = root[a.flag];
    if (a.flag === 'name') {
      answers.name = name;
      continue;
    }
    if (a.flag === 'description') {
      answers.description = typeof value === 'string' ? value : defaultDescription(name);
      continue;
    }
    check(a.validate(String(value)), 'errorPrefix' in a ? `${file}: ${a.flag}` : file);
    answers[a.flag] = a.parse(String(value));
  }
  let policy;
  try {
    policy = policyFromStored(root.policy, file);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  const { generatorVersion } = root;
  if (generatorVersion !== undefined && (typeof generatorVersion !== 'string' || !/^\d+\.\d+\.\d+(-[\w.-]+)?$/.test(generatorVersion))) {
    throw new UserError(`${file}: generatorVersion must be a version such as "${GENERATOR_VERSION}"`);
  }
  const preset = presetFromRecord(root.preset, file);
  const auth = authFromStored(root.auth, file);
  for (const route of routes as Route[]) {
    check(validateDeclared(route), `${file}: route ${String(route.name)}`);
    if (route.auth === undefined) continue;
    const parsed = typeof route.auth === 'string' ? parseRouteAuth(route.auth) : `"${String(route.auth)}" is not an --auth value`;
    check(typeof parsed === 'string' ? parsed : validateRouteAuth(parsed, auth), `${file}: route ${String(route.name)}`);
  }
  const cors = corsFromStored(root.cors, file);
  const resources = resourcesFromStored(storedResources, file);
  const functions = functionsFromStored(root.functions, file);
  for (const fn of functions) {
    const refused = eventKindOf(fn).table?.refusesStored(
      fn,
      resources.map((r) => r.name),
    );
    if (refused) throw new UserError(`${file}: ${refused}`);
  }
  return {
    ...(answers as Omit<WorkspaceConfig, 'resources' | 'routes' | 'policy' | 'generatorVersion'>),
    resources,
    routes: routes as Route[],
    policy,
    // Workspaces made before the version was recorded follow 0.1.0's templates.
    auth,
    ...(cors ? { cors } : {}),
    ...(functions.length ? { functions } : {}),
    generatorVersion: generatorVersion ?? '0.1.0',
    ...(preset ? { preset } : {}),
  };
}

/**
 * The `--fields` text to store for a resource: its canonical form, or none for the default
 * fields (so that a workspace made before fields existed and one made with the default read alike).
 */
export function storedFields(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const parsed = parseFields(text);
  if (typeof parsed === 'string') throw new UserError(`--fields: ${parsed}`);
  const tooLarge = itemSizeProblem(parsed);
  if (tooLarge) throw new UserError(`--fields: ${tooLarge}`);
  const canonical = fieldsText(parsed);
  return canonical === fieldsText(fieldsOf(DEFAULT_FIELDS_SPEC)) ? undefined : canonical;
}

/** A resource as an addition gives it: its record (fields as stored, none: the default; its index and sort key), and its CRUD routes. */
export interface ResourceSpec extends ResourceConfig {
  routes: Route[];
}

/** The record `.yo-rc.json` keeps of a resource: its name, and only what it has beyond the defaults. */
export function resourceRecord(spec: ResourceConfig): ResourceConfig {
  return {
    name: spec.name,
    ...(spec.fields !== undefined ? { fields: spec.fields } : {}),
    ...(spec.index !== undefined ? { index: spec.index } : {}),
    ...(spec.sortKey !== undefined ? { sortKey: spec.sortKey } : {}),
  };
}

/** The names of a configuration's resources, in the order they were added. */
export function resourceNamesOf(config: Pick<WorkspaceConfig, 'resources'>): string[] {
  return config.resources.map((r) => r.name);
}

/** The resource of `--fields`, `--index` and `--sort-key` texts (absent or empty: the default fields, no index, no order); a UserError if they cannot be. */
export function resourceSpec(name: string, fieldsAnswer?: string, indexAnswer?: string, sortKeyAnswer?: string): ResourceSpec {
  const fields = storedFields(fieldsAnswer);
  const index = indexAnswer ? checkedIndex(indexAnswer, fields) : undefined;
  const sortKey = sortKeyAnswer ? checkedSortKey(sortKeyAnswer, fields) : undefined;
  return {
    name,
    ...(fields ? { fields } : {}),
    ...(index ? { index } : {}),
    ...(sortKey ? { sortKey } : {}),
    routes: crudRoutes(name, { indexed: index !== undefined, sorted: sortKey !== undefined }),
  };
}

/** A configuration with resources added (their fields, indexes and sort keys recorded), and routes after its own: by default their CRUD routes. */
export function withResources(
  config: WorkspaceConfig,
  specs: readonly ResourceSpec[],
  routes: readonly Route[] = specs.flatMap((s) => s.routes),
): WorkspaceConfig {
  return {
    ...config,
    resources: [...config.resources, ...specs.map(resourceRecord)],
    routes: [...config.routes, ...routes],
  };
}

/** The sort key of `--sort-key` over a resource's stored fields (undefined: the default fields); a UserError if it cannot be one. */
export function checkedSortKey(text: string, fields: string | undefined): ResourceSortKey {
  const sortKey = parseSortKey(text, fieldsOf(fields));
  if (typeof sortKey === 'string') throw new UserError(`--sort-key: ${sortKey}`);
  return sortKey;
}

/** The index of `--index` over a resource's stored fields (undefined: the default fields); a UserError if it cannot be one. */
export function checkedIndex(text: string, fields: string | undefined): ResourceIndex {
  const index = parseIndex(text, fieldsOf(fields));
  if (typeof index === 'string') throw new UserError(`--index: ${index}`);
  return index;
}

/**
 * The resources as `.yo-rc.json` records them: a record each (`{ "name": "book", "fields"?: ...,
 * "index"?: { "partition", "sort"? }, "sortKey"?: { "field", "descending"? } }`), each part checked
 * as its flag would check it, against the resource's own fields.
 */
function resourcesFromStored(stored: unknown[], file: string): ResourceConfig[] {
  const names = new Set<string>();
  return stored.map((entry, i) => {
    const record = entry as Record<string, unknown> | null;
    if (!record || typeof record !== 'object' || Array.isArray(record) || typeof record.name !== 'string')
      throw new UserError(`${file}: resources[${i}] must be a resource's record ({ "name": "book", "fields"?: ..., "index"?: ..., "sortKey"?: ... })`);
    const { name, fields, index, sortKey, ...rest } = record;
    const where = `${file}: resource ${name}`;
    if (names.has(name)) throw new UserError(`${where}: recorded twice`);
    names.add(name);
    if (Object.keys(rest).length) throw new UserError(`${where}: unknown keys ${Object.keys(rest).join(', ')}`);
    if (fields !== undefined) {
      const parsed = typeof fields === 'string' ? parseFields(fields) : 'must be a --fields text';
      if (typeof parsed === 'string') throw new UserError(`${where}: fields: ${parsed}`);
    }
    const own = fieldsOf(fields as string | undefined);
    let parsedIndex: ResourceIndex | undefined;
    if (index !== undefined) {
      const i: { partition?: unknown; sort?: unknown } | null = typeof index === 'object' ? index : null;
      if (!i || Array.isArray(i)) throw new UserError(`${where}: index must be { "partition": ..., "sort"?: ... }`);
      const text = typeof i.partition === 'string' ? `${i.partition}${typeof i.sort === 'string' ? `:${i.sort}` : ''}` : '';
      const parsed = parseIndex(text, own);
      if (typeof parsed === 'string') throw new UserError(`${where}: index: ${parsed}`);
      parsedIndex = parsed;
    }
    let parsedSortKey: ResourceSortKey | undefined;
    if (sortKey !== undefined) {
      const k: { field?: unknown; descending?: unknown } | null = typeof sortKey === 'object' ? sortKey : null;
      if (!k || Array.isArray(k)) throw new UserError(`${where}: sortKey must be { "field": ..., "descending"?: true }`);
      const order = k.descending === true ? ':desc' : k.descending === undefined ? '' : ':?';
      const parsed = parseSortKey(typeof k.field === 'string' ? `${k.field}${order}` : '', own);
      if (typeof parsed === 'string') throw new UserError(`${where}: sortKey: ${parsed}`);
      parsedSortKey = parsed;
    }
    return resourceRecord({ name, fields: fields as string | undefined, index: parsedIndex, sortKey: parsedSortKey });
  });
}

/** The API's authorizer as `.yo-rc.json` records it (absent: none). */
function authFromStored(stored: unknown, file: string): WorkspaceConfig['auth'] {
  if (stored === undefined) return { kind: 'none' };
  const auth = stored as { kind?: unknown; issuer?: unknown; audience?: unknown };
  if (!auth || typeof auth !== 'object') throw new UserError(`${file}: auth must be an object ({ "kind": "jwt", ... })`);
  check(validateAuthKind(auth.kind), `${file}: auth.kind`);
  const kind = auth.kind as WorkspaceConfig['auth']['kind'];
  if (kind !== 'jwt') return { kind };
  check(validateIssuer(auth.issuer), `${file}: auth.issuer`);
  const audience = Array.isArray(auth.audience) ? auth.audience.map(String) : [];
  check(validateAudience(audience.join(',')), `${file}: auth.audience`);
  return { kind, issuer: auth.issuer as string, audience };
}

/** The functions not behind HTTP, as `.yo-rc.json` records them (absent: none). */
function functionsFromStored(stored: unknown, file: string): EventFunction[] {
  if (stored === undefined) return [];
  if (!Array.isArray(stored)) throw new UserError(`${file}: functions must be a list`);
  return stored.map((entry: unknown, i) => {
    const fn = entry as Partial<EventFunction> | null;
    const where = `${file}: functions[${i}]`;
    if (!fn || typeof fn.name !== 'string' || !Array.isArray(fn.actions) || typeof fn.trigger !== 'object' || fn.trigger === null) {
      throw new UserError(`${where} needs "name", "trigger" and "actions"`);
    }
    return {
      name: fn.name,
      trigger: triggerFromStored(fn.trigger as unknown as Record<string, unknown>, `${where}: trigger`),
      ...(typeof fn.resource === 'string' ? { resource: fn.resource } : {}),
      actions: fn.actions.map(String),
      ...(fn.memory !== undefined ? { memory: Number(fn.memory) } : {}),
      ...(fn.timeout !== undefined ? { timeout: Number(fn.timeout) } : {}),
      ...(fn.afterRoutes !== undefined ? { afterRoutes: afterRoutesFromStored(fn.afterRoutes, `${where}: afterRoutes`) } : {}),
    };
  });
}

/** A function's trigger as stored, checked as its command checks it: by its kind. */
function triggerFromStored(trigger: Record<string, unknown>, where: string): EventFunction['trigger'] {
  if (!isEventTriggerType(trigger.type)) {
    const kinds = Object.keys(EVENT_TRIGGERS);
    throw new UserError(`${where}.type must be ${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)} (got "${String(trigger.type)}")`);
  }
  return eventKind(trigger.type).fromStored(trigger, where);
}

function afterRoutesFromStored(stored: unknown, where: string): number {
  const n = Number(stored);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${where} must be a whole number of routes (got ${JSON.stringify(stored)})`);
  return n;
}

function corsFromStored(stored: unknown, file: string): WorkspaceConfig['cors'] {
  if (stored === undefined) return undefined;
  const origins = typeof stored === 'object' && stored !== null && 'origins' in stored ? stored.origins : undefined;
  if (!Array.isArray(origins)) throw new UserError(`${file}: cors must be { "origins": [...] }`);
  check(validateCorsOrigins(origins.map(String).join(',')), `${file}: cors.origins`);
  return { origins: origins.map(String) };
}

/** The `.yo-rc.json` document for a configuration (keys in a fixed order, so re-runs are identical). */
export function storedConfig(config: WorkspaceConfig): Record<string, unknown> {
  const policy = storedPolicy(config.policy);
  return {
    [CONFIG_KEY]: {
      generatorVersion: config.generatorVersion,
      ...Object.fromEntries(STORED.map((a) => [a.flag, (config as unknown as Record<string, unknown>)[a.flag]])),
      resources: config.resources.map(resourceRecord),
      routes: config.routes.map((r) => ({
        name: r.name,
        method: r.method,
        path: r.path,
        kind: r.kind,
        ...(r.resource ? { resource: r.resource } : {}),
        actions: r.actions,
        ...(r.memory !== undefined ? { memory: r.memory } : {}),
        ...(r.timeout !== undefined ? { timeout: r.timeout } : {}),
        ...(r.auth !== undefined ? { auth: r.auth } : {}),
        ...(r.declared !== undefined ? { declared: r.declared } : {}),
      })),
      ...(config.functions?.length
        ? {
            functions: config.functions.map((f) => ({
              name: f.name,
              trigger: f.trigger,
              ...(f.resource ? { resource: f.resource } : {}),
              actions: f.actions,
              ...(f.memory !== undefined ? { memory: f.memory } : {}),
              ...(f.timeout !== undefined ? { timeout: f.timeout } : {}),
              ...(f.afterRoutes !== undefined ? { afterRoutes: f.afterRoutes } : {}),
            })),
          }
        : {}),
      ...(policy ? { policy } : {}),
      ...(config.auth.kind !== 'none' ? { auth: config.auth } : {}),
      ...(config.cors ? { cors: config.cors } : {}),
      ...(config.preset ? { preset: config.preset } : {}),
    },
  };
}

/** A stored route's declared contract (`serverless-api import`): only on a route of its own, of known parts. */
function validateDeclared(route: Route): true | string {
  const declared = route.declared as unknown;
  if (declared === undefined) return true;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(declared)) return 'declared must be an object';
  if (route.kind !== 'custom') return 'declared is for routes of their own (kind "custom")';
  const { status, response, request, params, bodyless, ...rest } = declared;
  if (bodyless !== undefined && (bodyless !== true || request !== undefined)) return 'declared.bodyless must be true, without declared.request';
  if (Object.keys(rest).length) return `declared has unknown keys: ${Object.keys(rest).join(', ')}`;
  if (status !== undefined && !(DECLARED_STATUSES as readonly unknown[]).includes(status))
    return `declared.status must be one of ${DECLARED_STATUSES.join(', ')}`;
  for (const [key, value] of Object.entries({ response, request, params }))
    if (value !== undefined && !isObject(value)) return `declared.${key} must be an object`;
  if (params !== undefined && !Object.values(params as Record<string, unknown>).every(isObject)) return 'declared.params must map parameters to schemas';
  return true;
}
