/**
 * `serverless-api import openapi.yaml` (API-first): what an OpenAPI document asks of a
 * workspace, and the document wins. A collection path with a POST of an object body (`/pets`) is
 * a resource: its schema's properties are the fields, and the CRUD operations the document
 * declares on `/pets` and `/pets/{x}` are its CRUD routes (only those), each only when it answers
 * as the generated function does (status, and an item, or a page for a list). Every other
 * operation is a route of its own (one crate) whose status, answer, request body and path
 * parameters the workspace's `openapi.yaml` keeps as declared; under a resource's item it reads
 * that table and answers 404 under one that does not exist. What cannot be honoured is listed,
 * per operation, with why; then nothing is added. Against the same document a second time,
 * nothing changes.
 */
import { parse as parseYaml } from 'yaml';
import { UserError } from './errors.js';
import { type Field, fieldsOf, fieldsText, parseFields } from './fields.js';
import { kebabFromIdentifier, resourceNames, singularize } from './naming.js';
import { type ResourceSpec, resourceSpec } from './config.js';
import { actionsForAccess, defaultFunctionName, pathParams, routeKey } from './routes.js';
import { DECLARED_STATUSES, type DeclaredContract, HTTP_METHODS, type HttpMethod, type Route, type RouteKind, type WorkspaceConfig } from './types.js';
import { validateFunctionName, validateNewRoute, validatePath, validateResourceName } from './validation.js';

type Json = Record<string, unknown>;

export interface ImportPlan {
  /** Resources to add, as `resource --fields` would (their CRUD routes are among `routes`). */
  resources: ResourceSpec[];
  /** Routes to add (the resources' CRUD routes included). */
  routes: Route[];
  /** What was already in the workspace as the document has it. */
  present: string[];
  /** Paths whose parameter was renamed to the workspace's (`/pets/{petId}/photos` -> `/pets/{id}/photos`). */
  renamed: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `#/components/schemas/X` of the document, followed. */
function resolve(doc: Json, schema: unknown, seen = new Set<string>()): Json | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const ref = (schema as Json).$ref;
  if (typeof ref !== 'string') return schema as Json;
  if (seen.has(ref) || !ref.startsWith('#/')) return undefined;
  seen.add(ref);
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
  return resolve(doc, target, seen);
}

/** The JSON schema of an operation's request body, if it has one. */
function bodySchema(doc: Json, operation: Json): Json | undefined {
  const body = resolve(doc, operation.requestBody);
  const content = body?.content as Json | undefined;
  return resolve(doc, (content?.['application/json'] as Json | undefined)?.schema);
}

/** Why a schema cannot be kept. */
class Unkept extends Error {}

/**
 * A schema as the workspace's `openapi.yaml` (3.1) keeps it: every `$ref` of the document
 * replaced by what it names (a recursive one cannot be), and OpenAPI 3.0's `nullable` and boolean
 * exclusive bounds written as 3.1 says them.
 */
function inlined(doc: Json, value: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => inlined(doc, v, seen));
  if (!value || typeof value !== 'object') return value;
  const node = value as Json;
  if (typeof node.$ref === 'string') {
    if (seen.includes(node.$ref)) throw new Unkept(`its schema refers to itself (${node.$ref})`);
    const target = resolve(doc, { $ref: node.$ref });
    if (!target) throw new Unkept(`${node.$ref} is not in the document`);
    return inlined(doc, target, [...seen, node.$ref]);
  }
  const out: Json = {};
  for (const [key, v] of Object.entries(node)) out[key] = key === 'example' || key === 'examples' ? v : inlined(doc, v, seen);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
  } else delete out.nullable;
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (typeof out[flag] === 'boolean') delete out[flag];
  }
  return out;
}

/** The one success an operation declares: its status (none declared: undefined) and its JSON body's schema; or why a function cannot answer it. */
function successOf(doc: Json, operation: Json): { status?: number; schema?: Json } | { why: string } {
  const responses = resolve(doc, operation.responses) ?? {};
  const codes = Object.keys(responses).filter((k) => /^2(\d\d|XX)$/i.test(k));
  if (codes.length > 1) return { why: `it declares the successes ${codes.join(' and ')}: a function here answers one` };
  const [code] = codes;
  if (code === undefined) return {};
  const status = /^\d+$/.test(code) ? Number(code) : undefined;
  const content = resolve(doc, resolve(doc, responses[code])?.content);
  const types = Object.keys(content ?? {});
  if (types.length === 0) return { ...(status ? { status } : {}) };
  const json = types.find((t) => t === 'application/json' || /\+json$/.test(t));
  if (!json) return { why: `it answers ${code} with ${types.join(', ')}: a function here answers JSON` };
  const raw = (content![json] as Json | undefined)?.schema;
  if (raw === undefined) return { ...(status ? { status } : {}) };
  try {
    return { ...(status ? { status } : {}), schema: inlined(doc, raw) as Json };
  } catch (error) {
    if (error instanceof Unkept) return { why: `its ${code} answer: ${error.message}` };
    throw error;
  }
}

