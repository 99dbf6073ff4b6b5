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
import { type CheckovId, FUNCTION_SKIPS, terraformSkips } from '../checkov.js';
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
import { HEADER, LOG_SKIPS, tfName, tableName, terraformFunction } from './functions.js';
import { type HclBlock, type HclLine, alignedLines, block, comment, object, printBlock, printHcl, resource, str, strings } from './hcl-writer.js';
import { TERRAFORM_TRIGGERS } from './triggers/index.js';

export { tableName, tfName };

/** The file of a route, and the file of a table: an addition adds one file each. */
export const routeFile = (route: { name: string }) => `infra/route_${tfName(route)}.tf`;
export const tableFile = (r: ResourceModel) => `infra/table_${tableName(r)}.tf`;
const API_PATHS_FILE = 'infra/api_paths.tf';

/** The stage's throttling, from the policy, at `indent`. */
function throttling(model: Model, indent: string): string {
  return alignedLines(
    [
      ['throttling_burst_limit', String(model.policy.throttling.burstLimit)],
      ['throttling_rate_limit', String(model.policy.throttling.rateLimit)],
    ],
    indent,
  );
}

/** The stage's access log settings: the common fields, and those of the API type after `requestTime`. */
function accessLogSettings(api: 'http' | 'rest'): string {
  return printBlock(
    block(
      'access_log_settings',
      [],
      [
        ['destination_arn', 'aws_cloudwatch_log_group.api_access.arn'],
        ['format', `jsonencode(${object(accessLogFields(api).map(([n, v]) => [n, str(v)]))})`],
      ],
    ),
    '  ',
  );
}

/** API Gateway's own error answers, in the functions' shape (lib/iac/flavour.ts). */
function restGatewayResponsesHcl(model: Model): string {
  return printHcl(
    ...restGatewayResponses(model.config.cors).map((r) =>
      resource(
        'aws_api_gateway_gateway_response',
        r.type.toLowerCase(),
        [
          ['rest_api_id', 'aws_api_gateway_rest_api.api.id'],
          ['response_type', str(r.type)],
        ],
        [['response_templates', object([['"application/json"', str(r.template)]])]],
        r.headers.length > 0 && [['response_parameters', object(r.headers.map(([h, v]) => [str(`gatewayresponse.header.${h}`), str(v)]))]],
      ),
    ),
  );
}

/**
 * The files of infra/ that every workspace has, whatever its routes: rendered from the templates
 * under templates/iac/terraform/infra/ (the provider, the variables, the stages, the API).
 */
function staticFiles(model: Model): FileSpec[] {
  const { config, policy } = model;
  // The default tags (the stage is the variable's), then the policy's, whose values replace them.
  const tagValues: Record<string, string> = Object.fromEntries(
    defaultTags(model.project, '', 'terraform').map(([k, v]) => [k, k === 'Stage' ? 'var.stage' : JSON.stringify(v)]),
  );
  for (const [k, v] of Object.entries(policy.tags)) tagValues[k] = JSON.stringify(v);
  const tags = Object.entries(tagValues).map(([k, v]): [string, string] => [/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k), v]);
  const data = {
    header: HEADER,
    project: model.project,
    config,
    policy,
    tags,
    stages: STAGES,
    defaultStage: DEFAULT_STAGE,
    stagePattern: STAGE_PATTERN,
    stageRule: STAGE_RULE,
    restEndpointType: REST_ENDPOINT_TYPE,
    aligned: alignedLines,
    hcl: { str, strings },
    throttling: (indent: string) => throttling(model, indent),
    accessLogSettings: accessLogSettings(config.api),
    gatewayResponses: config.api === 'rest' ? restGatewayResponsesHcl(model) : '',
    skips: {
      logs: LOG_SKIPS,
      stage: `${terraformSkips(['CKV_AWS_120'], { CKV_AWS_73: 'Enable X-Ray tracing (xray_tracing_enabled) when the account uses it; it has a cost.' })}
${terraformSkips(['CKV2_AWS_51', 'CKV2_AWS_29', 'CKV2_AWS_4'])}`,
      methodSettings: terraformSkips(['CKV_AWS_225']),
    },
  };
  const file = (path: string, template: string, extra: Record<string, unknown> = {}): FileSpec => ({
    path,
    template: `iac/terraform/infra/${template}`,
    data: { ...data, ...extra },
    update: NEW,
  });
  return [
    file('infra/versions.tf', 'versions.tf.ejs'),
    file('infra/providers.tf', 'providers.tf.ejs'),
    file('infra/variables.tf', 'variables.tf.ejs'),
    file('infra/locals.tf', 'locals.tf.ejs'),
    // One state per stage: `terraform workspace select -or-create <stage>`, then this file's variables.
    ...STAGES.map((stage) => file(`infra/stages/${stage}.tfvars`, 'stages/stage.tfvars.ejs', { stage })),
    file('infra/api.tf', `api-${config.api}.tf.ejs`),
    file('infra/outputs.tf', 'outputs.tf.ejs'),
  ];
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

