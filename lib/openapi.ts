/**
 * The API's contract: `openapi.yaml` (OpenAPI 3.1), rendered from the model like every other
 * file, so that each addition keeps it in sync. Paths and methods are the routes'; schemas come
 * from each resource's fields; the errors are the shared crate's `{code, message, requestId}`;
 * security follows the API's authorizer and each route's override.
 */
import { CREATED_BY_MAX, type Field, MAX_BODY_BYTES, fieldSchema } from './fields.js';
import type { Model, ResourceModel, RouteModel } from './model.js';
import { DEFAULT_STAGE } from './stage.js';
import { yamlOf } from './yaml-format.js';

type Json = Record<string, unknown>;

export { MAX_BODY_BYTES };

/** Most ETags one `If-Match` lists: `MAX_IF_MATCH_TAGS` of the shared crate's http.rs. */
export const MAX_IF_MATCH_TAGS = 10;
/** What `If-Match` may hold: `*`, or a list of this API's ETags (strong, quoted versions). */
export const IF_MATCH_PATTERN = `^[ \\t]*(\\*|"[0-9]{1,19}"([ \\t]*,[ \\t]*"[0-9]{1,19}"){0,${MAX_IF_MATCH_TAGS - 1}})[ \\t]*$`;

/** The list routes' page sizes: `DEFAULT_PAGE_SIZE` and `MAX_PAGE_SIZE` of the shared crate's store.rs (a unit test holds them equal). */
export const PAGE_SIZE = { default: 20, max: 100 } as const;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
/**
 * The error answers, once in `components.responses`: each operation refers to those it may give
 * (the document stays small, and so does the time to write it again on every addition).
 */
const ERRORS = {
  '400': ['BadRequest', 'A bad request: the message says what'],
  '401': ['Unauthorized', 'No caller verified by the authorizer'],
  '403': ['Forbidden', 'A caller without the scopes the route needs'],
  '404': ['NotFound', 'Nothing with that id'],
  '409': ['Conflict', 'The id is taken'],
  '412': ['PreconditionFailed', 'The stored version is not one If-Match names'],
  '413': ['PayloadTooLarge', "A body of more bytes than the operation reads (its request body says how many), or an item over DynamoDB's 400 KB"],
  '429': ['TooManyRequests', "Over the stage's throttling limits: retry later"],
  '500': ['InternalError', 'An internal error'],
  '503': ['Unavailable', 'DynamoDB is busy: retry later'],
} as const;
type ErrorStatus = keyof typeof ERRORS;
const error = (status: ErrorStatus): Json => ({ [status]: { $ref: `#/components/responses/${ERRORS[status][0]}` } });
const ETAG: Json = { $ref: '#/components/headers/ETag' };

/**
 * The schema of a resource: as stored and returned; as a create's body (`new`: no `id`, nor who
 * created it: the API gives both); or as an update's (`input`: it may repeat both, as a GET
 * answered them, so that a body read can be sent back). In a body, an optional field may be null.
 */
function resourceSchema(r: ResourceModel, authOn: boolean, as: 'stored' | 'new' | 'input'): Json {
  const body = as !== 'stored';
  const properties: Json = {};
  if (as === 'stored') properties.id = { type: 'string', format: 'uuid', readOnly: true };
  if (as === 'input') properties.id = { type: 'string', format: 'uuid', description: 'The id of the path: a body read from a GET may be sent back' };
  for (const f of r.fields) properties[f.name] = fieldSchema(f, body);
  if (authOn && as === 'stored')
    properties.created_by = { type: 'string', readOnly: true, description: 'Who created it, as the authorizer verified the caller' };
  if (authOn && as === 'input') properties.created_by = { type: 'string', maxLength: CREATED_BY_MAX, description: 'Ignored: the API keeps who created it' };
  const required = [...(body ? [] : ['id']), ...r.fields.filter((f: Field) => !f.optional).map((f) => f.name)];
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The security requirement of a route, and the scheme it names. */
function security(route: RouteModel): Json[] {
  const { type, scopes } = route.authorization;
  if (type === 'none') return [];
  return [{ [type]: scopes }];
}

function securitySchemes(model: Model): Json | undefined {
  const auth = model.config.auth;
  const kinds = new Set(model.routes.map((r) => r.authorization.type).filter((t) => t !== 'none'));
  if (kinds.size === 0) return undefined;
  const schemes: Json = {};
  if (kinds.has('jwt'))
    schemes.jwt = {
      type: 'openIdConnect',
      openIdConnectUrl: `${(auth.issuer ?? '').replace(/\/$/, '')}/.well-known/openid-configuration`,
      description: `Tokens of ${auth.issuer}${auth.audience?.length ? ` for ${auth.audience.join(', ')}` : ''}`,
    };
  if (kinds.has('cognito')) schemes.cognito = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "Tokens of the stack's Cognito user pool" };
  if (kinds.has('iam')) schemes.iam = { type: 'apiKey', in: 'header', name: 'Authorization', description: 'AWS Signature Version 4 (SigV4) signed requests' };
  return schemes;
}

