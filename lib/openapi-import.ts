/**
 * `serverless-api import openapi.yaml` (API-first): what an OpenAPI document asks of a
 * workspace. A collection path with a POST of an object body (`/pets`) is a resource: its
 * schema's properties are the fields, and its operations on `/pets` and `/pets/{x}` are the
 * five CRUD routes. Every other operation is a route of its own (one crate), tied to the resource
 * its path starts with. What cannot be mapped is listed, per operation, with why; then nothing
 * is added. Against the same document a second time, nothing changes.
 */
import { parse as parseYaml } from 'yaml';
import { UserError } from './errors.js';
import { type Field, fieldsOf, fieldsText, parseFields } from './fields.js';
import { kebabFromIdentifier, resourceNames, singularize } from './naming.js';
import { type ResourceSpec, resourceSpec } from './config.js';
import { actionsForAccess, defaultFunctionName, pathParams, routeKey } from './routes.js';
import { HTTP_METHODS, type HttpMethod, type Route, type WorkspaceConfig } from './types.js';
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
        return { why: `property "${name}" has type ${JSON.stringify(s.type)}: fields are strings, integers, numbers, booleans, dates, enums or arrays of them` };
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
      list.push({ method: upper, path: where, operation: operation as Json });
    }
  }
  return list;
}

const collectionOf = (path: string): string | undefined => /^\/([a-z][a-z0-9-]*)$/.exec(path)?.[1];

/**
 * The plan of an import: the resources and routes the document asks for that the workspace does
 * not have. Throws a UserError listing every operation it cannot map, or that clashes with the
 * workspace.
 */
export function planImport(config: WorkspaceConfig, text: string, file: string): ImportPlan {
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
  const operations = operationsOf(doc, refused);

  // Resources: a collection with a POST of an object body.
  const resources: { name: string; fields: Field[]; plural: string }[] = [];
  for (const op of operations) {
    const plural = collectionOf(op.path);
    if (!plural || op.method !== 'POST') continue;
    const name = singularize(plural);
    const valid = validateResourceName(name);
    if (valid !== true || resourceNames(name).plural !== plural) {
      refused.push(`${routeKey(op)}: ${valid !== true ? valid : `"${plural}" is not the plural the generator gives "${name}" (${resourceNames(name).plural})`}`);
      continue;
    }
    const schema = bodySchema(doc, op.operation);
    const fields = schema ? fieldsOfSchema(doc, schema) : 'it has no application/json request body';
    if (typeof fields === 'string') refused.push(`${routeKey(op)}: the resource ${name} cannot be made: ${fields}`);
    else resources.push({ name, fields, plural });
  }

  const renamed: string[] = [];
  const routes: Route[] = [];
  const present: string[] = [];
  const existing = [...config.routes];
  const placed: Route[] = [];
  const place = (route: Route, key: string) => {
    const same = existing.find((r) => r.method === route.method && r.path === route.path);
    if (same && same.name === route.name && same.kind === route.kind) {
      present.push(`${routeKey(route)} (${route.name})`);
      return;
    }
    const valid = validateNewRoute([...existing, ...placed], route);
    if (valid !== true) refused.push(`${key}: ${valid}`);
    else placed.push(route);
  };

  for (const r of resources) {
    const text = fieldsText(r.fields);
    const had = config.resources.includes(r.name);
    if (had && fieldsText(fieldsOf(config.fields?.[r.name])) !== text) {
      refused.push(`POST /${r.plural}: the resource ${r.name} exists already, with other fields (${fieldsText(fieldsOf(config.fields?.[r.name]))})`);
      continue;
    }
    for (const route of resourceSpec(r.name, text).routes) place(route, routeKey(route));
  }
  const crudKey = (method: HttpMethod, path: string): string | undefined => {
    for (const r of resources) {
      const n = resourceNames(r.name);
      if (path === n.collectionPath && (method === 'POST' || method === 'GET')) return `${method} ${path}`;
      if (new RegExp(`^${n.collectionPath}/\\{[^}]+\\}$`).test(path) && ['GET', 'PUT', 'DELETE'].includes(method)) return `${method} ${n.collectionPath}/{id}`;
    }
    return undefined;
  };
  for (const op of operations) {
    const key = routeKey(op);
    if (crudKey(op.method, op.path)) {
      if (crudKey(op.method, op.path) !== key) renamed.push(`${key} -> ${crudKey(op.method, op.path)}`);
      continue;
    }
    // Under a resource's item path, the parameter takes the workspace's name for it: API Gateway
    // needs one name per position.
    const owner = resources.find((r) => op.path === resourceNames(r.name).collectionPath || op.path.startsWith(`${resourceNames(r.name).collectionPath}/`));
    const ownerOf = owner ?? config.resources.map((name) => ({ name })).find((r) => op.path.startsWith(`${resourceNames(r.name).collectionPath}/`));
    let path = op.path;
    if (ownerOf) {
      const base = resourceNames(ownerOf.name).collectionPath;
      path = path.replace(new RegExp(`^${base}/\\{[^}]+\\}`), `${base}/{id}`);
      if (path !== op.path) renamed.push(`${key} -> ${op.method} ${path}`);
    }
    if (op.method !== 'GET' && bodySchema(doc, op.operation) === undefined && op.operation.requestBody !== undefined) {
      refused.push(`${key}: its request body is not application/json`);
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
    };
    if (pathParams(path).length > 8) refused.push(`${key}: more than 8 path parameters`);
    else place(route, key);
  }
  if (refused.length) {
    throw new UserError(`${file}: ${refused.length} operation${refused.length === 1 ? '' : 's'} cannot be imported, so nothing was written:\n${refused.map((r) => `  ${r}`).join('\n')}`);
  }
  const newResources = resources.filter((r) => !config.resources.includes(r.name)).map((r) => resourceSpec(r.name, fieldsText(r.fields)));
  return { resources: newResources, routes: placed, present, renamed };
}