/**
 * CORS preflight of a REST API: an OPTIONS method per route path, without authorization (a
 * preflight carries no token), answered by API Gateway itself (a MOCK integration) with the
 * allowed origin, methods and headers.
 */
function restPreflight(model: Model): { blocks: HclBlock[]; triggers: string[] } {
  const cors = model.config.cors;
  if (!cors) return { blocks: [], triggers: [] };
  const paths = [...new Set(model.routes.map((r) => r.path))].sort();
  const headers: [string, string][] = [
    ['Access-Control-Allow-Origin', cors.origins[0] ?? '*'],
    ['Access-Control-Allow-Methods', 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'],
    ['Access-Control-Allow-Headers', 'authorization,content-type,if-match'],
    ['Access-Control-Max-Age', '3600'],
  ];
  const param = (h: string) => str(`method.response.header.${h}`);
  const blocks = paths.flatMap((path) => {
    const n = `${restResourceName(path)}_preflight`;
    const ref = restResourceRef(path);
    const where: HclLine[] = [
      ['rest_api_id', 'aws_api_gateway_rest_api.api.id'],
      ['resource_id', ref],
      ['http_method', `aws_api_gateway_method.${n}.http_method`],
    ];
    return [
      resource('aws_api_gateway_method', n, [
        comment(
          terraformSkips([], {
            CKV_AWS_59: 'CORS preflight: browsers send it without credentials.',
            CKV2_AWS_53: 'CORS preflight: API Gateway answers it; there is nothing to validate.',
          }),
        ),
        ['rest_api_id', 'aws_api_gateway_rest_api.api.id'],
        ['resource_id', ref],
        ['http_method', '"OPTIONS"'],
        ['authorization', '"NONE"'],
      ]),
      resource('aws_api_gateway_integration', n, [
        ...where,
        ['type', '"MOCK"'],
        ['request_templates', '{ "application/json" = jsonencode({ statusCode = 200 }) }'],
      ]),
      resource(
        'aws_api_gateway_method_response',
        n,
        [...where, ['status_code', '"200"']],
        [['response_parameters', object(headers.map(([h]) => [param(h), 'true']))]],
      ),
      resource(
        'aws_api_gateway_integration_response',
        n,
        [...where, ['status_code', `aws_api_gateway_method_response.${n}.status_code`]],
        [['response_parameters', object(headers.map(([h, v]) => [param(h), str(`'${v}'`)]))]],
        [['depends_on', `[aws_api_gateway_integration.${n}]`]],
      ),
    ];
  });
  const triggers = blocks.map((b) => `${b.labels[0] ?? ''}.${b.labels[1] ?? ''}`);
  return { blocks, triggers };
}

/** Generator-owned for REST APIs: the resource tree and the deployment, both derived from every route. */
export function terraformRestPaths(model: Model): string {
  const paths = restPaths(model);
  const names = new Map<string, string>();
  for (const path of paths) {
    const other = names.get(restResourceName(path));
    if (other !== undefined) throw new Error(`${path} and ${other} would share the Terraform name ${restResourceName(path)}`);
    names.set(restResourceName(path), path);
  }
  const resources = paths.map((path) => {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    return resource('aws_api_gateway_resource', restResourceName(path), [
      ['rest_api_id', 'aws_api_gateway_rest_api.api.id'],
      ['parent_id', restResourceRef(parent)],
      ['path_part', str(path.slice(path.lastIndexOf('/') + 1))],
    ]);
  });
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
  ];
  const deployment = resource(
    'aws_api_gateway_deployment',
    'api',
    [['rest_api_id', 'aws_api_gateway_rest_api.api.id']],
    [['triggers', object([['redeployment', `sha1(jsonencode([\n${triggers.map((t) => `  ${t},`).join('\n')}\n]))`]])]],
    block('lifecycle', [], [['create_before_destroy', 'true']]),
  );
  return `${HEADER} yo serverless-api:route and :resource rewrite this file:
# the API's resources (one per path) and its deployment, which changes when a path, method, integration, response or the authorizer changes.

${printHcl(...resources, ...preflight.blocks, deployment)}
`;
}

