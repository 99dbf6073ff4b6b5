/**
 * Authentication of the API and of each route, and CORS: the vocabulary, its text forms (flags,
 * prompts, `.yo-rc.json`) and their validation. Every flavour and the Rust templates read the
 * parsed forms; nothing here renders a file.
 *
 * AWS facts this follows (checked against aws-cdk-lib 2.276's own code and the API Gateway docs):
 * - HTTP APIs authorize a route with a JWT authorizer (any OIDC issuer, or a Cognito user pool as
 *   issuer `https://cognito-idp.<region>.amazonaws.com/<pool id>`), with IAM (`AWS_IAM`), or not
 *   at all; a JWT route may require scopes (`AuthorizationScopes`). The identity source defaults
 *   to `$request.header.Authorization`.
 * - REST APIs have no JWT authorizer: a Cognito user pool authorizer (`COGNITO_USER_POOLS`, with
 *   optional scopes per method) or IAM.
 * - CORS preflight (`OPTIONS`) must not need a token: HTTP APIs answer preflight themselves when
 *   the API has a CORS configuration and no `OPTIONS` route; REST APIs need an `OPTIONS` method
 *   whose authorization is `NONE` (the CDK's `addCorsPreflight` sets it so).
 */
import type { ApiType } from './types.js';
import type { Validation } from './validation.js';

export const AUTH_KINDS = ['none', 'jwt', 'cognito', 'iam'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

/** The API's authorizer: what a route without an override requires. */
export interface ApiAuth {
  kind: AuthKind;
  /** `jwt`: the issuer's https URL (its `/.well-known/openid-configuration` must be public). */
  issuer?: string;
  /** `jwt`: accepted audiences (`aud`, or `client_id` for access tokens without `aud`). */
  audience?: string[];
}

/** CORS for an API type: a REST API's preflight answers one origin (or `*`). */
export function validateCorsForApi(origins: string[], api: ApiType): Validation {
  if (api === 'rest' && origins.length > 1) {
    return `--cors: a REST API's preflight answers with one Access-Control-Allow-Origin; give one origin (or *), or use --api http for several (got ${origins.join(', ')})`;
  }
  return true;
}

/** A route's override of the API's authorizer. */
export type RouteAuth = { kind: 'default' } | { kind: 'none' } | { kind: 'iam' } | { kind: 'scopes'; scopes: string[] };

export const NO_AUTH: ApiAuth = { kind: 'none' };

/** RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function validateAuthKind(value: unknown): Validation {
  return typeof value === 'string' && (AUTH_KINDS as readonly string[]).includes(value)
    ? true
    : `--auth must be one of ${AUTH_KINDS.join(', ')} (got "${String(value)}")`;
}

/** The API types an authorizer kind is available on, and what to use instead. */
export function validateAuthForApi(kind: AuthKind, api: ApiType): Validation {
  if (kind === 'jwt' && api === 'rest') {
    return '--auth jwt: REST APIs have no JWT authorizer. Use --auth cognito (a Cognito user pool authorizer) or --auth iam, or --api http to accept tokens of any OIDC issuer';
  }
  return true;
}

/** An issuer URL: https, a host, no query or fragment (API Gateway fetches its discovery document). */
export function validateIssuer(value: unknown): Validation {
  if (typeof value !== 'string' || value.trim() === '') return '--jwt-issuer is needed with --auth jwt: the https URL of your OIDC issuer';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `--jwt-issuer must be an https URL (got "${value}")`;
  }
  if (url.protocol !== 'https:') return `--jwt-issuer must use https: API Gateway fetches the issuer's keys over TLS only (got "${value}")`;
  if (url.search || url.hash || url.username || url.password)
    return `--jwt-issuer must be a plain https URL, without query, fragment or credentials (got "${value}")`;
  return true;
}

