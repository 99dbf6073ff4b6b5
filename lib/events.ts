/**
 * Sample events: for each route, the requests a caller may send (good and bad), written in the
 * exact payload format API Gateway sends for the chosen API type (HTTP API payload 2.0 or REST
 * API payload 1.0), with the status the handler answers. The Rust unit tests, the README and the
 * local end-to-end tests all read these files.
 */
import { parentParam, pathParams } from './routes.js';
import type { EffectiveAuth } from './auth.js';
import { type Field, badBodies, fieldsOf, sampleBody } from './fields.js';
import type { ApiType, ResourceIndex, Route } from './types.js';

/** Ids used across the sample events: one that tests seed into the store, one that is never there. */
export const EXISTING_ID = '3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91';
export const MISSING_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d';

export interface SampleRequest {
  pathParameters: Record<string, string>;
  query?: Record<string, string>;
  /** Raw body text, sent as-is (may be malformed on purpose). */
  body?: string;
  /** Headers besides the ones every sample sends, e.g. `if-match`. */
  headers?: Record<string, string>;
  /**
   * Who calls, on a route that needs a caller: by default the sample user with the route's
   * scopes; `anonymous` without a principal, `unscoped` without the scopes.
   */
  caller?: 'anonymous' | 'unscoped';
}

export interface SampleEvent {
  /** File name without `.json`, e.g. `not-found`. */
  name: string;
  /** What the case shows, for the README and test names. */
  description: string;
  /** Status the handler answers, with the store seeded with the item `EXISTING_ID`. */
  status: number;
  request: SampleRequest;
}

function paramsFor(route: Route, value: string): Record<string, string> {
  return Object.fromEntries(pathParams(route.path).map((p) => [p, value]));
}

/** The sample user of events with claims (a Cognito-style subject). */
export const SAMPLE_SUBJECT = '7c4b9a1e-2f3d-4e5a-8b6c-0d1e2f3a4b5c';

/** The cases of one route: by what its handler does, then those of what it needs of a caller. */
export function sampleCases(
  route: Route,
  authorization: EffectiveAuth = { type: 'none', scopes: [] },
  fields: Field[] = fieldsOf(undefined),
  index?: ResourceIndex,
): SampleEvent[] {
  const cases = handlerCases(route, fields, index);
  if (authorization.type === 'none') return cases;
  const ok = cases[0];
  const request = ok ? { ...ok.request } : { pathParameters: paramsFor(route, 'example') };
  cases.push({ name: 'unauthenticated', description: 'no caller verified by the authorizer', status: 401, request: { ...request, caller: 'anonymous' } });
  if (authorization.scopes.length) {
    cases.push({
      name: 'missing-scope',
      description: `a token without ${authorization.scopes.join(', ')}`,
      status: 403,
      request: { ...request, caller: 'unscoped' },
    });
  }
  return cases;
}