/** The order of a resource's whole list, from its sort key's index, as a description says it. */
function listOrder(r: ResourceModel): string {
  if (!r.sortKey) return '';
  const order = `in ${r.sortKey.descending ? 'descending' : 'ascending'} order of ${r.sortKey.field} (from the index ${r.sortKey.name})`;
  return r.index ? `; without ?${r.index.partition}=, ${order}` : `, ${order}`;
}

function parameters(route: RouteModel): Json[] {
  const ids = (p: string) => (route.table && route.kind !== 'custom' && p === 'id') || p === route.parent;
  const list: Json[] = route.params.map((p) => ({
    name: p.name,
    in: 'path',
    required: true,
    schema: route.declared?.params?.[p.name] ?? (ids(p.name) ? { type: 'string', format: 'uuid' } : { type: 'string' }),
  }));
  if (route.kind === 'list') {
    list.push({
      name: 'limit',
      in: 'query',
      required: false,
      description: `Page size (default ${PAGE_SIZE.default})`,
      schema: { type: 'integer', minimum: 1, maximum: PAGE_SIZE.max },
    });
    list.push({
      name: 'next',
      in: 'query',
      required: false,
      description: 'The `next` token of the previous page, as it gave it (a token of another listing is refused)',
      schema: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9_-]+$' },
    });
    const index = route.table?.index;
    const field = index && route.table?.fields.find((f) => f.name === index.partition);
    if (index && field) {
      list.push({
        name: index.partition,
        in: 'query',
        required: false,
        description: `Only the items of this ${index.partition}, from the index ${index.name}${index.sort ? `, in the order of ${index.sort}` : ''}`,
        schema: fieldSchema(field),
      });
    }
  }
  if (route.kind === 'update' || route.kind === 'delete') {
    list.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description: `ETags of the versions the write may replace (at most ${MAX_IF_MATCH_TAGS}); \`*\` or absent: any`,
      schema: { type: 'string', pattern: IF_MATCH_PATTERN },
    });
  }
  return list;
}

/** What a resource's create and update read: every body its schema allows, as a client may spell it. */
function bodyLimit(r: ResourceModel): string {
  return `At most ${r.maxBodyBytes} bytes: every body of this schema fits, its characters escaped or not`;
}

/** The operation of one route. */
function operation(route: RouteModel): Json {
  const r = route.table;
  const refusals: Json = {
    ...(route.kind !== 'health' ? error('400') : {}),
    ...error('429'),
    ...error('500'),
    ...(r ? error('503') : {}),
  };
  if (route.authorization.type !== 'none') {
    Object.assign(refusals, error('401'), error('403'));
  }
  // A function refuses a body over its limit; API Gateway one over 10 MB, for any route with a body.
  if (['POST', 'PUT', 'PATCH'].includes(route.method) && !route.declared?.bodyless) Object.assign(refusals, error('413'));
  const json = (schema: Json) => ({ 'application/json': { schema } });
  let responses: Json;
  let body: Json | undefined;
  switch (r || route.kind === 'health' ? route.kind : 'custom') {
    case 'create':
      body = { required: true, description: bodyLimit(r!), content: json(ref(`New${r!.type}`)) };
      responses = {
        '201': {
          description: `The new ${r!.label}`,
          headers: { Location: { description: 'Its URL', schema: { type: 'string' } }, ETag: ETAG },
          content: json(ref(r!.type)),
        },
        ...error('409'),
      };
      break;
    case 'get':
      responses = { '200': { description: `The ${r!.label}`, headers: { ETag: ETAG }, content: json(ref(r!.type)) }, ...error('404') };
      break;
    case 'list':
      responses = { '200': { description: `A page of ${r!.pluralLabel}${listOrder(r!)}`, content: json(ref(`${r!.type}Page`)) } };
      break;
    case 'update':
      body = { required: true, description: bodyLimit(r!), content: json(ref(`${r!.type}Input`)) };
      responses = {
        '200': { description: `The ${r!.label} as stored`, headers: { ETag: ETAG }, content: json(ref(r!.type)) },
        ...error('404'),
        ...error('412'),
      };
      break;
    case 'delete':
      responses = { '204': { description: 'Deleted' }, ...error('404'), ...error('412') };
      break;
    case 'health':
      responses = {
        '200': {
          description: 'The API is up',
          content: json({ type: 'object', properties: { status: { type: 'string', const: 'ok' } }, required: ['status'] }),
        },
      };
      break;
    default: {
      // A route of its own: as an imported document declares it, or an object.
      const declared = route.declared ?? {};
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && !declared.bodyless)
        body = { required: true, description: `At most ${MAX_BODY_BYTES} bytes`, content: json(declared.request ?? { type: 'object' }) };
      const status = String(declared.status ?? 200);
      responses = {
        [status]: { description: 'What the function answers', ...(status === '204' ? {} : { content: json(declared.response ?? { type: 'object' }) }) },
        ...(route.parent ? error('404') : {}),
      };
    }
  }
  return {
    operationId: route.name,
    summary: route.summary.replace(/\.$/, ''),
    tags: [r ? r.plural : 'api'],
    ...(parameters(route).length ? { parameters: parameters(route) } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: { ...responses, ...refusals },
    security: security(route),
  };
}

