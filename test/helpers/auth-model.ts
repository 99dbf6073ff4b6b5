/**
 * What each flavour deploys for authentication, in one shape: per route (`METHOD /path`) what a
 * caller needs (`none`, `iam`, or a JWT/user pool authorizer with its issuer, audience and
 * scopes), and the CORS origins and preflight of the API. Read from the synthesized CDK template,
 * SAM's own translation (CloudFormation with the API's OpenAPI body) and the parsed Terraform.
 */
import { readFileSync } from 'node:fs';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { samTranslated } from './iac-model.js';

export interface RouteAuthorization {
  type: 'none' | 'iam' | 'jwt' | 'user-pool';
  /** For `jwt`: the issuer and audiences, or `user-pool` when they are the stack's own user pool and client. */
  issuer?: string;
  audience?: string[];
  scopes: string[];
  /**
   * The credentials a REST integration invokes the function with, when it has any (SAM's
   * CALLER_CREDENTIALS is `arn:aws:iam::*:user/*`: the caller's own); absent, API Gateway invokes
   * it under the function's resource policy.
   */
  credentials?: string;
}

export interface ApiAuthorization {
  routes: Record<string, RouteAuthorization>;
  /** Allowed origins, and the paths whose OPTIONS method (REST) answers preflight without authorization. */
  cors?: { origins: string[]; preflight?: string[] };
}

type Resources = Record<string, { Type: string; Properties: any }>;

const sorted = (list: unknown): string[] => [list ?? []].flat().map(String).sort();

/** A JWT configuration, with the stack's own user pool and client as `user-pool`. */
function jwt(issuer: unknown, audience: unknown): Pick<RouteAuthorization, 'issuer' | 'audience'> {
  const text = JSON.stringify(issuer);
  if (/UserPool|aws_cognito_user_pool/.test(text)) return { issuer: 'user-pool', audience: ['user-pool-client'] };
  return { issuer: String(issuer), audience: sorted(audience) };
}

/**
 * The API's routes with its CORS: an HTTP API's allowed origins, or the origin a REST API's
 * preflight answers (a quoted header value) and the paths whose preflight needs no authorization.
 */
function withCors(routes: Record<string, RouteAuthorization>, httpOrigins: unknown, restOrigin: unknown, preflight: string[]): ApiAuthorization {
  const cors = httpOrigins
    ? { origins: sorted(httpOrigins) }
    : restOrigin
      ? { origins: [String(restOrigin).replace(/^'|'$/g, '')], preflight: [...preflight].sort() }
      : undefined;
  return { routes, ...(cors ? { cors } : {}) };
}

/** A route's authorization with its integration's credentials, when there are any. */
function withCredentials(route: RouteAuthorization, credentials: unknown): RouteAuthorization {
  return credentials === undefined || credentials === null ? route : { ...route, credentials: typeof credentials === 'string' ? credentials : JSON.stringify(credentials) };
}

/** From a synthesized CDK template. */
export function cdkAuthorization(file: string): ApiAuthorization {
  const resources: Resources = JSON.parse(readFileSync(file, 'utf8')).Resources;
  const routes: Record<string, RouteAuthorization> = {};
  const api = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Api');
  for (const route of Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')) {
    const p = route.Properties;
    const authorizer = p.AuthorizerId?.Ref ? resources[p.AuthorizerId.Ref]?.Properties : undefined;
    routes[p.RouteKey] = p.AuthorizationType === 'JWT'
      ? { type: 'jwt', ...jwt(authorizer?.JwtConfiguration?.Issuer, authorizer?.JwtConfiguration?.Audience), scopes: sorted(p.AuthorizationScopes) }
      : { type: p.AuthorizationType === 'AWS_IAM' ? 'iam' : 'none', scopes: [] };
  }
  const pathOf = (ref: any): string => (ref?.Ref ? `${pathOf(resources[ref.Ref]!.Properties.ParentId)}/${resources[ref.Ref]!.Properties.PathPart}` : '');
  const preflight: string[] = [];
  let restOrigin: string | undefined;
  for (const method of Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Method')) {
    const p = method.Properties;
    const path = pathOf(p.ResourceId) || '/';
    if (p.HttpMethod === 'OPTIONS') {
      if (p.AuthorizationType === 'NONE') preflight.push(path);
      restOrigin = p.Integration?.IntegrationResponses?.[0]?.ResponseParameters?.['method.response.header.Access-Control-Allow-Origin'];
      continue;
    }
    routes[`${p.HttpMethod} ${path}`] = withCredentials(
      p.AuthorizationType === 'COGNITO_USER_POOLS'
        ? { type: 'user-pool', scopes: sorted(p.AuthorizationScopes) }
        : { type: p.AuthorizationType === 'AWS_IAM' ? 'iam' : 'none', scopes: [] },
      p.Integration?.Credentials,
    );
  }
  return withCors(routes, api?.Properties.CorsConfiguration?.AllowOrigins, restOrigin, preflight);
}