/** Whether a schema describes a JSON object (or may: no type given). */
function isObjectSchema(schema: Json): boolean {
  if (Array.isArray(schema.allOf)) return schema.allOf.every((s) => isObjectSchema(s as Json));
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  return type.length === 1 && (type[0] === 'object' || (type[0] === undefined && schema.items === undefined));
}

/** What each CRUD function answers on success: its status and body. */
const CRUD_ANSWERS: Record<Exclude<RouteKind, 'health' | 'custom'>, { status: number; body: string }> = {
  create: { status: 201, body: 'the new item (with its Location and ETag)' },
  list: { status: 200, body: 'a page, {"items": [...], "next": "..."}' },
  get: { status: 200, body: 'the item' },
  update: { status: 200, body: 'the item as stored' },
  delete: { status: 204, body: 'nothing' },
};

/** Why a CRUD function cannot answer as the document declares an operation, if it cannot. */
function crudMismatch(doc: Json, op: Operation, kind: keyof typeof CRUD_ANSWERS): string | undefined {
  const expected = CRUD_ANSWERS[kind];
  const success = successOf(doc, op.operation);
  if ('why' in success) return success.why;
  const answers = `the generated ${kind} function answers ${expected.status} with ${expected.body}`;
  if (success.status !== undefined && success.status !== expected.status) return `it declares ${success.status}; ${answers}`;
  const schema = success.schema;
  if (!schema || kind === 'delete') return undefined;
  if (kind === 'list') {
    const items = (schema.properties as Json | undefined)?.items as Json | undefined;
    if (!isObjectSchema(schema) || !items || (items.type !== 'array' && items.items === undefined)) return `it declares ${describe(schema)}; ${answers}`;
    return undefined;
  }
  return isObjectSchema(schema) ? undefined : `it declares ${describe(schema)}; ${answers}`;
}

/** A schema in a few words, for a message. */
function describe(schema: Json): string {
  if (schema.type === 'array' || schema.items !== undefined) return 'an array';
  if (typeof schema.type === 'string') return `a${/^[aeiou]/.test(schema.type) ? 'n' : ''} ${schema.type}`;
  return "an object without the page's items";
}

/** The declared schemas of an operation's path parameters (the path item's and its own), by name. */
function pathParamSchemas(doc: Json, pathItem: Json, operation: Json): Record<string, Json> {
  const schemas: Record<string, Json> = {};
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const param = resolve(doc, raw);
      if (param?.in === 'path' && typeof param.name === 'string') schemas[param.name] = inlined(doc, param.schema ?? {}) as Json;
    }
  }
  return schemas;
}

/** Whether a path parameter's schema allows the UUID ids of a resource here: a string, or none given. */
const takesUuids = (schema: Json | undefined) =>
  !schema || schema.type === undefined || schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));

/** One property as the `--fields` text of a field, or why it cannot be one. */
function fieldText(doc: Json, name: string, raw: unknown, required: boolean): string | { why: string } {
  const schema = resolve(doc, raw);
  if (!schema) return { why: `property "${name}" has no schema this tool can read` };
  const scalar = (s: Json): string | { why: string } => {
    const type = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null') : [s.type];
    if (Array.isArray(s.enum)) {
      if (s.enum.every((v) => typeof v === 'string')) return `enum(${s.enum.join(',')})`;
      return { why: `property "${name}": an enum of other values than strings` };
    }
    switch (type.length === 1 ? type[0] : undefined) {
      case 'string':
        if (s.format === 'date') return 'date';
        if (s.format === 'date-time') return 'datetime';
        return typeof s.maxLength === 'number' ? `string(${s.maxLength})` : 'string';
      case 'integer':
        return 'integer';
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'object':
        return { why: `property "${name}" is an object: fields are scalars or arrays of scalars` };
      default:
        return {
          why: `property "${name}" has type ${JSON.stringify(s.type)}: fields are strings, integers, numbers, booleans, dates, enums or arrays of them`,
        };
    }
  };
  let type: string | { why: string };
  if (schema.type === 'array') {
    const items = resolve(doc, schema.items);
    type = items && items.type !== 'array' ? scalar(items) : { why: `property "${name}" is an array of arrays or of nothing readable` };
    if (typeof type === 'string') type = `${type}[]`;
  } else type = scalar(schema);
  if (typeof type !== 'string') return type;
  return `${name}:${type}${required ? '' : '?'}`;
}

