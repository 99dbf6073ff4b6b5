/**
 * The Terraform flavour: `infra/` with the provider, the API, a file per table and a file per
 * route, so adding a route adds a file. Function zips come from
 * `cargo lambda build --release --output-format zip` (`make build-zip`).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type FileSpec, NEW, REGENERATE } from '../../file-spec.js';
import type { Model, ResourceModel, RouteModel } from '../../model.js';
import { STREAM_VIEW_TYPE, streamed } from '../../triggers/dynamodb-stream.js';
import { DEFAULT_STAGE, STAGES, STAGE_PATTERN, STAGE_RULE } from '../../stage.js';
import { pathSegments, routeKey } from '../../routes.js';
import { FUNCTION_SKIPS, terraformSkips } from '../checkov.js';
import { tableKeys } from '../../fields.js';
import { functionActions, readTerraform, tableResources } from '../deployment.js';
import {
  type DeployedAuth,
  type DeployedFunction,
  type Flavour,
  renderTrigger,
  REST_ENDPOINT_TYPE,
  accessLogFields,
  defaultTags,
  functionResource,
  restGatewayResponses,
} from '../flavour.js';
import { parseTerraformDir } from '../hcl.js';
import { HEADER, LOG_SKIPS, tfName, tableName, terraformFunction, aligned } from './functions.js';
import { TERRAFORM_TRIGGERS } from './triggers/index.js';

export { tableName, tfName };

/** The file of a route, and the file of a table: an addition adds one file each. */
export const routeFile = (route: { name: string }) => `infra/route_${tfName(route)}.tf`;
export const tableFile = (r: ResourceModel) => `infra/table_${tableName(r)}.tf`;
const API_PATHS_FILE = 'infra/api_paths.tf';

export function terraformStatic(model: Model): Record<string, string> {
  const { config, policy } = model;
  // The default tags (the stage is the variable's), then the policy's, whose values replace them.
  const tagValues: Record<string, string> = Object.fromEntries(
    defaultTags(model.project, '', 'terraform').map(([k, v]) => [k, k === 'Stage' ? 'var.stage' : JSON.stringify(v)]),
  );
  for (const [k, v] of Object.entries(policy.tags)) tagValues[k] = JSON.stringify(v);
  const tags = Object.entries(tagValues).map(([k, v]): [string, string] => [/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k), v]);
  const files: Record<string, string> = {};
  files['infra/versions.tf'] = `${HEADER}
terraform {
  required_version = ">= 1.6"

  # State is local until this is uncommented. For a team: an S3 bucket (versioning on, created
  # once), S3's native lock file (Terraform 1.10+; no DynamoDB lock table), then
  # \`terraform init -migrate-state\`.
  # backend "s3" {
  #   bucket       = "my-terraform-state"
  #   key          = "${model.project}/terraform.tfstate"
  #   region       = "us-east-1"
  #   encrypt      = true
  #   use_lockfile = true
  # }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
`;
  files['infra/providers.tf'] = `provider "aws" {
  region = var.region

  default_tags {
    tags = {
${aligned(tags, '      ')}
    }
  }
}
`;
  files['infra/variables.tf'] = `variable "stage" {
  description = "The stage to deploy (${STAGES.join(', ')}, ...): part of every physical name, so stages share an account; stages/<stage>.tfvars sets it"
  type        = string
  default     = "${DEFAULT_STAGE}"

  validation {
    condition     = can(regex("${STAGE_PATTERN}", var.stage))
    error_message = "stage must be ${STAGE_RULE}."
  }
}

variable "region" {
  description = "AWS region to deploy to"
  type        = string
  default     = "us-east-1"
}

variable "architecture" {
  description = "Lambda architecture: arm64 or x86_64 (the functions must be built for it)"
  type        = string
  default     = "${config.arch}"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory of each function, in MB"
  type        = number
  default     = ${config.memory}
}

variable "timeout" {
  description = "Timeout of each function, in seconds (API Gateway gives up after 29)"
  type        = number
  default     = ${config.timeout}
}

variable "log_retention_days" {
  description = "Retention of the functions' and the API's logs, in days"
  type        = number
  default     = ${policy.logRetentionDays}
}
`;
  files['infra/locals.tf'] = `locals {
  # Prefix of every physical name: the project, then the stage.
  project = "${model.project}-\${var.stage}"
  # \`make build-zip\` writes target/lambda/<function>/bootstrap.zip (cargo lambda build --output-format zip).
  lambda_dir = "\${path.module}/../target/lambda"
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
`;
  // One state per stage: \`terraform workspace select -or-create <stage>\`, then this file's variables.
  for (const stage of STAGES) {
    files[`infra/stages/${stage}.tfvars`] = `# terraform -chdir=infra workspace select -or-create ${stage}
# terraform -chdir=infra apply -var-file=stages/${stage}.tfvars
stage = "${stage}"
`;
  }
  files['infra/api.tf'] = config.api === 'http' ? httpApi(model) : restApi(model);
  files['infra/outputs.tf'] = `output "api_url" {
  description = "Base URL of the API"
  value       = ${config.api === 'http' ? 'aws_apigatewayv2_stage.default.invoke_url' : 'aws_api_gateway_stage.this.invoke_url'}
}
`;
  return files;
}