function handlerCases(route: Route, fields: Field[], index?: ResourceIndex): SampleEvent[] {
  const existing = paramsFor(route, EXISTING_ID);
  const missing = paramsFor(route, MISSING_ID);
  const create = JSON.stringify(sampleBody(fields, 0));
  const update = JSON.stringify(sampleBody(fields, 1));
  switch (route.kind) {
    case 'create':
      return [
        { name: 'ok', description: 'creates an item', status: 201, request: { pathParameters: {}, body: create } },
        { name: 'invalid-body', description: 'malformed JSON', status: 400, request: { pathParameters: {}, body: create.slice(0, -1) } },
        ...badBodies(fields).map((b) => ({
          name: b.name,
          description: b.description,
          status: 400,
          request: { pathParameters: {}, body: JSON.stringify(b.body) },
        })),
        {
          name: 'unknown-field',
          description: 'a field the resource does not have',
          status: 400,
          request: { pathParameters: {}, body: JSON.stringify({ ...sampleBody(fields, 0), colour: 'blue' }) },
        },
        {
          name: 'with-id',
          description: "a body that names an id (ids are the API's to give)",
          status: 400,
          request: { pathParameters: {}, body: JSON.stringify({ id: MISSING_ID, ...sampleBody(fields, 1) }) },
        },
      ];
    case 'get':
      return [
        { name: 'ok', description: 'reads an existing item', status: 200, request: { pathParameters: existing } },
        { name: 'not-found', description: 'an id that does not exist', status: 404, request: { pathParameters: missing } },
        { name: 'invalid-id', description: 'an id that is not a UUID', status: 400, request: { pathParameters: paramsFor(route, 'not-a-uuid') } },
      ];
    case 'list':
      return [
        { name: 'ok', description: 'lists the first page', status: 200, request: { pathParameters: {}, query: { limit: '10' } } },
        {
          name: 'invalid-limit',
          description: 'a limit that is not a number from 1 to 100',
          status: 400,
          request: { pathParameters: {}, query: { limit: 'all' } },
        },
        {
          name: 'invalid-next',
          description: 'a next token that was not issued by the API',
          status: 400,
          request: { pathParameters: {}, query: { next: 'not-a-token' } },
        },
        ...(index
          ? [
              {
                name: `by-${index.partition.replace(/_/g, '-')}`,
                description: `the items of one ${index.partition}, from the index`,
                status: 200,
                request: { pathParameters: {}, query: { [index.partition]: String(sampleBody(fields, 0)[index.partition]) } },
              },
              {
                name: `invalid-${index.partition.replace(/_/g, '-')}`,
                description: `a ${index.partition} no item can have`,
                status: 400,
                request: { pathParameters: {}, query: { [index.partition]: impossiblePartition(fields.find((f) => f.name === index.partition)) } },
              },
            ]
          : []),
      ];
    case 'update':
      return [
        { name: 'ok', description: 'updates an existing item', status: 200, request: { pathParameters: existing, body: update } },
        { name: 'not-found', description: 'an id that does not exist', status: 404, request: { pathParameters: missing, body: update } },
        { name: 'invalid-body', description: 'malformed JSON', status: 400, request: { pathParameters: existing, body: 'not json' } },
        {
          name: 'body-from-get',
          description: 'a body copied from a GET, with its id and ETag',
          status: 200,
          request: { pathParameters: existing, headers: { 'if-match': '"1"' }, body: JSON.stringify({ id: EXISTING_ID, ...sampleBody(fields, 1) }) },
        },
        {
          name: 'stale-etag',
          description: 'an If-Match of a version that is not the stored one',
          status: 412,
          request: { pathParameters: existing, headers: { 'if-match': '"99"' }, body: update },
        },
      ];
    case 'delete':
      return [
        { name: 'ok', description: 'deletes an existing item', status: 204, request: { pathParameters: existing } },
        { name: 'not-found', description: 'an id that does not exist', status: 404, request: { pathParameters: missing } },
        {
          name: 'stale-etag',
          description: 'an If-Match of a version that is not the stored one',
          status: 412,
          request: { pathParameters: existing, headers: { 'if-match': '"99"' } },
        },
      ];
    case 'health':
      return [{ name: 'ok', description: 'reports that the API is up', status: 200, request: { pathParameters: {} } }];
    case 'custom': {
      // Under its resource's item: the item named exists (seeded), does not, or is no id.
      const parent = parentParam(route);
      const params = (value: string) => ({ ...paramsFor(route, 'example'), ...(parent ? { [parent]: value } : {}) });
      const cases: SampleEvent[] = [
        { name: 'ok', description: 'a well-formed request', status: route.declared?.status ?? 200, request: { pathParameters: params(EXISTING_ID) } },
      ];
      if ((route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH') && !route.declared?.bodyless) {
        const ok = cases[0];
        if (ok) ok.request.body = JSON.stringify({ example: true });
        cases.push({ name: 'invalid-body', description: 'malformed JSON', status: 400, request: { pathParameters: params(EXISTING_ID), body: '{' } });
      }
      if (parent) {
        const body = cases[0]?.request.body;
        cases.push({
          name: 'not-found',
          description: `a ${parent} of no ${route.resource}`,
          status: 404,
          request: { pathParameters: params(MISSING_ID), ...(body ? { body } : {}) },
        });
        cases.push({
          name: `invalid-${parent.replace(/_/g, '-').toLowerCase()}`,
          description: `a ${parent} that is not a UUID`,
          status: 400,
          request: { pathParameters: params('not-a-uuid'), ...(body ? { body } : {}) },
        });
      }
      return cases;
    }
  }
}

function concretePath(route: Route, params: Record<string, string>): string {
  return route.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? name));
}

const HOST = 'abc123defg.execute-api.us-east-1.amazonaws.com';
const SOURCE_IP = '203.0.113.10';
const USER_AGENT = 'curl/8.5.0';
const TIME_EPOCH = 1795780800000;