/** The fields of a resource's schema (its `id` and what the API records itself left out), or why not. */
function fieldsOfSchema(doc: Json, schema: Json): Field[] | string {
  if (schema.type !== 'object' || !schema.properties || typeof schema.properties !== 'object') return 'its request body is not an object with properties';
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const texts: string[] = [];
  for (const [name, property] of Object.entries(schema.properties as Json)) {
    if (name === 'id' || name === 'created_by') continue;
    const text = fieldText(doc, name, property, required.has(name));
    if (typeof text !== 'string') return text.why;
    texts.push(text);
  }
  const fields = parseFields(texts.join(', '));
  return typeof fields === 'string' ? `its fields: ${fields}` : fields;
}

interface Operation {
  method: HttpMethod;
  path: string;
  operation: Json;
  pathItem: Json;
}

/** The operations of a document, and those refused for their method or path. */
function operationsOf(doc: Json, refused: string[]): Operation[] {
  const paths = doc.paths;
  if (!paths || typeof paths !== 'object') throw new UserError('the document has no paths');
  const list: Operation[] = [];
  for (const [where, item] of Object.entries(paths as Json)) {
    if (!item || typeof item !== 'object') continue;
    for (const method of METHODS) {
      const operation = (item as Json)[method];
      if (!operation || typeof operation !== 'object') continue;
      const key = `${method.toUpperCase()} ${where}`;
      const upper = method.toUpperCase() as HttpMethod;
      if (!(HTTP_METHODS as readonly string[]).includes(upper)) {
        refused.push(`${key}: the method ${upper} is not one a function here answers (${HTTP_METHODS.join(', ')})`);
        continue;
      }
      const path = validatePath(where);
      if (path !== true) {
        refused.push(`${key}: ${path}`);
        continue;
      }
      list.push({ method: upper, path: where, operation: operation as Json, pathItem: item as Json });
    }
  }
  return list;
}

const collectionOf = (path: string): string | undefined => /^\/([a-z][a-z0-9-]*)$/.exec(path)?.[1];

/** The CRUD function an operation of a resource's paths is, if one is. */
function crudKindOf(method: HttpMethod, path: string, collection: string): keyof typeof CRUD_ANSWERS | undefined {
  if (path === collection) return method === 'POST' ? 'create' : method === 'GET' ? 'list' : undefined;
  if (!new RegExp(`^${collection}/\\{[^}]+\\}$`).test(path)) return undefined;
  return ({ GET: 'get', PUT: 'update', DELETE: 'delete' } as const)[method as 'GET' | 'PUT' | 'DELETE'];
}

/**
 * The plan of an import: the resources and routes the document asks for that the workspace does
 * not have. Throws a UserError listing every operation it cannot honour, or that clashes with the
 * workspace. `except` leaves operations out (`GET /pets`), on purpose.
 */