/** From the OpenAPI body SAM's translator gives the API (security per operation, schemes by name). */
export async function samAuthorization(templateFile: string): Promise<ApiAuthorization> {
  const resources = (await samTranslated(templateFile)).Resources;
  const api = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Api' || r.Type === 'AWS::ApiGateway::RestApi');
  const body = api?.Properties.Body;
  const schemes = body?.components?.securitySchemes ?? body?.securityDefinitions ?? {};
  const routes: Record<string, RouteAuthorization> = {};
  const preflight: string[] = [];
  let restOrigin: string | undefined;
  for (const [path, operations] of Object.entries<any>(body?.paths ?? {})) {
    for (const [method, operation] of Object.entries<any>(operations)) {
      if (method === 'options') {
        if (!operation.security) preflight.push(path);
        restOrigin = operation['x-amazon-apigateway-integration']?.responses?.default?.responseParameters?.['method.response.header.Access-Control-Allow-Origin'];
        continue;
      }
      const [requirement] = operation.security ?? [{ NONE: [] }];
      const [name, scopes] = Object.entries<string[]>(requirement)[0]!;
      const scheme = schemes[name];
      const key = `${method.toUpperCase()} ${path}`;
      if (name === 'NONE') routes[key] = { type: 'none', scopes: [] };
      else if (scheme?.['x-amazon-apigateway-authtype'] === 'awsSigv4') routes[key] = { type: 'iam', scopes: [] };
      else if (scheme?.['x-amazon-apigateway-authtype'] === 'cognito_user_pools') routes[key] = { type: 'user-pool', scopes: sorted(scopes) };
      else {
        const config = scheme?.['x-amazon-apigateway-authorizer']?.jwtConfiguration;
        routes[key] = { type: 'jwt', ...jwt(config?.issuer, config?.audience), scopes: sorted(scopes) };
      }
      routes[key] = withCredentials(routes[key]!, operation['x-amazon-apigateway-integration']?.credentials);
    }
  }
  return withCors(routes, body?.['x-amazon-apigateway-cors']?.allowOrigins, restOrigin, preflight);
}

/** From the parsed Terraform files of infra/. */
export async function terraformAuthorization(dir: string): Promise<ApiAuthorization> {
  const tf: any = await parseTerraformDir(dir);
  const resource: any = tf.resource ?? {};
  const routes: Record<string, RouteAuthorization> = {};
  const authorizer = Object.values<any>(resource.aws_apigatewayv2_authorizer ?? {})[0]?.[0];
  for (const [route] of Object.values<any>(resource.aws_apigatewayv2_route ?? {})) {
    routes[route.route_key] = route.authorization_type === 'JWT'
      ? { type: 'jwt', ...jwt(authorizer?.jwt_configuration?.[0]?.issuer, authorizer?.jwt_configuration?.[0]?.audience), scopes: sorted(route.authorization_scopes) }
      : { type: route.authorization_type === 'AWS_IAM' ? 'iam' : 'none', scopes: [] };
  }
  const pathOf = (ref: string): string => {
    const m = /^\$\{aws_api_gateway_resource\.(\w+)\.id\}$/.exec(ref);
    if (!m) return '';
    const r = resource.aws_api_gateway_resource[m[1]!][0];
    return `${pathOf(r.parent_id)}/${r.path_part}`;
  };
  const preflight: string[] = [];
  for (const [name, [method]] of Object.entries<any>(resource.aws_api_gateway_method ?? {})) {
    const path = pathOf(method.resource_id) || '/';
    if (method.http_method === 'OPTIONS') {
      if (method.authorization === 'NONE') preflight.push(path);
      continue;
    }
    // The method's integration has the method's name.
    const integration = resource.aws_api_gateway_integration?.[name]?.[0];
    routes[`${method.http_method} ${path}`] = withCredentials(
      method.authorization === 'COGNITO_USER_POOLS'
        ? { type: 'user-pool', scopes: sorted(method.authorization_scopes) }
        : { type: method.authorization === 'AWS_IAM' ? 'iam' : 'none', scopes: [] },
      integration?.credentials,
    );
  }
  const httpOrigins = Object.values<any>(resource.aws_apigatewayv2_api ?? {})[0]?.[0]?.cors_configuration?.[0]?.allow_origins;
  const restOrigin = Object.values<any>(resource.aws_api_gateway_integration_response ?? {})[0]?.[0]?.response_parameters?.['method.response.header.Access-Control-Allow-Origin'];
  return withCors(routes, httpOrigins, restOrigin, preflight);
}
