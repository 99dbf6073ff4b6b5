/** Authentication and CORS input: every bad form refused with a message naming the flag; the parsed forms. */
import { describe, expect, it } from 'vitest';
import {
  effectiveAuth,
  parseRouteAuth,
  routeAuthText,
  validateAudience,
  validateAuthForApi,
  validateAuthKind,
  validateCorsOrigins,
  validateIssuer,
  validateRouteAuth,
  type RouteAuth,
} from '../../lib/auth.js';

describe('the API authorizer', () => {
  it('accepts the four kinds and refuses others', () => {
    for (const kind of ['none', 'jwt', 'cognito', 'iam']) expect(validateAuthKind(kind)).toBe(true);
    expect(validateAuthKind('oauth')).toBe('--auth must be one of none, jwt, cognito, iam (got "oauth")');
  });

  it('refuses jwt on a REST API, saying what to use instead', () => {
    expect(validateAuthForApi('jwt', 'rest')).toMatch(/^--auth jwt: REST APIs have no JWT authorizer\. Use --auth cognito .* or --auth iam, or --api http/);
    for (const kind of ['none', 'cognito', 'iam'] as const) expect(validateAuthForApi(kind, 'rest')).toBe(true);
    expect(validateAuthForApi('jwt', 'http')).toBe(true);
  });

  it('takes an https issuer only', () => {
    expect(validateIssuer('https://login.example.com/realms/acme')).toBe(true);
    expect(validateIssuer('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf')).toBe(true);
    expect(validateIssuer('http://login.example.com')).toMatch(/^--jwt-issuer must use https/);
    expect(validateIssuer('login.example.com')).toMatch(/^--jwt-issuer must be an https URL/);
    expect(validateIssuer('https://login.example.com/?tenant=1')).toMatch(/without query/);
    expect(validateIssuer('')).toMatch(/^--jwt-issuer is needed with --auth jwt/);
  });

  it('takes a comma-separated list of audiences', () => {
    expect(validateAudience('abc123,web-client')).toBe(true);
    expect(validateAudience('abc 123')).toMatch(/^--jwt-audience: "abc 123" is not an audience/);
    expect(validateAudience('a,,b')).toMatch(/^--jwt-audience: "" is not an audience/);
    expect(validateAudience('')).toMatch(/^--jwt-audience is needed/);
  });
});

describe('CORS origins', () => {
  it('are * alone or scheme://host[:port] each', () => {
    expect(validateCorsOrigins('*')).toBe(true);
    expect(validateCorsOrigins('https://app.example.com, http://localhost:3000')).toBe(true);
    expect(validateCorsOrigins('*,https://a.example.com')).toMatch(/cannot be listed with others/);
    expect(validateCorsOrigins('https://app.example.com/')).toMatch(/no path, query or trailing slash \(https:\/\/app\.example\.com\)/);
    expect(validateCorsOrigins('app.example.com')).toMatch(/is not an origin/);
    expect(validateCorsOrigins('ftp://files.example.com')).toMatch(/must be an http or https origin/);
    expect(validateCorsOrigins('')).toMatch(/needs at least one origin/);
  });
});

describe("a route's --auth", () => {
  it('parses default, none, iam and scopes, and round-trips as text', () => {
    for (const text of ['default', 'none', 'iam', 'scopes:orders.read', 'scopes:orders.read,orders/write']) {
      const parsed = parseRouteAuth(text);
      expect(typeof parsed).toBe('object');
      expect(routeAuthText(parsed as never)).toBe(text);
    }
    expect(parseRouteAuth('scopes:a,a,b')).toEqual({ kind: 'scopes', scopes: ['a', 'b'] });
  });

  it('refuses an unknown form and scope tokens outside RFC 6749', () => {
    expect(parseRouteAuth('public')).toBe('--auth must be default, none, iam or scopes:<scope,...> (got "public")');
    for (const bad of ['scopes:', 'scopes:a b', 'scopes:a,"b"', 'scopes:a\\b', 'scopes:a,,b']) expect(parseRouteAuth(bad)).toMatch(/is not a scope/);
  });

  it('needs an authorizer for scopes (JWT or Cognito) and for iam', () => {
    const scopes: RouteAuth = { kind: 'scopes', scopes: ['a'] };
    expect(validateRouteAuth(scopes, { kind: 'jwt' })).toBe(true);
    expect(
      validateRouteAuth(
        { kind: 'scopes', scopes: ['shop/orders.read', 'https://api.example.com/write', 'openid', 'aws.cognito.signin.user.admin'] },
        { kind: 'cognito' },
      ),
    ).toBe(true);
    expect(validateRouteAuth(scopes, { kind: 'iam' })).toMatch(/scopes need a JWT or Cognito authorizer, and this API's is iam/);
    expect(validateRouteAuth(scopes, { kind: 'none' })).toMatch(/this API's is none \(a public API\)/);
    expect(validateRouteAuth({ kind: 'iam' }, { kind: 'none' })).toMatch(/^--auth iam: this API has no authorizer/);
    expect(validateRouteAuth({ kind: 'none' }, { kind: 'none' })).toBe(true);
  });

  it("refuses scopes a Cognito user pool's tokens never carry, naming the resource-server form", () => {
    // Cognito writes custom scopes as <resource-server identifier>/<scope name>, besides its standard ones.
    expect(validateRouteAuth({ kind: 'scopes', scopes: ['orders.read', 'openid', '/x', 'x/'] }, { kind: 'cognito' })).toBe(
      "--auth scopes:orders.read,openid,/x,x/: a Cognito user pool's tokens carry openid, email, phone, profile, aws.cognito.signin.user.admin or <resource-server>/<scope> of a resource server of the pool, never orders.read, /x, x/; name the resource server, e.g. scopes:api/orders.read,openid,api//x,api/x/",
    );
    expect(validateRouteAuth({ kind: 'scopes', scopes: ['orders.read'] }, { kind: 'jwt' })).toBe(true);
  });

  it('resolves to what the route requires in the end', () => {
    expect(effectiveAuth(undefined, { kind: 'jwt' })).toEqual({ type: 'jwt', scopes: [] });
    expect(effectiveAuth({ kind: 'none' }, { kind: 'jwt' })).toEqual({ type: 'none', scopes: [] });
    expect(effectiveAuth({ kind: 'scopes', scopes: ['a'] }, { kind: 'cognito' })).toEqual({ type: 'cognito', scopes: ['a'] });
    expect(effectiveAuth({ kind: 'iam' }, { kind: 'jwt' })).toEqual({ type: 'iam', scopes: [] });
  });
});