const API_ACCESS_LOGS = `resource "aws_cloudwatch_log_group" "api_access" {
${LOG_SKIPS}
  name              = "/aws/apigateway/\${local.project}"
  retention_in_days = var.log_retention_days
}`;

/** The stage's access log settings: the common fields, and those of the API type after `requestTime`. */
function accessLogSettings(api: 'http' | 'rest'): string {
  const fields = accessLogFields(api);
  const width = Math.max(...fields.map(([n]) => n.length));
  return `  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
${fields.map(([n, v]) => `      ${n.padEnd(width)} = "${v}"`).join('\n')}
    })
  }`;
}

/** The stage's throttling, from the policy. */
function throttling(model: Model, indent: string): string {
  return aligned(
    [
      ['throttling_burst_limit', String(model.policy.throttling.burstLimit)],
      ['throttling_rate_limit', String(model.policy.throttling.rateLimit)],
    ],
    indent,
  );
}

/** The CORS block of an HTTP API: API Gateway answers preflight itself (no OPTIONS route, no authorizer). */
function httpCors(model: Model): string {
  const cors = model.config.cors;
  if (!cors) return '';
  const list = (items: string[]) => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
  return `

  # Browsers' preflight (OPTIONS) is answered by API Gateway: no route, so no authorizer sees it.
  cors_configuration {
    allow_origins  = ${list(cors.origins)}
    allow_methods  = ["*"]
    allow_headers  = ["authorization", "content-type", "if-match"]
    expose_headers = ["etag", "location"]
    max_age        = 3600
  }`;
}

/** The user pool and app client of \`--auth cognito\`, as the other flavours make them. */
const COGNITO = `resource "aws_cognito_user_pool" "users" {
  name                     = local.project
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  mfa_configuration        = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  password_policy {
    minimum_length    = 12
    require_lowercase = true
    require_uppercase = true
    require_numbers   = true
    require_symbols   = true
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  # The users outlive the stack, as the tables do.
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_cognito_user_pool_client" "app" {
  name                          = local.project
  user_pool_id                  = aws_cognito_user_pool.users.id
  generate_secret               = false
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
}

output "user_pool_id" {
  description = "Id of the user pool of the API's users"
  value       = aws_cognito_user_pool.users.id
}

output "user_pool_client_id" {
  description = "Id of the app client your front end signs in with"
  value       = aws_cognito_user_pool_client.app.id
}
`;

/** The HTTP API's JWT authorizer (an OIDC issuer, or the user pool of cognito). */
function httpAuthorizer(model: Model): string {
  const auth = model.config.auth;
  if (auth.kind !== 'jwt' && auth.kind !== 'cognito') return '';
  const jwt =
    auth.kind === 'jwt'
      ? `issuer   = ${JSON.stringify(auth.issuer)}
    audience = [${(auth.audience ?? []).map((a) => JSON.stringify(a)).join(', ')}]`
      : `issuer   = "https://\${aws_cognito_user_pool.users.endpoint}"
    audience = [aws_cognito_user_pool_client.app.id]`;
  return `${auth.kind === 'cognito' ? `\n${COGNITO}` : ''}
resource "aws_apigatewayv2_authorizer" "api" {
  api_id           = aws_apigatewayv2_api.api.id
  name             = "\${local.project}-authorizer"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    ${jwt}
  }
}
`;
}