export function planImport(config: WorkspaceConfig, text: string, file: string, except: readonly string[] = []): ImportPlan {
  let doc: Json;
  try {
    doc = parseYaml(text) as Json;
  } catch (error) {
    throw new UserError(`${file} is not YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || typeof doc.openapi !== 'string' || !/^3\.[01]\./.test(doc.openapi)) {
    throw new UserError(`${file} is not an OpenAPI 3.0 or 3.1 document (no "openapi: 3.x.y")`);
  }
  const refused: string[] = [];
  const all = operationsOf(doc, refused);
  const left = new Set(except.map((e) => e.trim().replace(/^(\S+)\s+/, (m, verb: string) => `${verb.toUpperCase()} `)));
  const operations = all.filter((op) => !left.has(routeKey(op)));
  const unknown = [...left].filter((key) => !all.some((op) => routeKey(op) === key));
  if (unknown.length) throw new UserError(`--except ${unknown.join(', ')}: not an operation of ${file}`);
  refused.splice(0, refused.length, ...refused.filter((line) => !left.has(line.slice(0, line.indexOf(':')))));

  // Resources: a collection with a POST of an object body.
  const resources: { name: string; fields: Field[]; plural: string }[] = [];
  for (const op of operations) {
    const plural = collectionOf(op.path);
    if (!plural || op.method !== 'POST') continue;
    const name = singularize(plural);
    const valid = validateResourceName(name);
    if (valid !== true || resourceNames(name).plural !== plural) {
      refused.push(
        `${routeKey(op)}: ${valid !== true ? valid : `"${plural}" is not the plural the generator gives "${name}" (${resourceNames(name).plural})`}`,
      );
      continue;
    }
    const schema = bodySchema(doc, op.operation);
    const fields = schema ? fieldsOfSchema(doc, schema) : 'it has no application/json request body';
    if (typeof fields === 'string') refused.push(`${routeKey(op)}: the resource ${name} cannot be made: ${fields}`);
    else resources.push({ name, fields, plural });
  }
  const plurals = new Set([...resources.map((r) => r.plural), ...config.resources.map((r) => resourceNames(r.name).plural)]);

  const renamed: string[] = [];
  const present: string[] = [];
  const existing = [...config.routes];
  const placed: Route[] = [];
  const place = (route: Route, key: string) => {
    const same = existing.find((r) => r.method === route.method && r.path === route.path);
    if (same && same.name === route.name && same.kind === route.kind && JSON.stringify(same.declared) === JSON.stringify(route.declared)) {
      present.push(`${routeKey(route)} (${route.name})`);
      return;
    }
    const valid = validateNewRoute([...existing, ...placed], route);
    if (valid !== true) refused.push(`${key}: ${valid}`);
    else placed.push(route);
  };

  // The CRUD operations each resource's paths declare, checked against what their functions answer.
  const declaredKinds = new Map<string, Set<string>>();
  const crudOf = (op: Operation): { resource: string; kind: keyof typeof CRUD_ANSWERS } | undefined => {
    for (const r of resources) {
      const kind = crudKindOf(op.method, op.path, resourceNames(r.name).collectionPath);
      if (kind) return { resource: r.name, kind };
    }
    return undefined;
  };
  for (const op of operations) {
    const crud = crudOf(op);
    if (!crud) continue;
    const key = routeKey(op);
    const mismatch = crudMismatch(doc, op, crud.kind);
    const [param] = pathParams(op.path);
    const idSchema = param === undefined ? undefined : pathParamSchemas(doc, op.pathItem, op.operation)[param];
    if (mismatch) refused.push(`${key}: ${mismatch}`);
    else if (!takesUuids(idSchema)) refused.push(`${key}: its {${param}} is ${describe(idSchema!)}; the ids of a resource here are UUIDs (strings)`);
    else {
      const kinds = declaredKinds.get(crud.resource) ?? new Set<string>();
      declaredKinds.set(crud.resource, kinds.add(crud.kind));
      const workspacePath = crud.kind === 'create' || crud.kind === 'list' ? op.path : `${resourceNames(crud.resource).collectionPath}/{id}`;
      if (workspacePath !== op.path) renamed.push(`${key} -> ${op.method} ${workspacePath}`);
    }
  }
  for (const r of resources) {
    const text = fieldsText(r.fields);
    const had = config.resources.find((x) => x.name === r.name);
    if (had && fieldsText(fieldsOf(had.fields)) !== text) {
      refused.push(`POST /${r.plural}: the resource ${r.name} exists already, with other fields (${fieldsText(fieldsOf(had.fields))})`);
      continue;
    }
    const kinds = declaredKinds.get(r.name) ?? new Set<string>();
    for (const route of resourceSpec(r.name, text).routes.filter((route) => kinds.has(route.kind))) place(route, routeKey(route));
  }

  for (const op of operations) {
    const key = routeKey(op);
    if (crudOf(op)) continue;
    // Under a resource's item path, the parameter takes the workspace's name for it: API Gateway
    // needs one name per position.
    const owner = resources.find((r) => op.path === resourceNames(r.name).collectionPath || op.path.startsWith(`${resourceNames(r.name).collectionPath}/`));
    const ownerOf = owner ?? config.resources.find((r) => op.path.startsWith(`${resourceNames(r.name).collectionPath}/`));
    let path = op.path;
    const schemas = pathParamSchemas(doc, op.pathItem, op.operation);
    let parentParam: string | undefined;
    if (ownerOf) {
      const base = resourceNames(ownerOf.name).collectionPath;
      const item = new RegExp(`^${base}/\\{([^}]+)\\}`).exec(path);
      if (item) {
        const param = item[1] ?? '';
        parentParam = param;
        path = path.replace(item[0], `${base}/{id}`);
        if (path !== op.path) renamed.push(`${key} -> ${op.method} ${path}`);
        // Under one resource's item, another's collection: that is two tables.
        const after = path.slice(`${base}/{id}`.length).split('/')[1];
        if (after && plurals.has(after) && after !== resourceNames(ownerOf.name).plural) {
          refused.push(
            `${key}: it reads ${after} under an item of ${resourceNames(ownerOf.name).plural}, two tables, and a function here reads one; leave it out (--except '${key}') and add it with \`serverless-api route ${op.method} ${path} --resource ${singularize(after)} --access read\``,
          );
          continue;
        }
        if (!takesUuids(schemas[param])) {
          refused.push(`${key}: its {${param}} is ${describe(schemas[param]!)}; the ids of a resource here are UUIDs (strings)`);
          continue;
        }
      }
    }
    if (op.method !== 'GET' && bodySchema(doc, op.operation) === undefined && op.operation.requestBody !== undefined) {
      refused.push(`${key}: its request body is not application/json`);
      continue;
    }
    const success = successOf(doc, op.operation);
    if ('why' in success) {
      refused.push(`${key}: ${success.why}`);
      continue;
    }
    if (success.status !== undefined && !(DECLARED_STATUSES as readonly number[]).includes(success.status)) {
      refused.push(`${key}: it declares ${success.status}; a route of its own answers ${DECLARED_STATUSES.join(', ')}`);
      continue;
    }
    let declared: DeclaredContract;
    try {
      declared = contractOf(doc, op, success as { status?: (typeof DECLARED_STATUSES)[number]; schema?: Json }, schemas, parentParam);
    } catch (error) {
      if (!(error instanceof Unkept)) throw error;
      refused.push(`${key}: ${error.message}`);
      continue;
    }
    const id = typeof op.operation.operationId === 'string' ? kebabFromIdentifier(op.operation.operationId) : '';
    const name = id && validateFunctionName(id) === true ? id : defaultFunctionName(op.method, path);
    const valid = validateFunctionName(name);
    if (valid !== true) {
      refused.push(`${key}: ${valid}`);
      continue;
    }
    const route: Route = {
      name,
      method: op.method,
      path,
      kind: 'custom',
      ...(ownerOf ? { resource: ownerOf.name } : {}),
      actions: ownerOf ? actionsForAccess(op.method === 'GET' ? 'read' : 'read-write') : [],
      ...(Object.keys(declared).length ? { declared } : {}),
    };
    if (pathParams(path).length > 8) refused.push(`${key}: more than 8 path parameters`);
    else place(route, key);
  }
  if (refused.length) {
    throw new UserError(
      `${file}: ${refused.length} operation${refused.length === 1 ? '' : 's'} cannot be imported as declared, so nothing was written (leave one out on purpose with --except 'METHOD /path'):\n${refused.map((r) => `  ${r}`).join('\n')}`,
    );
  }
  const newResources = resources
    .filter((r) => !config.resources.some((x) => x.name === r.name))
    .map((r) => ({ ...resourceSpec(r.name, fieldsText(r.fields)), routes: placed.filter((route) => route.resource === r.name && route.kind !== 'custom') }));
  return { resources: newResources, routes: placed, present, renamed };
}

/** A route of its own's contract as the document declares it, but what is the generator's default anyway. */
function contractOf(
  doc: Json,
  op: Operation,
  success: { status?: (typeof DECLARED_STATUSES)[number]; schema?: Json },
  schemas: Record<string, Json>,
  parentParam: string | undefined,
): DeclaredContract {
  const params = Object.fromEntries(
    Object.entries(schemas).filter(
      ([name, schema]) => name !== parentParam && JSON.stringify(schema) !== JSON.stringify({ type: 'string' }) && Object.keys(schema).length > 0,
    ),
  );
  const request = bodySchema(doc, op.operation);
  return {
    ...(success.status !== undefined && success.status !== 200 ? { status: success.status } : {}),
    ...(success.schema && success.status !== 204 ? { response: success.schema } : {}),
    ...(request
      ? {
          request: inlined(
            doc,
            ((resolve(doc, resolve(doc, op.operation.requestBody)?.content) ?? {})['application/json'] as Json | undefined)?.schema ?? request,
          ) as Json,
        }
      : {}),
    ...(op.method !== 'GET' && op.method !== 'DELETE' && op.operation.requestBody === undefined ? { bodyless: true as const } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
}