export function terraformTable(r: ResourceModel, stream = false): string {
  const table = resource(
    'aws_dynamodb_table',
    tableName(r),
    [
      comment(
        terraformSkips([], {
          CKV_AWS_119: 'Encrypted at rest with the AWS managed key (aws/dynamodb); set server_side_encryption.kms_key_arn for a customer managed key.',
        }),
      ),
      comment(terraformSkips(['CKV2_AWS_16'])),
      ['name', str(`\${local.project}-${r.plural}`)],
      ['billing_mode', '"PAY_PER_REQUEST"'],
      ['hash_key', '"id"'],
    ],
    // The item before and after each change, for the functions that read the table's stream.
    stream && [
      ['stream_enabled', 'true'],
      ['stream_view_type', str(STREAM_VIEW_TYPE)],
    ],
    // The key attributes: the table's id, and its indexes' keys (strings; numbers for a numeric sort key).
    ...tableKeys(r.indexes).map((key) =>
      block(
        'attribute',
        [],
        [
          ['name', str(key.name)],
          ['type', str(key.type)],
        ],
      ),
    ),
    ...r.indexes.map((i) =>
      block(
        'global_secondary_index',
        [],
        [
          ['name', str(i.name)],
          ['hash_key', str(i.partition)],
          ['range_key', i.sort === undefined ? undefined : str(i.sort)],
          ['projection_type', '"ALL"'],
        ],
      ),
    ),
    block('point_in_time_recovery', [], [['enabled', 'true']]),
    block('server_side_encryption', [], [['enabled', 'true']]),
    block('lifecycle', [], [['prevent_destroy', 'true']]),
  );
  const output = block(
    'output',
    [`${tableName(r)}_table_name`],
    [
      ['description', str(`Name of the ${r.pluralLabel} table`)],
      ['value', `aws_dynamodb_table.${tableName(r)}.name`],
    ],
  );
  return `${HEADER} The ${r.pluralLabel} table: on-demand, point-in-time recovery, encrypted, kept on destroy.
${printHcl(table, output)}
`;
}

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
  const permission = resource('aws_lambda_permission', n, [
    ['statement_id', '"AllowApiGatewayInvoke"'],
    ['action', '"lambda:InvokeFunction"'],
    ['function_name', `aws_lambda_function.${n}.function_name`],
    ['principal', '"apigateway.amazonaws.com"'],
    ['source_arn', str(`\${${executionArn}}/*/${route.method}${sourceArnPath}`)],
  ]);
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

/**
 * Every Terraform file of a model: the static ones and one per table and per route (new files,
 * which an addition adds), and for REST APIs the resource tree, rendered again by every addition.
 */
function files(model: Model): FileSpec[] {
  return [
    ...staticFiles(model),
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
