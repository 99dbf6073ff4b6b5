/** The Terraform flavour's API: the static files of infra/ from templates/iac/terraform/infra/ (the provider, variables, stages, the HTTP or REST API and its stage), and a REST API's resource tree, preflight and deployment. */
import { createHash } from 'node:crypto';
import { type FileSpec, NEW } from '../../file-spec.js';
import type { Model } from '../../model.js';
import { DEFAULT_STAGE, STAGES, STAGE_PATTERN, STAGE_RULE } from '../../stage.js';
import { pathSegments } from '../../routes.js';
import { terraformSkips } from '../checkov.js';
import { REST_ENDPOINT_TYPE, accessLogFields, defaultTags, restGatewayResponses, restPreflightHeaders } from '../flavour.js';
import { HEADER, LOG_SKIPS, tfName } from './functions.js';
import { type HclBlock, type HclLine, alignedLines, block, comment, object, printBlock, printHcl, resource, str, strings } from './hcl-writer.js';

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
export function staticFiles(model: Model): FileSpec[] {
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

export function restResourceRef(path: string): string {
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
  const headers = restPreflightHeaders(cors);
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
