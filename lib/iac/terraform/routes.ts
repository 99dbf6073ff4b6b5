/** A route of infra/: its function, and the HTTP API's route and integration or the REST API's method, with what it asks of a caller. */
import type { Model, RouteModel } from '../../model.js';
import { type CheckovId, FUNCTION_SKIPS, terraformSkips } from '../checkov.js';
import { functionResource } from '../flavour.js';
import { HEADER, invokePermission, tfName, terraformFunction } from './functions.js';
import { type HclBlock, comment, printHcl, resource, str, strings } from './hcl-writer.js';
import { restResourceRef } from './api.js';

/** Why a public route is public, for checkov: by `--auth none`, or by choice in a workspace with an authorizer. */
function publicSkip(model: Model, route: RouteModel, check: 'CKV_AWS_59' | 'CKV_AWS_309', others: CheckovId[] = []): string {
  return model.config.auth.kind === 'none'
    ? terraformSkips([check, ...others])
    : terraformSkips(others, { [check]: `${route.method} ${route.path} is public by choice (--auth none in .yo-rc.json).` });
}

/** A REST API method: where it is, and what a caller needs (the user pool's authorizer, IAM, or nothing). */
function restMethod(model: Model, route: RouteModel): HclBlock {
  const { type, scopes } = route.authorization;
  const cognito = type === 'cognito';
  return resource('aws_api_gateway_method', tfName(route), [
    comment(type === 'none' ? publicSkip(model, route, 'CKV_AWS_59', ['CKV2_AWS_53']) : terraformSkips(['CKV2_AWS_53'])),
    ['rest_api_id', 'aws_api_gateway_rest_api.api.id'],
    ['resource_id', restResourceRef(route.path)],
    ['http_method', str(route.method)],
    ['authorization', cognito ? '"COGNITO_USER_POOLS"' : type === 'iam' ? '"AWS_IAM"' : '"NONE"'],
    ['authorizer_id', cognito ? 'aws_api_gateway_authorizer.api.id' : undefined],
    ['authorization_scopes', cognito && scopes.length ? strings(scopes) : undefined],
  ]);
}

/** An HTTP API route: its key, target and what a caller needs (the JWT authorizer, IAM, or nothing). */
function httpRoute(model: Model, route: RouteModel): HclBlock {
  const n = tfName(route);
  const { type, scopes } = route.authorization;
  const jwt = type === 'jwt' || type === 'cognito';
  return resource('aws_apigatewayv2_route', n, [
    type === 'none' && comment(publicSkip(model, route, 'CKV_AWS_309')),
    ['api_id', 'aws_apigatewayv2_api.api.id'],
    ['route_key', str(`${route.method} ${route.path}`)],
    ['target', str(`integrations/\${aws_apigatewayv2_integration.${n}.id}`)],
    ['authorization_type', jwt ? '"JWT"' : type === 'iam' ? '"AWS_IAM"' : undefined],
    ['authorizer_id', jwt ? 'aws_apigatewayv2_authorizer.api.id' : undefined],
    ['authorization_scopes', jwt && scopes.length ? strings(scopes) : undefined],
  ]);
}

export function terraformRoute(model: Model, route: RouteModel): string {
  const { config } = model;
  const n = tfName(route);
  // The path in the permission's source ARN: HTTP APIs invoke with the route's path as declared,
  // REST APIs with the concrete path, so each `{param}` becomes `*` (as aws-cdk-lib's `pathForArn`
  // in aws-apigateway/lib/method.js does); `{id}` there would fail every call with a 500.
  const sourceArnPath = config.api === 'http' ? route.path : route.path.replace(/\{[^}]+\}/g, '*');
  const executionArn = config.api === 'http' ? 'aws_apigatewayv2_api.api.execution_arn' : 'aws_api_gateway_rest_api.api.execution_arn';
  const integration =
    config.api === 'http'
      ? resource('aws_apigatewayv2_integration', n, [
          ['api_id', 'aws_apigatewayv2_api.api.id'],
          ['integration_type', '"AWS_PROXY"'],
          ['integration_uri', `aws_lambda_function.${n}.invoke_arn`],
          ['payload_format_version', '"2.0"'],
        ])
      : resource('aws_api_gateway_integration', n, [
          ['rest_api_id', 'aws_api_gateway_rest_api.api.id'],
          ['resource_id', restResourceRef(route.path)],
          ['http_method', `aws_api_gateway_method.${n}.http_method`],
          ['integration_http_method', '"POST"'],
          ['type', '"AWS_PROXY"'],
          ['uri', `aws_lambda_function.${n}.invoke_arn`],
        ]);
  const permission = invokePermission(n, n, {
    statementId: 'AllowApiGatewayInvoke',
    principal: 'apigateway.amazonaws.com',
    sourceArn: str(`\${${executionArn}}/*/${route.method}${sourceArnPath}`),
  });
  const fn = terraformFunction({
    ...functionResource(route, `${route.method} ${route.path}`),
    skips: terraformSkips([...FUNCTION_SKIPS, 'CKV_AWS_50', 'CKV_AWS_272']),
  });
  const api = config.api === 'http' ? [integration, httpRoute(model, route), permission] : [restMethod(model, route), integration, permission];
  return `${HEADER} ${route.method} ${route.path}: the function ${route.name}, its role, logs and route.

${fn}

${printHcl(...api)}
`;
}