/** The error answers and headers the operations refer to, and only those (an unused one is a lint warning). */
function sharedParts(paths: Json): Json {
  const text = JSON.stringify(paths);
  const used = new Set([...text.matchAll(/#\/components\/responses\/(\w+)/g)].map((m) => m[1]));
  const content = { 'application/json': { schema: ref('Error') } };
  const responses = Object.fromEntries(
    Object.values(ERRORS)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => [name, { description, content }]),
  );
  return {
    ...(Object.keys(responses).length ? { responses } : {}),
    ...(text.includes('#/components/headers/ETag')
      ? { headers: { ETag: { description: 'The version of the item, for `If-Match`', schema: { type: 'string' } } } }
      : {}),
  };
}

/** The OpenAPI document of a workspace's API. */
export function openApiDocument(model: Model): Json {
  const paths: Json = {};
  for (const route of model.routes) {
    const item = (paths[route.path] ??= {}) as Json;
    item[route.method.toLowerCase()] = operation(route);
  }
  // The functions' errors carry all three. API Gateway's own (an authorizer's 401, throttling's
  // 429, a body over its 10 MB) do too on a REST API, through its gateway responses, with the
  // code its response type (UNAUTHORIZED, THROTTLED, ...); an HTTP API's are `{"message": ...}`
  // only (HTTP APIs have no gateway responses).
  const rest = model.config.api === 'rest';
  const schemas: Json = {
    Error: {
      type: 'object',
      properties: {
        code: {
          type: 'string',
          description: rest
            ? "Stable: clients branch on it (API Gateway's own errors: its response type, such as UNAUTHORIZED or THROTTLED)"
            : "Stable: clients branch on it (absent from API Gateway's own errors)",
        },
        message: { type: 'string', description: 'For people; may change' },
        requestId: { type: ['string', 'null'], description: "API Gateway's request id" },
      },
      required: rest ? ['code', 'message'] : ['message'],
    },
  };
  const authOn = model.config.auth.kind !== 'none';
  for (const r of model.resources) {
    schemas[r.type] = resourceSchema(r, authOn, 'stored');
    if (model.routes.some((route) => route.table?.name === r.name && route.kind === 'create')) schemas[`New${r.type}`] = resourceSchema(r, authOn, 'new');
    if (model.routes.some((route) => route.table?.name === r.name && route.kind === 'update')) schemas[`${r.type}Input`] = resourceSchema(r, authOn, 'input');
    schemas[`${r.type}Page`] = {
      type: 'object',
      properties: { items: { type: 'array', items: ref(r.type) }, next: { type: 'string', description: 'The token of the next page; absent on the last' } },
      required: ['items'],
    };
  }
  const schemes = securitySchemes(model);
  const tags = [
    ...model.resources.map((r) => ({ name: r.plural, description: `The ${r.pluralLabel}` })),
    ...(model.routes.some((r) => !r.table) ? [{ name: 'api', description: 'Routes of no resource' }] : []),
  ];
  return {
    openapi: '3.1.0',
    info: {
      title: model.config.name,
      description: model.config.description,
      version: '0.1.0',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      {
        url: `https://{apiId}.execute-api.{region}.amazonaws.com${model.config.api === 'rest' ? '/{stage}' : ''}`,
        description: `API Gateway (${model.config.api === 'rest' ? 'a REST API' : 'an HTTP API'}); the stack's outputs give the URL of each stage`,
        variables: {
          apiId: { default: 'abc123defg', description: "The API's id" },
          region: { default: 'us-east-1' },
          ...(model.config.api === 'rest' ? { stage: { default: DEFAULT_STAGE, description: 'The stage deployed' } } : {}),
        },
      },
    ],
    tags,
    paths,
    components: { schemas, ...sharedParts(paths), ...(schemes ? { securitySchemes: schemes } : {}) },
  };
}

/** `openapi.yaml`. */
export function openApiYaml(model: Model): string {
  return `# The contract of ${model.config.name}'s API, rendered by generator-serverless-api from .yo-rc.json:\n# every addition rewrites it. Check it with \`npx @redocly/cli lint openapi.yaml\`.\n${yamlOf(openApiDocument(model))}`;
}
