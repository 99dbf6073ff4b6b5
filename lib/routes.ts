/**
 * Routes: one Lambda function per route and verb. A route knows its function name, its API
 * path, what its handler does (`kind`), which resource's table it may touch and with which
 * DynamoDB actions (the `Route` type is in types.ts). Every IaC flavour and the Rust templates
 * read these records.
 */
import { kebabFromIdentifier, resourceNames, singularize, toSnake, words } from './naming.js';
import type { Access, HttpMethod, Route } from './types.js';

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/** DynamoDB actions for a route added with `--access`. */
export function actionsForAccess(access: Access): string[] {
  switch (access) {
    case 'none':
      return [];
    case 'read':
      return [...READ_ACTIONS];
    case 'write':
      return [...WRITE_ACTIONS];
    case 'read-write':
      return [...READ_ACTIONS, ...WRITE_ACTIONS];
  }
}

/**
 * The path parameter of a route of its own under its resource's item, with read access
 * (`GET /books/{id}/chapters`, `--resource book --access read`): its function answers 404 when
 * the item named there does not exist (a deleted book has no chapters), and 400 for a name that
 * is not an id.
 */
export function parentParam(route: Pick<Route, 'kind' | 'path' | 'resource' | 'actions'>): string | undefined {
  if (route.kind !== 'custom' || !route.resource || !route.actions.includes('dynamodb:GetItem')) return undefined;
  const collection = resourceNames(route.resource).collectionPath;
  if (!route.path.startsWith(`${collection}/{`)) return undefined;
  const [, param] = /^\{([^}]+)\}\//.exec(route.path.slice(collection.length + 1)) ?? [];
  return param;
}

/** The resource whose item a path lies under (`/books/{id}/chapters`: book), if any. */
export function resourceAbove(resources: readonly string[], path: string): string | undefined {
  return resources.find((resource) => parentParam({ kind: 'custom', path, resource, actions: ['dynamodb:GetItem'] }) !== undefined);
}

/** The access level that `actionsForAccess` maps to these actions (for display). */
export function accessOfActions(actions: readonly string[]): Access {
  const reads = actions.some((a) => READ_ACTIONS.includes(a));
  const writes = actions.some((a) => WRITE_ACTIONS.includes(a));
  if (reads && writes) return 'read-write';
  if (reads) return 'read';
  if (writes) return 'write';
  return 'none';
}

/**
 * The five CRUD routes of a resource, with exactly the action each handler calls: the list route
 * scans, queries the index for `?<partition>=` (`indexed`), and queries the sorted index instead
 * of scanning (`sorted`).
 */
export function crudRoutes(resource: string, { indexed = false, sorted = false } = {}): Route[] {
  const n = resourceNames(resource);
  const item = `${n.collectionPath}/{id}`;
  return [
    { name: `create-${n.name}`, method: 'POST', path: n.collectionPath, kind: 'create', resource, actions: ['dynamodb:PutItem'] },
    { name: `get-${n.name}`, method: 'GET', path: item, kind: 'get', resource, actions: ['dynamodb:GetItem'] },
    {
      name: `list-${n.plural}`,
      method: 'GET',
      path: n.collectionPath,
      kind: 'list',
      resource,
      actions: [...(indexed || sorted ? ['dynamodb:Query'] : []), ...(sorted ? [] : ['dynamodb:Scan'])],
    },
    { name: `update-${n.name}`, method: 'PUT', path: item, kind: 'update', resource, actions: ['dynamodb:UpdateItem'] },
    { name: `delete-${n.name}`, method: 'DELETE', path: item, kind: 'delete', resource, actions: ['dynamodb:DeleteItem'] },
  ];
}

export const HEALTH_ROUTE: Route = { name: 'health', method: 'GET', path: '/health', kind: 'health', actions: [] };

export interface PathSegment {
  literal?: string;
  param?: string;
}

export function pathSegments(path: string): PathSegment[] {
  if (path === '/') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => {
      const m = /^\{(.*)\}$/.exec(s);
      return m ? { param: m[1] ?? '' } : { literal: s };
    });
}

/** Names of the `{param}` segments of a path, in order. */
export function pathParams(path: string): string[] {
  return pathSegments(path).flatMap((s) => (s.param === undefined ? [] : [s.param]));
}

/** The Rust variable that holds a path parameter: `orderId` -> `order_id`. */
export function paramVariable(param: string): string {
  return toSnake(kebabFromIdentifier(param));
}

const METHOD_VERBS: Readonly<Record<HttpMethod, string>> = {
  GET: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/**
 * The default function name of a route: the method's verb (GET get, POST create, PUT update,
 * PATCH patch, DELETE delete), then the literal path segments in kebab-case, where a segment
 * that is followed by a `{param}` is made singular.
 * `GET /orders/{orderId}/lines` -> `get-order-lines`; `POST /orders` -> `create-orders`;
 * `GET /` -> `get-root`.
 */
export function defaultFunctionName(method: HttpMethod, path: string): string {
  const segments = pathSegments(path);
  const parts: string[] = [];
  segments.forEach((segment, index) => {
    if (segment.literal === undefined) return;
    const kebab = words(kebabFromIdentifier(segment.literal.replace(/[._~]/g, '-'))).join('-');
    if (!kebab) return;
    const next = segments[index + 1];
    parts.push(next?.param !== undefined ? singularize(kebab) : kebab);
  });
  return [METHOD_VERBS[method], ...(parts.length ? parts : ['root'])].join('-');
}

/** `GET /items/{id}`: how routes are named in messages and in the README. */
export function routeKey(route: { method: string; path: string }): string {
  return `${route.method} ${route.path}`;
}

/** API Gateway v1 resources and cargo-lambda's router match paths the same way: `{x}` === `{y}`. */
export function pathShape(path: string): string {
  return pathSegments(path)
    .map((s) => (s.param === undefined ? s.literal : '{}'))
    .join('/');
}
