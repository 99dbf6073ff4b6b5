/**
 * Validation of every answer, as plain functions that return `true` or the message to show.
 * The same functions serve flags (an error, nothing written) and prompts (asked again).
 */
import { MAX_STAGE_NAME } from './stage.js';
import { UserError } from './errors.js';
import { KEBAB, RESERVED_CRATE_NAMES, RUST_KEYWORDS, pluralize, toSnake } from './naming.js';
import { ACCESS_LEVELS, API_TYPES, ARCHS, type Access, HTTP_METHODS, type HttpMethod, IAC_IDS, type Route } from './types.js';
import { pathParams, pathSegments, pathShape, paramVariable, routeKey } from './routes.js';

export type Validation = true | string;

export { UserError };

export function check(result: Validation, prefix?: string): void {
  if (result !== true) throw new UserError(prefix ? `${prefix}: ${result}` : result);
}

/**
 * Longest project and function names: `<project>-<stage>-<function>` (stage: up to
 * MAX_STAGE_NAME characters) must fit Lambda's 64-character function names.
 */
export const MAX_PROJECT_NAME = 24;
export const MAX_FUNCTION_NAME = 64 - MAX_PROJECT_NAME - MAX_STAGE_NAME - 2;
export const MEMORY_RANGE = { min: 128, max: 10240 } as const;
/** API Gateway integrations time out at 29 seconds; a longer Lambda timeout would never be seen. */
export const TIMEOUT_RANGE = { min: 1, max: 29 } as const;

function kebabName(kind: string, value: unknown, max: number): Validation {
  if (typeof value !== 'string' || value.length === 0) return `${kind} is required`;
  if (!KEBAB.test(value)) {
    return `"${value}" is not a valid ${kind}: use lowercase letters, digits and single hyphens, starting with a letter (e.g. "my-api")`;
  }
  if (value.length > max) return `${kind} "${value}" is ${value.length} characters long; the limit is ${max}`;
  if (RUST_KEYWORDS.has(toSnake(value))) return `${kind} "${value}" is a Rust keyword; choose another name`;
  if (RESERVED_CRATE_NAMES.has(value)) return `${kind} "${value}" is reserved (it names a Rust crate or a folder of the workspace); choose another name`;
  return true;
}

export function validateProjectName(value: unknown): Validation {
  return kebabName('project name', value, MAX_PROJECT_NAME);
}

export function validateResourceName(value: unknown): Validation {
  const base = kebabName('resource name', value, 24);
  if (base !== true) return base;
  const name = value as string;
  if (pluralize(name) === name) {
    return `resource name "${name}" must be singular and have a distinct plural (got "${name}" for both)`;
  }
  return true;
}

export function validateFunctionName(value: unknown): Validation {
  return kebabName('function name', value, MAX_FUNCTION_NAME);
}

function integerIn(kind: string, value: unknown, range: { min: number; max: number }, unit: string): Validation {
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) return `${kind} must be a whole number of ${unit} from ${range.min} to ${range.max} (got "${String(value)}")`;
  const n = Number(text);
  if (n < range.min || n > range.max) return `${kind} must be from ${range.min} to ${range.max} ${unit} (got ${n})`;
  return true;
}

export function validateMemory(value: unknown): Validation {
  return integerIn('memory', value, MEMORY_RANGE, 'MB');
}

export function validateTimeout(value: unknown): Validation {
  return integerIn('timeout', value, TIMEOUT_RANGE, 'seconds');
}

/** A function not behind API Gateway may run up to Lambda's own limit. */
export const EVENT_TIMEOUT_RANGE = { min: 1, max: 900 } as const;

export function validateEventTimeout(value: unknown): Validation {
  return integerIn('timeout', value, EVENT_TIMEOUT_RANGE, 'seconds');
}

export function oneOf<T extends string>(kind: string, allowed: readonly T[]) {
  return (value: unknown): Validation =>
    typeof value === 'string' && (allowed as readonly string[]).includes(value)
      ? true
      : `${kind} must be one of ${allowed.join(', ')} (got "${String(value)}")`;
}

export const validateIac = oneOf('--iac', IAC_IDS);
export const validateApi = oneOf('--api', API_TYPES);
export const validateArch = oneOf('--arch', ARCHS);
export const validateAccess = oneOf<Access>('--access', ACCESS_LEVELS);

export function validateMethod(value: unknown): Validation {
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  return typeof upper === 'string' && (HTTP_METHODS as readonly string[]).includes(upper)
    ? true
    : `method must be one of ${HTTP_METHODS.join(', ')} (got "${String(value)}")`;
}

export function asMethod(value: string): HttpMethod {
  check(validateMethod(value));
  return value.toUpperCase() as HttpMethod;
}

/** The longest description: one line of the README, the Cargo metadata and the stack's description. */
export const MAX_DESCRIPTION = 200;

