/**
 * The route generator's arguments and options, as data: the generator declares them, the
 * `serverless-api route` command lists them in `--help`.
 */
import type { OptionSpec } from '../../lib/answers.js';
import { type Access, ACCESS_LEVELS, HTTP_METHODS } from '../../lib/types.js';
import { MEMORY_RANGE, TIMEOUT_RANGE } from '../../lib/validation.js';

export const ROUTE_ARGUMENTS = [
  { name: 'method', type: String, required: false, description: `HTTP method: ${HTTP_METHODS.join(', ')}` },
  { name: 'path', type: String, required: false, description: 'API path, with {param} segments, e.g. /orders/{orderId}/lines' },
] as const;

export const ROUTE_OPTIONS: Record<string, OptionSpec> = {
  name: {
    type: String,
    description:
      "Function and crate name (default: the verb of the method, then the path's literal segments, singular before a {param}: GET /orders/{orderId}/lines -> get-order-lines)",
  },
  resource: {
    type: String,
    description:
      "A resource of the workspace whose table the function may use (with --access; default: none, but for a path under a resource's item, GET /books/{id}/chapters: book, with read access, and the function answers 404 under a book that does not exist)",
  },
  access: {
    type: String,
    description: `Access to that table: ${ACCESS_LEVELS.join(', ')} (default: none); read = GetItem, Query, Scan; write = PutItem, UpdateItem, DeleteItem`,
  },
  memory: { type: String, description: `Memory in MB, ${MEMORY_RANGE.min} to ${MEMORY_RANGE.max} (default: the workspace's)` },
  timeout: { type: String, description: `Timeout in seconds, ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max} (default: the workspace's)` },
  auth: {
    type: String,
    description:
      "Override of the API's authentication for this route: default (the API's), none (public), iam, or scopes:<a,b> (a JWT or Cognito token with these scopes)",
  },
  yes: { type: Boolean, alias: 'y', description: 'Take the default for every answer not given; never prompt' },
};

/**
 * The routes the covering array of options (test/helpers/matrix.ts) adds to each of its
 * workspaces: one per access level, each of another shape (parameters, nesting under a
 * resource's item, literals with `.`), all with the same `--auth`, one of `auth`. `{plural}`
 * stands for the workspace's resource's path; a route with access other than none needs one.
 */
export const ROUTE_VARIANTS: { auth: readonly string[]; shapes: { readonly [A in Access]: readonly string[] } } = {
  auth: ['default', 'none', 'iam', 'scopes:orders/read'],
  shapes: {
    none: ['GET', '/reports/{reportId}/lines/{lineId}'],
    read: ['GET', '/{plural}/{id}/history'],
    write: ['POST', '/{plural}/import.v1'],
    'read-write': ['PUT', '/{plural}/{id}/shelf', '--memory', '512'],
  },
};