function httpApi(model: Model): string {
  return `resource "aws_apigatewayv2_api" "api" {
  name          = local.project
  protocol_type = "HTTP"${httpCors(model)}
}
${httpAuthorizer(model)}
${API_ACCESS_LOGS}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.api.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
${throttling(model, '    ')}
  }

${accessLogSettings('http')}
}
`;
}

/** Every path prefix of the routes, parents first: the REST API's resources. */
function restPaths(model: Model): string[] {
  const paths = new Set<string>();
  for (const route of model.routes) {
    const segments = pathSegments(route.path);
    for (let i = 1; i <= segments.length; i++) {
      paths.add(
        `/${segments
          .slice(0, i)
          .map((s) => (s.param === undefined ? s.literal : `{${s.param}}`))
          .join('/')}`,
      );
    }
  }
  return [...paths].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/**
 * The Terraform name of the API Gateway resource of a path, one name per path. A path of plain
 * lowercase segments keeps its readable name (`/orders/lines` -> `orders_lines`); any other path
 * (a parameter, a `.`, `_`, `~`, `-` or capital, a leading digit) adds a hash of the whole path
 * after `__`, which a plain name never contains: `/items/{id}` and `/items/id`, or `/v1.0` and
 * `/v1-0`, get names of their own. The name depends on the path alone, so adding a route never
 * renames an existing resource.
 */
export function restResourceName(path: string): string {
  const segments = pathSegments(path);
  if (segments.length === 0) return 'root';
  const stem = segments.map((s) => (s.param ?? s.literal ?? '').replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()).join('_');
  const plain = /^[a-z]/.test(stem) && segments.every((s) => s.literal !== undefined && /^[a-z0-9]+$/.test(s.literal));
  if (plain) return stem;
  return `${/^[a-z_]/.test(stem) ? '' : 'r_'}${stem}__${createHash('sha256').update(path).digest('hex').slice(0, 6)}`;
}

function restResourceRef(path: string): string {
  return path === '/' ? 'aws_api_gateway_rest_api.api.root_resource_id' : `aws_api_gateway_resource.${restResourceName(path)}.id`;
}

/** The REST API's user pool authorizer, for \`--auth cognito\`. */
function restAuthorizer(model: Model): string {
  if (model.config.auth.kind !== 'cognito') return '';
  return `
${COGNITO}
resource "aws_api_gateway_authorizer" "api" {
  name            = "\${local.project}-authorizer"
  rest_api_id     = aws_api_gateway_rest_api.api.id
  type            = "COGNITO_USER_POOLS"
  provider_arns   = [aws_cognito_user_pool.users.arn]
  identity_source = "method.request.header.Authorization"
}
`;
}

/** API Gateway's own error answers, in the functions' shape (lib/iac/flavour.ts). */
function restGatewayResponsesHcl(model: Model): string {
  return restGatewayResponses(model.config.cors)
    .map((r) => {
      const parameters = r.headers.map(([h, v]): [string, string] => [`"gatewayresponse.header.${h}"`, `"${v}"`]);
      return `
resource "aws_api_gateway_gateway_response" "${r.type.toLowerCase()}" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  response_type = "${r.type}"

  response_templates = {
    "application/json" = ${JSON.stringify(r.template)}
  }
${
  parameters.length
    ? `
  response_parameters = {
${aligned(parameters, '    ')}
  }
`
    : ''
}}
`;
    })
    .join('');
}

function restApi(model: Model): string {
  return `resource "aws_api_gateway_rest_api" "api" {
  name = local.project

  endpoint_configuration {
    types = ["${REST_ENDPOINT_TYPE}"]
  }

  lifecycle {
    create_before_destroy = true
  }
}
${restAuthorizer(model)}
${restGatewayResponsesHcl(model)}
${API_ACCESS_LOGS}

resource "aws_api_gateway_stage" "this" {
${terraformSkips(['CKV_AWS_120'], { CKV_AWS_73: 'Enable X-Ray tracing (xray_tracing_enabled) when the account uses it; it has a cost.' })}
${terraformSkips(['CKV2_AWS_51', 'CKV2_AWS_29', 'CKV2_AWS_4'])}
  deployment_id = aws_api_gateway_deployment.api.id
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = var.stage

${accessLogSettings('rest')}

  # Access logs need the account's API Gateway CloudWatch role first (below).
  depends_on = [aws_api_gateway_account.this]
}

# A REST stage logs only once the account (per region) names API Gateway's CloudWatch role: a
# first deploy in a fresh account would fail without it. It is one setting per account and
# region, shared by every REST API there, and with AWS provider 6 destroying it resets the
# setting: before \`terraform destroy\` where other REST APIs log through it, \`terraform state rm
# aws_api_gateway_account.this aws_iam_role_policy_attachment.apigateway_cloudwatch
# aws_iam_role.apigateway_cloudwatch\` (README.md, "Deploy").
data "aws_iam_policy_document" "apigateway_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "apigateway_cloudwatch" {
  name               = "\${local.project}-apigateway-cloudwatch"
  assume_role_policy = data.aws_iam_policy_document.apigateway_assume.json
}

resource "aws_iam_role_policy_attachment" "apigateway_cloudwatch" {
  role       = aws_iam_role.apigateway_cloudwatch.name
  policy_arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = aws_iam_role.apigateway_cloudwatch.arn

  depends_on = [aws_iam_role_policy_attachment.apigateway_cloudwatch]
}

data "aws_partition" "current" {}

resource "aws_api_gateway_method_settings" "all" {
${terraformSkips(['CKV_AWS_225'])}
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
${throttling(model, '    ')}
  }
}
`;
}

/** Generator-owned for REST APIs: the resource tree and the deployment, both derived from every route. */
/**
 * CORS preflight of a REST API: an OPTIONS method per route path, without authorization (a
 * preflight carries no token), answered by API Gateway itself (a MOCK integration) with the
 * allowed origin, methods and headers.
 */
function restPreflight(model: Model): { text: string; triggers: string[] } {
  const cors = model.config.cors;
  if (!cors) return { text: '', triggers: [] };
  const paths = [...new Set(model.routes.map((r) => r.path))].sort();
  const headers: [string, string][] = [
    ['Access-Control-Allow-Origin', cors.origins[0] ?? '*'],
    ['Access-Control-Allow-Methods', 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'],
    ['Access-Control-Allow-Headers', 'authorization,content-type,if-match'],
    ['Access-Control-Max-Age', '3600'],
  ];
  const param = (h: string) => `method.response.header.${h}`;
  const width = Math.max(...headers.map(([h]) => `"${param(h)}"`.length));
  const text = paths
    .map((path) => {
      const n = `${restResourceName(path)}_preflight`;
      const ref = restResourceRef(path);
      return `
resource "aws_api_gateway_method" "${n}" {
${terraformSkips([], { CKV_AWS_59: 'CORS preflight: browsers send it without credentials.', CKV2_AWS_53: 'CORS preflight: API Gateway answers it; there is nothing to validate.' })}
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = ${ref}
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "${n}" {
  rest_api_id       = aws_api_gateway_rest_api.api.id
  resource_id       = ${ref}
  http_method       = aws_api_gateway_method.${n}.http_method
  type              = "MOCK"
  request_templates = { "application/json" = jsonencode({ statusCode = 200 }) }
}

resource "aws_api_gateway_method_response" "${n}" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = ${ref}
  http_method = aws_api_gateway_method.${n}.http_method
  status_code = "200"

  response_parameters = {
${headers.map(([h]) => `    ${`"${param(h)}"`.padEnd(width)} = true`).join('\n')}
  }
}

resource "aws_api_gateway_integration_response" "${n}" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = ${ref}
  http_method = aws_api_gateway_method.${n}.http_method
  status_code = aws_api_gateway_method_response.${n}.status_code

  response_parameters = {
${headers.map(([h, v]) => `    ${`"${param(h)}"`.padEnd(width)} = "'${v}'"`).join('\n')}
  }

  depends_on = [aws_api_gateway_integration.${n}]
}
`;
    })
    .join('');
  const triggers = paths.flatMap((path) => {
    const n = `${restResourceName(path)}_preflight`;
    return [
      `aws_api_gateway_method.${n}`,
      `aws_api_gateway_integration.${n}`,
      `aws_api_gateway_method_response.${n}`,
      `aws_api_gateway_integration_response.${n}`,
    ];
  });
  return { text, triggers };
}

export function terraformRestPaths(model: Model): string {
  const paths = restPaths(model);
  const names = new Map<string, string>();
  for (const path of paths) {
    const other = names.get(restResourceName(path));
    if (other !== undefined) throw new Error(`${path} and ${other} would share the Terraform name ${restResourceName(path)}`);
    names.set(restResourceName(path), path);
  }
  const resources = paths
    .map((path) => {
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      const part = path.slice(path.lastIndexOf('/') + 1);
      return `resource "aws_api_gateway_resource" "${restResourceName(path)}" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = ${restResourceRef(parent)}
  path_part   = "${part}"
}
`;
    })
    .join('\n');
  // Every resource, method, integration, response and authorizer, whole: a change to any of
  // them must reach the stage through a new deployment. Their ids alone stay the same when a
  // method's authorization, an integration's response or the authorizer changes in place, and the
  // stage would keep serving the old deployment.
  const preflight = restPreflight(model);
  const triggers = [
    ...paths.map((path) => `aws_api_gateway_resource.${restResourceName(path)}`),
    ...model.routes.flatMap((r) => [`aws_api_gateway_method.${tfName(r)}`, `aws_api_gateway_integration.${tfName(r)}`]),
    ...preflight.triggers,
    ...(model.config.auth.kind === 'cognito' ? ['aws_api_gateway_authorizer.api'] : []),
    ...restGatewayResponses(model.config.cors).map((r) => `aws_api_gateway_gateway_response.${r.type.toLowerCase()}`),
  ].join(',\n      ');
  return `${HEADER} yo serverless-api:route and :resource rewrite this file:
# the API's resources (one per path) and its deployment, which changes when a path, method, integration, response or the authorizer changes.

${resources}${preflight.text}
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id

  triggers = {
    redeployment = sha1(jsonencode([
      ${triggers},
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}
`;
}

export function terraformTable(r: ResourceModel, stream = false): string {
  // The item before and after each change, for the functions that read the table's stream.
  const streamAttributes = stream ? `\n\n  stream_enabled   = true\n  stream_view_type = "${STREAM_VIEW_TYPE}"` : '';
  // The key attributes: the table's id, and its indexes' keys (strings; numbers for a numeric sort key).
  const attributes = tableKeys(r.indexes)
    .map((key) => `\n  attribute {\n    name = "${key.name}"\n    type = "${key.type}"\n  }\n`)
    .join('');
  const gsi = r.indexes
    .map(
      (i) =>
        `\n  global_secondary_index {\n    name            = "${i.name}"\n    hash_key        = "${i.partition}"\n${i.sort ? `    range_key       = "${i.sort}"\n` : ''}    projection_type = "ALL"\n  }\n`,
    )
    .join('');
  return `${HEADER} The ${r.pluralLabel} table: on-demand, point-in-time recovery, encrypted, kept on destroy.
resource "aws_dynamodb_table" "${tableName(r)}" {
${terraformSkips([], { CKV_AWS_119: 'Encrypted at rest with the AWS managed key (aws/dynamodb); set server_side_encryption.kms_key_arn for a customer managed key.' })}
${terraformSkips(['CKV2_AWS_16'])}
  name         = "\${local.project}-${r.plural}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"${streamAttributes}
${attributes}${gsi}
  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  lifecycle {
    prevent_destroy = true
  }
}

output "${tableName(r)}_table_name" {
  description = "Name of the ${r.pluralLabel} table"
  value       = aws_dynamodb_table.${tableName(r)}.name
}
`;
}

/** The body of a REST API method: where it is, and what a caller needs. */
function restMethodBody(model: Model, route: RouteModel): string {
  const lines = [
    ['rest_api_id', 'aws_api_gateway_rest_api.api.id'],
    ['resource_id', restResourceRef(route.path)],
    ['http_method', `"${route.method}"`],
  ];
  const { type, scopes } = route.authorization;
  if (type === 'cognito') {
    lines.push(['authorization', '"COGNITO_USER_POOLS"'], ['authorizer_id', 'aws_api_gateway_authorizer.api.id']);
    if (scopes.length) lines.push(['authorization_scopes', `[${scopes.map((x) => JSON.stringify(x)).join(', ')}]`]);
  } else {
    lines.push(['authorization', type === 'iam' ? '"AWS_IAM"' : '"NONE"']);
  }
  const width = Math.max(...lines.map(([k]) => (k ?? '').length));
  const body = lines.map(([k, v]) => `  ${(k ?? '').padEnd(width)} = ${v}`).join('\n');
  const skips =
    type !== 'none'
      ? terraformSkips(['CKV2_AWS_53'])
      : model.config.auth.kind === 'none'
        ? terraformSkips(['CKV_AWS_59', 'CKV2_AWS_53'])
        : `${terraformSkips(['CKV2_AWS_53'], { CKV_AWS_59: `${route.method} ${route.path} is public by choice (--auth none in .yo-rc.json).` })}`;
  return `${skips}\n${body}`;
}

/** The body of an HTTP API route: its key, target and what a caller needs. */
function httpRouteAuth(model: Model, route: RouteModel): string {
  const n = tfName(route);
  const lines = [
    ['api_id', 'aws_apigatewayv2_api.api.id'],
    ['route_key', `"${route.method} ${route.path}"`],
    ['target', `"integrations/\${aws_apigatewayv2_integration.${n}.id}"`],
  ];
  const { type, scopes } = route.authorization;
  if (type === 'jwt' || type === 'cognito') {
    lines.push(['authorization_type', '"JWT"'], ['authorizer_id', 'aws_apigatewayv2_authorizer.api.id']);
    if (scopes.length) lines.push(['authorization_scopes', `[${scopes.map((x) => JSON.stringify(x)).join(', ')}]`]);
  } else if (type === 'iam') {
    lines.push(['authorization_type', '"AWS_IAM"']);
  }
  const width = Math.max(...lines.map(([k]) => (k ?? '').length));
  const body = lines.map(([k, v]) => `  ${(k ?? '').padEnd(width)} = ${v}`).join('\n');
  if (type !== 'none') return body;
  const skip =
    model.config.auth.kind === 'none'
      ? terraformSkips(['CKV_AWS_309'])
      : terraformSkips([], { CKV_AWS_309: `${route.method} ${route.path} is public by choice (--auth none in .yo-rc.json).` });
  return `${skip}\n${body}`;
}

export function terraformRoute(model: Model, route: RouteModel): string {
  const { config } = model;
  const n = tfName(route);
  // The path in the permission's source ARN: HTTP APIs invoke with the route's path as declared,
  // REST APIs with the concrete path, so each `{param}` becomes `*` (as aws-cdk-lib's `pathForArn`
  // in aws-apigateway/lib/method.js does); `{id}` there would fail every call with a 500.
  const sourceArnPath = config.api === 'http' ? route.path : route.path.replace(/\{[^}]+\}/g, '*');
  const api =
    config.api === 'http'
      ? `resource "aws_apigatewayv2_integration" "${n}" {
  api_id                 = aws_apigatewayv2_api.api.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.${n}.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "${n}" {
${httpRouteAuth(model, route)}
}

resource "aws_lambda_permission" "${n}" {
  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.${n}.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "\${aws_apigatewayv2_api.api.execution_arn}/*/${route.method}${sourceArnPath}"
}
`
      : `resource "aws_api_gateway_method" "${n}" {
${restMethodBody(model, route)}
}

resource "aws_api_gateway_integration" "${n}" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = ${restResourceRef(route.path)}
  http_method             = aws_api_gateway_method.${n}.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.${n}.invoke_arn
}

resource "aws_lambda_permission" "${n}" {
  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.${n}.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "\${aws_api_gateway_rest_api.api.execution_arn}/*/${route.method}${sourceArnPath}"
}
`;
  const fn = terraformFunction({
    ...functionResource(route, `${route.method} ${route.path}`),
    skips: terraformSkips([...FUNCTION_SKIPS, 'CKV_AWS_50', 'CKV_AWS_272']),
  });
  return `${HEADER} ${route.method} ${route.path}: the function ${route.name}, its role, logs and route.

${fn}

${api}`;
}

/**
 * Every Terraform file of a model: the static ones and one per table and per route (new files,
 * which an addition adds), and for REST APIs the resource tree, rendered again by every addition.
 */
function files(model: Model): FileSpec[] {
  return [
    ...Object.entries(terraformStatic(model)).map(([path, contents]): FileSpec => ({ path, contents, update: NEW })),
    // Rendered again by an addition: a stream reader gives its table a stream (merged into an edit).
    ...model.resources.map((r): FileSpec => ({ path: tableFile(r), contents: () => terraformTable(r, streamed(model, r.name)), update: REGENERATE })),
    ...model.routes.map((route): FileSpec => ({ path: routeFile(route), contents: () => terraformRoute(model, route), update: NEW })),
    ...model.eventFunctions.map((fn) => renderTrigger(TERRAFORM_TRIGGERS, model, fn)),
    ...(model.config.api === 'rest' ? [{ path: API_PATHS_FILE, contents: () => terraformRestPaths(model), update: REGENERATE }] : []),
  ];
}

export const terraform: Flavour = {
  id: 'terraform',
  choice: 'Terraform',
  label: 'Terraform',
  ignored: ['.terraform/', '*.tfstate', '*.tfstate.*', '*.tfplan', 'crash.log'],
  layout: 'infra/              Terraform: one file per route, the API, the tables',
  summary: 'Terraform in infra/',
  files,
  // The REST stage's invoke URL has no trailing slash; the HTTP API's $default stage's has one.
  output: (name, api) => `$(terraform -chdir=infra output -raw ${name.replace(/-/g, '_')})${name === 'api-url' && api === 'rest' ? '/' : ''}`,
  deployStep: () => `make deploy   # the stage ${DEFAULT_STAGE}; make deploy STAGE=prod for prod`,
  triggers: TERRAFORM_TRIGGERS,
  deployed: async (root, model) => terraformDeployed(root, model),
  authorization: async (root) => terraformAuthorization(root),
};

/**
 * infra/'s functions, each with the actions of the policy documents its role's inline policies
 * use, and its role's managed policies. Names are read from `function_name`
 * (`${local.project}-<name>`).
 */
/** Each HTTP API route's `authorization_type`, or each REST method's `authorization`, with their scopes. */
async function terraformAuthorization(root: string): Promise<Record<string, DeployedAuth>> {
  const infra = path.join(root, 'infra');
  if (!existsSync(infra)) return {};
  const { api } = readTerraform(await parseTerraformDir(infra));
  const routes: Record<string, DeployedAuth> = {};
  for (const [key, route] of Object.entries(api.routes)) {
    const [method = '', routePath = ''] = key.split(' ');
    if (!routePath) continue; // `$default`: no route of a function
    const type = route.type === 'none' || route.type === 'iam' ? route.type : 'authorizer';
    routes[routeKey({ method: method.toUpperCase(), path: routePath })] = {
      type,
      scopes: type === 'authorizer' ? route.scopes : [],
      file: `infra/*.tf (${route.ref})`,
    };
  }
  return routes;
}

async function terraformDeployed(root: string, model: Model): Promise<DeployedFunction[]> {
  const infra = path.join(root, 'infra');
  if (!existsSync(infra)) return [];
  const deployment = readTerraform(await parseTerraformDir(infra));
  // A table of the workspace by its Terraform name, and its indexes.
  const table = (resource: string): string => {
    const m = /^(table|indexes):(\w+)$/.exec(resource);
    const r = m ? model.resources.find((x) => tableName(x) === m[2]) : undefined;
    return r ? `${m![1]}:${r.name}` : resource;
  };
  return deployment.functions.map((fn) => ({
    name: fn.name,
    actions: functionActions(fn),
    file: `infra/*.tf (aws_lambda_function.${fn.id})`,
    tableResources: tableResources(fn).map(table),
  }));
}