const SAMPLE_ROLE = 'arn:aws:iam::123456789012:role/caller';

/** Whom a handler sees in a route's sample `ok` event: the token's subject, the IAM role, or none for a public route. */
export function sampleCreator(authorization: EffectiveAuth): string | undefined {
  if (authorization.type === 'none') return undefined;
  return authorization.type === 'iam' ? SAMPLE_ROLE : SAMPLE_SUBJECT;
}

/**
 * What API Gateway puts in the request context for a verified caller: the token's claims (JWT
 * authorizers of HTTP APIs under `authorizer.jwt`, Cognito user pool authorizers of REST APIs
 * under `authorizer.claims`), or the signing identity (IAM).
 */
function callerContext(api: ApiType, authorization: EffectiveAuth, withScopes: boolean): Record<string, unknown> {
  if (authorization.type === 'iam') {
    return api === 'http'
      ? { iam: { accessKey: 'ASIAEXAMPLE', accountId: '123456789012', callerId: 'AROAEXAMPLE:caller', userArn: SAMPLE_ROLE, userId: 'AROAEXAMPLE:caller' } }
      : { accountId: '123456789012', caller: 'AROAEXAMPLE:caller', userArn: SAMPLE_ROLE, accessKey: 'ASIAEXAMPLE' };
  }
  const scope = withScopes && authorization.scopes.length ? authorization.scopes.join(' ') : 'openid';
  const claims = {
    sub: SAMPLE_SUBJECT,
    scope,
    token_use: 'access',
    client_id: 'sample-client',
    iss: 'https://issuer.example.com',
    exp: '1795784400',
    iat: '1795780800',
  };
  return api === 'http' ? { jwt: { claims, scopes: null } } : { claims };
}

/** The JSON document API Gateway would send to the function for this request. */
export function apiGatewayEvent(
  api: ApiType,
  route: Route,
  request: SampleRequest,
  authorization: EffectiveAuth = { type: 'none', scopes: [] },
): Record<string, unknown> {
  const caller = authorization.type === 'none' || request.caller === 'anonymous' ? undefined : callerContext(api, authorization, request.caller !== 'unscoped');
  const path = concretePath(route, request.pathParameters);
  const headers: Record<string, string> = {
    accept: 'application/json',
    host: HOST,
    'user-agent': USER_AGENT,
    'x-forwarded-proto': 'https',
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, request.headers);
  const query = request.query && Object.keys(request.query).length ? request.query : undefined;
  const hasParams = Object.keys(request.pathParameters).length > 0;
  const requestId = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';
  if (api === 'http') {
    const routeKey = `${route.method} ${route.path}`;
    return {
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: query ? new URLSearchParams(query).toString() : '',
      headers,
      ...(query ? { queryStringParameters: query } : {}),
      ...(hasParams ? { pathParameters: request.pathParameters } : {}),
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123defg',
        domainName: HOST,
        domainPrefix: 'abc123defg',
        http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: SOURCE_IP, userAgent: USER_AGENT },
        requestId,
        routeKey,
        stage: '$default',
        time: '27/Nov/2026:12:00:00 +0000',
        timeEpoch: TIME_EPOCH,
        ...(caller ? { authorizer: caller } : {}),
      },
      ...(request.body !== undefined ? { body: request.body } : {}),
      isBase64Encoded: false,
    };
  }
  return {
    resource: route.path,
    path,
    httpMethod: route.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query ?? null,
    multiValueQueryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: hasParams ? request.pathParameters : null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123defg',
      domainName: HOST,
      httpMethod: route.method,
      identity: { sourceIp: SOURCE_IP, userAgent: USER_AGENT, ...(caller && authorization.type === 'iam' ? caller : {}) },
      ...(caller && authorization.type !== 'iam' ? { authorizer: caller } : {}),
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: '27/Nov/2026:12:00:00 +0000',
      requestTimeEpoch: TIME_EPOCH,
      resourceId: 'a1b2c3',
      resourcePath: route.path,
      stage: 'prod',
    },
    body: request.body ?? null,
    isBase64Encoded: false,
  };
}

/** A value of `?<partition>=` that no item can hold: the list route refuses it with 400. */
function impossiblePartition(field: Field | undefined): string {
  switch (field?.type) {
    case 'enum':
      return 'not-a-value';
    case 'string':
      return ' ';
    default:
      return '2026-13-01';
  }
}