export function validateDescription(value: unknown): Validation {
  if (typeof value !== 'string') return 'description must be text';
  if (value.length > MAX_DESCRIPTION) return `description is ${value.length} characters long; the limit is ${MAX_DESCRIPTION}`;
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (/[\u0000-\u001f"\\`]/.test(value)) return 'description may not contain control characters, quotes, backslashes or backticks';
  return true;
}

/**
 * Literal path segments: what API Gateway accepts in a REST resource's path part, as the AWS
 * CDK checks it (`[a-zA-Z0-9:._-$]`, aws-apigateway/lib/resource.js), minus `:` and `$`, which
 * need escaping in URLs and in Terraform strings. `~` is refused there, so it is here.
 */
const LITERAL_SEGMENT = /^[A-Za-z0-9._-]+$/;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function validatePath(value: unknown): Validation {
  if (typeof value !== 'string' || value.length === 0) return 'path is required (e.g. /orders/{orderId})';
  if (!value.startsWith('/')) return `path "${value}" must start with "/"`;
  if (value.length > 200) return `path is ${value.length} characters long; the limit is 200`;
  if (value === '/') return true;
  if (value.endsWith('/')) return `path "${value}" must not end with "/"`;
  const raw = value.slice(1).split('/');
  if (raw.some((s) => s.length === 0)) return `path "${value}" has an empty segment ("//")`;
  const seen = new Set<string>();
  for (const segment of raw) {
    if (segment.startsWith('{') || segment.endsWith('}')) {
      const m = /^\{(.*)\}$/.exec(segment);
      const name = m?.[1] ?? '';
      if (!m || name.length === 0) return `path "${value}" has an empty or unclosed parameter "${segment}"; write {name}`;
      if (name.endsWith('+')) return `path "${value}": greedy parameters like "${segment}" are not supported; name each segment`;
      if (!PARAM_NAME.test(name)) return `path parameter "${segment}" must be a letter followed by letters, digits or "_"`;
      if (seen.has(name)) return `path "${value}" repeats the parameter {${name}}`;
      if (RUST_KEYWORDS.has(paramVariable(name)))
        return `path parameter {${name}} becomes the Rust keyword "${paramVariable(name)}"; rename it (e.g. {${name}Id})`;
      seen.add(name);
    } else if (!LITERAL_SEGMENT.test(segment)) {
      return `path segment "${segment}" has characters API Gateway rejects; use letters, digits, ".", "_" and "-"`;
    }
  }
  return true;
}

/**
 * A new route must not reuse a function name, nor the method and path (by shape: API Gateway
 * sees `/a/{x}` and `/a/{y}` as the same resource) of an existing route. Two different parameter
 * names at the same position would also break API Gateway, so they are refused too.
 */
export function validateNewRoute(existing: readonly Route[], route: Pick<Route, 'name' | 'method' | 'path'>): Validation {
  const shape = pathShape(route.path);
  const sameRoute = existing.find((r) => r.method === route.method && pathShape(r.path) === shape);
  if (sameRoute) return `route ${routeKey(route)} already exists as ${routeKey(sameRoute)} (function "${sameRoute.name}")`;
  const sameName = existing.find((r) => r.name === route.name);
  if (sameName) return `a function named "${route.name}" already exists (${routeKey(sameName)}); pass --name to choose another`;
  const mine = pathSegments(route.path);
  for (const other of existing) {
    const theirs = pathSegments(other.path);
    for (let i = 0; i < Math.min(mine.length, theirs.length); i++) {
      const a = mine[i];
      const b = theirs[i];
      if (!a || !b) break;
      if (a.param !== undefined && b.param !== undefined && a.param !== b.param) {
        return `path ${route.path} names the parameter {${a.param}} where ${routeKey(other)} already has {${b.param}}; API Gateway needs one name per position`;
      }
      if (a.literal !== b.literal || a.param !== b.param) break;
    }
  }
  if (pathParams(route.path).length > 8) return `path ${route.path} has more than 8 parameters`;
  return true;
}

/**
 * A function's `--resource` and `--access` (route and function generators): the resource must
 * be the workspace's, and each needs the other.
 */
export function tableAccess(
  resources: readonly string[],
  resourceFlag: string | undefined,
  accessFlag: string | undefined,
): { resource?: string; access: Access } {
  const resource = resourceFlag?.trim() || undefined;
  const access = (accessFlag ?? 'none') as Access;
  if (resource && !resources.includes(resource)) {
    throw new UserError(
      `--resource ${resource} is not a resource of this workspace (${resources.join(', ') || 'it has none'}); add it with \`serverless-api resource ${resource}\``,
    );
  }
  if (resource && access === 'none') throw new UserError(`--resource ${resource} needs --access read, write or read-write`);
  if (!resource && access !== 'none') throw new UserError(`--access ${access} needs --resource <name>: the table it applies to`);
  return { ...(resource ? { resource } : {}), access };
}