/** A comma-separated list of audiences (client ids): at least one, no blanks or spaces. */
export function validateAudience(value: unknown): Validation {
  if (typeof value !== 'string' || value.trim() === '')
    return '--jwt-audience is needed with --auth jwt: the client ids (or audiences) your tokens carry, comma-separated';
  const items = value.split(',').map((a) => a.trim());
  const bad = items.find((a) => a === '' || /\s/.test(a) || a.length > 256);
  return bad === undefined ? true : `--jwt-audience: "${bad}" is not an audience (comma-separated ids, no spaces, at most 256 characters each)`;
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** CORS origins: `*`, or `http(s)://host[:port]` each (an origin has no path). */
export function validateCorsOrigins(value: unknown): Validation {
  if (typeof value !== 'string' || value.trim() === '') return '--cors needs at least one origin, e.g. https://app.example.com';
  const origins = parseList(value);
  if (origins.includes('*') && origins.length > 1) return '--cors: "*" allows every origin and cannot be listed with others';
  for (const origin of origins) {
    if (origin === '*') continue;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return `--cors: "${origin}" is not an origin (scheme://host[:port], e.g. https://app.example.com)`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `--cors: "${origin}" must be an http or https origin`;
    if (`${url.protocol}//${url.host}` !== origin)
      return `--cors: "${origin}" is not an origin: no path, query or trailing slash (${url.protocol}//${url.host})`;
  }
  return true;
}

/** The text of a route's `--auth`: `default`, `none`, `iam` or `scopes:<a,b>`. */
export function parseRouteAuth(value: string): RouteAuth | string {
  const text = value.trim();
  if (text === 'default' || text === 'none' || text === 'iam') return { kind: text };
  if (text.startsWith('scopes:')) {
    const scopes = text
      .slice('scopes:'.length)
      .split(',')
      .map((s) => s.trim());
    const bad = scopes.find((s) => !SCOPE_TOKEN.test(s));
    if (bad !== undefined) {
      return `--auth ${value}: "${bad}" is not a scope (OAuth 2.0 scope tokens: printable ASCII without spaces, quotes or backslashes; comma-separated)`;
    }
    return { kind: 'scopes', scopes: [...new Set(scopes)] };
  }
  return `--auth must be default, none, iam or scopes:<scope,...> (got "${value}")`;
}

export function routeAuthText(auth: RouteAuth): string {
  return auth.kind === 'scopes' ? `scopes:${auth.scopes.join(',')}` : auth.kind;
}

/** The scopes a Cognito user pool puts in access tokens besides its resource servers' `<identifier>/<scope>`. */
export const COGNITO_STANDARD_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;

/** A scope a Cognito access token can carry: a standard one, or a resource server's `<identifier>/<scope>`. */
function cognitoScope(scope: string): boolean {
  if ((COGNITO_STANDARD_SCOPES as readonly string[]).includes(scope)) return true;
  const slash = scope.lastIndexOf('/');
  return slash > 0 && slash < scope.length - 1;
}

/** Whether a route's override is possible under the API's authorizer. */
export function validateRouteAuth(route: RouteAuth, api: ApiAuth): Validation {
  if (route.kind === 'scopes' && api.kind !== 'jwt' && api.kind !== 'cognito') {
    return `--auth ${routeAuthText(route)}: scopes need a JWT or Cognito authorizer, and this API's is ${api.kind === 'none' ? 'none (a public API)' : api.kind}; create the workspace with --auth jwt or --auth cognito`;
  }
  if (route.kind === 'scopes' && api.kind === 'cognito') {
    const foreign = route.scopes.filter((scope) => !cognitoScope(scope));
    if (foreign.length) {
      return `--auth ${routeAuthText(route)}: a Cognito user pool's tokens carry ${COGNITO_STANDARD_SCOPES.join(', ')} or <resource-server>/<scope> of a resource server of the pool, never ${foreign.join(', ')}; name the resource server, e.g. scopes:${route.scopes.map((x) => (cognitoScope(x) ? x : `api/${x}`)).join(',')}`;
    }
  }
  if (route.kind === 'iam' && api.kind === 'none') {
    return '--auth iam: this API has no authorizer (auth none); create the workspace with --auth iam, jwt or cognito to protect routes';
  }
  return true;
}

/** What a route requires in the end: its override, or the API's authorizer. */
export interface EffectiveAuth {
  /** `none`: public. */
  type: 'none' | 'jwt' | 'cognito' | 'iam';
  scopes: string[];
}

export function effectiveAuth(route: RouteAuth | undefined, api: ApiAuth): EffectiveAuth {
  const own = route ?? { kind: 'default' };
  switch (own.kind) {
    case 'none':
      return { type: 'none', scopes: [] };
    case 'iam':
      return { type: 'iam', scopes: [] };
    case 'scopes':
      return { type: api.kind, scopes: own.scopes };
    case 'default':
      return { type: api.kind, scopes: [] };
  }
}
