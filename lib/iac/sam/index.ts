/**
 * The AWS SAM flavour: `template.yaml` and `samconfig.toml` at the workspace root. The template
 * is built (and later extended by the sub-generators) through the `yaml` Document API, so a
 * user's comments and edits survive every addition.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, Scalar, YAMLMap, isMap, parseDocument } from 'yaml';
import type { AuthKind, EffectiveAuth } from '../../auth.js';
import { type Addition, type FileSpec, NEW } from '../../file-spec.js';
import type { Model, ResourceModel, RouteModel } from '../../model.js';
import { DEFAULT_STAGE, STAGES, STAGE_PATTERN, STAGE_RULE } from '../../stage.js';
import { UserError } from '../../errors.js';
import { STREAM_VIEW_TYPE, streamed } from '../../triggers/dynamodb-stream.js';
import { LOG_GROUP_SKIPS, samSkips } from '../checkov.js';
import { tableKeys } from '../../fields.js';
import { functionActions, parseCloudFormationYaml, readCloudFormation, tableResources } from '../deployment.js';
import {
  type DeployedAuth,
  type DeployedFunction,
  type Flavour,
  functionResource,
  renderTrigger,
  REST_ENDPOINT_TYPE,
  accessLogFields,
  defaultTags,
  restGatewayResponses,
} from '../flavour.js';
import { routeKey } from '../../routes.js';
import { eventKindOf } from '../../triggers/index.js';
import { ref, getAtt, sub, toNode, samFunctionResources } from './resources.js';
import { SAM_TRIGGERS } from './triggers/index.js';
import { textOf } from '../../text.js';

/** The function of a route, with its log group: exact DynamoDB actions on its table only. */
export function samRouteResources(model: Model, route: RouteModel): Record<string, unknown> {
  const { config } = model;
  return samFunctionResources(model, {
    ...functionResource(route, `${route.method} ${route.path}`),
    roleScope: "its route's",
    events: {
      Api:
        config.api === 'http'
          ? {
              Type: 'HttpApi',
              Properties: { ApiId: ref('Api'), Method: route.method, Path: route.path, ...samHttpEventAuth(config.auth.kind, route.authorization) },
            }
          : {
              Type: 'Api',
              Properties: { RestApiId: ref('Api'), Method: route.method, Path: route.path, ...samRestEventAuth(config.auth.kind, route.authorization) },
            },
    },
  });
}

/** The table of a resource: on-demand, point-in-time recovery, encrypted, retained; with a stream when a function reads it. */
export function samTableResources(r: ResourceModel, stream = false): Record<string, unknown> {
  return {
    [r.tableId]: {
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Metadata: {
        checkov: {
          skip: samSkips([], {
            CKV_AWS_119: 'Encrypted at rest with the AWS managed key (aws/dynamodb); set SSESpecification.KMSMasterKeyId for a customer managed key.',
          }),
        },
      },
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: tableKeys(r.indexes).map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: r.indexes.length
          ? r.indexes.map((i) => ({
              IndexName: i.name,
              KeySchema: [{ AttributeName: i.partition, KeyType: 'HASH' }, i.sort === undefined ? undefined : { AttributeName: i.sort, KeyType: 'RANGE' }],
              Projection: { ProjectionType: 'ALL' },
            }))
          : undefined,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: stream ? { StreamViewType: STREAM_VIEW_TYPE } : undefined,
      },
    },
  };
}

/** The stream of a table the user's template has: added when missing, refused when of another view type. */
function addTableStream(doc: Document, r: ResourceModel): void {
  const path = ['Resources', r.tableId, 'Properties'];
  if (!isMap(doc.getIn(path))) throw new UserError(`template.yaml has no table ${r.tableId} (its Properties) for the stream of the ${r.name} table`);
  const view = doc.getIn([...path, 'StreamSpecification', 'StreamViewType']);
  if (view === undefined) doc.setIn([...path, 'StreamSpecification'], doc.createNode({ StreamViewType: STREAM_VIEW_TYPE }));
  else if (textOf(view) !== STREAM_VIEW_TYPE) {
    throw new UserError(
      `template.yaml: the stream of ${r.tableId} carries ${textOf(view)}; a stream reader needs ${STREAM_VIEW_TYPE} (the item before and after each change). Change it, then run again`,
    );
  }
}

export function samTableOutputs(r: ResourceModel): Record<string, unknown> {
  return { [`${r.tableId}Name`]: { Description: `Name of the ${r.pluralLabel} table`, Value: ref(r.tableId) } };
}

/** The access log's line: the fields every flavour logs (lib/iac/flavour.ts). */
const accessLogFormat = (api: 'http' | 'rest'): string => JSON.stringify(Object.fromEntries(accessLogFields(api)));

/** Name of the API's authorizer in the template (SAM's `Auth.Authorizers`). */
const SAM_AUTHORIZER = 'Authorizer';

/** A route's `Auth` of its HttpApi event: the API's default authorizer needs none. */
function samHttpEventAuth(api: AuthKind, route: EffectiveAuth): Record<string, unknown> {
  if (api === 'none') return {};
  if (route.type === 'none') return { Auth: { Authorizer: 'NONE' } };
  if (route.type === 'iam' && api !== 'iam') return { Auth: { Authorizer: 'AWS_IAM' } };
  if (route.scopes.length) return { Auth: { AuthorizationScopes: [...route.scopes] } };
  return {};
}

/** A route's `Auth` of its Api (REST) event: the API's default authorizer needs none. */
function samRestEventAuth(api: AuthKind, route: EffectiveAuth): Record<string, unknown> {
  if (api === 'none') return {};
  if (route.type === 'none') return { Auth: { Authorizer: 'NONE' } };
  if (route.type === 'iam' && api !== 'iam') return { Auth: { Authorizer: 'AWS_IAM' } };
  // SAM takes a REST method's scopes only with its authorizer named.
  if (route.scopes.length) return { Auth: { Authorizer: SAM_AUTHORIZER, AuthorizationScopes: [...route.scopes] } };
  return {};
}

/** The REST API's `Auth` and `Cors`: preflight (OPTIONS) never gets the default authorizer. */
function samRestAuthAndCors(config: Model['config']): Record<string, unknown> {
  const auth = config.auth;
  const result: Record<string, unknown> = {};
  // InvokeRole NONE: on a method that API Gateway authorizes with IAM, SAM's default
  // (CALLER_CREDENTIALS) makes the integration invoke the function with the caller's own
  // credentials (`credentials: arn:aws:iam::*:user/*`, samtranslator/swagger/swagger.py), so every
  // caller would also need lambda:InvokeFunction. NONE: API Gateway invokes it under the
  // function's resource policy, as the CDK and Terraform flavours do.
  if (auth.kind === 'cognito') {
    result.Auth = {
      Authorizers: { [SAM_AUTHORIZER]: { UserPoolArn: getAtt('UserPool.Arn') } },
      DefaultAuthorizer: SAM_AUTHORIZER,
      AddDefaultAuthorizerToCorsPreflight: false,
      InvokeRole: 'NONE',
    };
  } else if (auth.kind === 'iam') {
    result.Auth = { DefaultAuthorizer: 'AWS_IAM', AddDefaultAuthorizerToCorsPreflight: false, InvokeRole: 'NONE' };
  }
  // API Gateway's own errors in the functions' shape, with CORS headers where browsers call.
  result.GatewayResponses = Object.fromEntries(
    restGatewayResponses(config.cors).map((r) => [
      r.type,
      {
        ResponseParameters: r.headers.length ? { Headers: Object.fromEntries(r.headers) } : undefined,
        ResponseTemplates: { 'application/json': r.template },
      },
    ]),
  );
  if (config.cors) {
    // SAM takes the header values as quoted strings, as API Gateway writes them.
    result.Cors = {
      AllowOrigin: `'${config.cors.origins[0]}'`,
      AllowMethods: "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'",
      AllowHeaders: "'authorization,content-type,if-match'",
      MaxAge: "'3600'",
    };
  }
  return result;
}

/** The user pool and app client of `--auth cognito`, as the CDK flavour makes them. */
function samUserPool(model: Model): Record<string, unknown> {
  return {
    UserPool: {
      Type: 'AWS::Cognito::UserPool',
      // The users outlive the stack, as the tables do.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        UserPoolName: sub(`${model.project}-\${Stage}`),
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      },
    },
    UserPoolClient: {
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: {
        UserPoolId: ref('UserPool'),
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      },
    },
  };
}

/** The HttpApi's `Auth`: its authorizer, default for every route. */
function samHttpApiAuth(config: Model['config']): Record<string, unknown> {
  const auth = config.auth;
  if (auth.kind === 'iam') return { Auth: { EnableIamAuthorizer: true, DefaultAuthorizer: 'AWS_IAM' } };
  if (auth.kind !== 'jwt' && auth.kind !== 'cognito') return {};
  const jwt =
    auth.kind === 'jwt'
      ? { issuer: auth.issuer, audience: [...(auth.audience ?? [])] }
      : { issuer: sub('https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}'), audience: [ref('UserPoolClient')] };
  return {
    Auth: {
      Authorizers: { [SAM_AUTHORIZER]: { IdentitySource: '$request.header.Authorization', JwtConfiguration: jwt } },
      DefaultAuthorizer: SAM_AUTHORIZER,
      // Lets a route use IAM instead (`route --auth iam`); no route does by default.
      EnableIamAuthorizer: true,
    },
  };
}

/** CORS of the HttpApi: API Gateway answers preflight itself (no OPTIONS route, no authorizer). */
function samHttpCors(config: Model['config']): Record<string, unknown> {
  if (!config.cors) return {};
  return {
    CorsConfiguration: {
      AllowOrigins: [...config.cors.origins],
      AllowMethods: ['*'],
      AllowHeaders: ['authorization', 'content-type', 'if-match'],
      ExposeHeaders: ['etag', 'location'],
      MaxAge: 3600,
    },
  };
}

function apiResources(model: Model): Record<string, unknown> {
  const { config, policy } = model;
  const throttling = { ThrottlingBurstLimit: policy.throttling.burstLimit, ThrottlingRateLimit: policy.throttling.rateLimit };
  const api =
    config.api === 'http'
      ? {
          Type: 'AWS::Serverless::HttpApi',
          Metadata: config.auth.kind === 'none' ? { checkov: { skip: samSkips(['CKV_AWS_309']) } } : undefined,
          Properties: {
            AccessLogSettings: { DestinationArn: getAtt('ApiAccessLogs.Arn'), Format: accessLogFormat('http') },
            DefaultRouteSettings: throttling,
            ...samHttpApiAuth(config),
            ...samHttpCors(config),
          },
        }
      : {
          Type: 'AWS::Serverless::Api',
          Metadata: {
            checkov: {
              skip: samSkips(['CKV_AWS_120'], { CKV_AWS_73: 'Enable X-Ray tracing (TracingEnabled) when the account uses it; it has a cost.' }),
            },
          },
          Properties: {
            StageName: ref('Stage'),
            // Any OpenApiVersion stops SAM from also creating a stage named "Stage" (without the
            // access logs and throttling of this one).
            OpenApiVersion: '3.0.1',
            EndpointConfiguration: { Type: REST_ENDPOINT_TYPE },
            AccessLogSetting: { DestinationArn: getAtt('ApiAccessLogs.Arn'), Format: accessLogFormat('rest') },
            MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', ...throttling }],
            ...samRestAuthAndCors(config),
          },
        };
  // A REST stage logs only once the account (per region) names API Gateway's CloudWatch role: set
  // it here, as the CDK's RestApi does, and keep both when the stack goes (other APIs may log
  // through them).
  const account =
    config.api === 'rest'
      ? {
          ApiGatewayCloudWatchRole: {
            Type: 'AWS::IAM::Role',
            DeletionPolicy: 'Retain',
            UpdateReplacePolicy: 'Retain',
            Properties: {
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              },
              ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
            },
          },
          ApiGatewayAccount: {
            Type: 'AWS::ApiGateway::Account',
            DeletionPolicy: 'Retain',
            UpdateReplacePolicy: 'Retain',
            Properties: { CloudWatchRoleArn: getAtt('ApiGatewayCloudWatchRole.Arn') },
          },
        }
      : {};
  if (config.api === 'rest') (api as Record<string, unknown>).DependsOn = 'ApiGatewayAccount';
  return {
    ...account,
    ...(config.auth.kind === 'cognito' ? samUserPool(model) : {}),
    Api: api,
    ApiAccessLogs: {
      Type: 'AWS::Logs::LogGroup',
      Metadata: { checkov: { skip: samSkips(LOG_GROUP_SKIPS) } },
      Properties: { RetentionInDays: policy.logRetentionDays },
    },
  };
}

/** Adds resources to a map node, refusing a logical id that is already there. */
function addAll(doc: Document, path: string[], entries: Record<string, unknown>): void {
  let map = doc.getIn(path, true);
  if (!isMap(map)) {
    map = new YAMLMap();
    doc.setIn(path, map);
  }
  for (const [key, value] of Object.entries(entries)) {
    if ((map as YAMLMap).has(key)) throw new Error(`template.yaml already has ${path.join('.')}.${key}`);
    (map as YAMLMap).items.push(doc.createPair(key, toNode(doc, value)));
  }
}

/** A new `template.yaml` for a configuration. */
export function samTemplate(model: Model): string {
  const { config } = model;
  const doc = new Document({});
  doc.commentBefore =
    ' AWS SAM template of ' +
    config.name +
    ': one Rust function per route (built by cargo-lambda), the API, the tables.\n' +
    ' yo serverless-api:route and :resource add to this file through a YAML parser: your comments and\n' +
    ` edits stay. \`sam build && sam deploy\` deploys the stage ${DEFAULT_STAGE}, \`--config-env prod\` another (samconfig.toml).`;
  const version = new Scalar('2010-09-09');
  version.type = 'QUOTE_SINGLE'; // a string, not a YAML 1.1 date
  doc.set('AWSTemplateFormatVersion', version);
  doc.set('Transform', 'AWS::Serverless-2016-10-31');
  doc.set('Description', config.description);
  doc.set(
    'Globals',
    toNode(doc, {
      Function: {
        Runtime: 'provided.al2023',
        Handler: 'bootstrap',
        Architectures: [config.arch],
        MemorySize: config.memory,
        Timeout: config.timeout,
      },
    }),
  );
  addAll(doc, ['Parameters'], {
    Stage: {
      Type: 'String',
      Description: `The stage to deploy (${STAGES.join(', ')}, ...): part of every physical name, so stages share an account. samconfig.toml has an environment per stage.`,
      Default: DEFAULT_STAGE,
      AllowedPattern: STAGE_PATTERN,
      ConstraintDescription: STAGE_RULE,
    },
  });
  addAll(doc, ['Resources'], apiResources(model));
  for (const r of model.resources) addAll(doc, ['Resources'], samTableResources(r, streamed(model, r.name)));
  for (const route of model.routes) addAll(doc, ['Resources'], samRouteResources(model, route));
  for (const fn of model.eventFunctions) addAll(doc, ['Resources'], renderTrigger(SAM_TRIGGERS, model, fn));
  const apiUrl =
    config.api === 'http'
      ? sub('https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/')
      : sub('https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}/');
  addAll(doc, ['Outputs'], { ApiUrl: { Description: 'Base URL of the API', Value: apiUrl } });
  if (config.auth.kind === 'cognito') {
    addAll(doc, ['Outputs'], {
      UserPoolId: { Description: "Id of the user pool of the API's users", Value: ref('UserPool') },
      UserPoolClientId: { Description: 'Id of the app client your front end signs in with', Value: ref('UserPoolClient') },
    });
  }
  for (const r of model.resources) addAll(doc, ['Outputs'], samTableOutputs(r));
  return doc.toString({ lineWidth: 0 });
}

/**
 * Adds routes (and tables) to an existing `template.yaml`, keeping everything else as it is:
 * comments, order, the user's own resources and edits.
 */
export function addToSamTemplate(
  text: string,
  { after, routes, resources, functions = [] }: Pick<Addition, 'after' | 'routes' | 'resources' | 'functions'>,
): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const errors = doc.errors.map((e) => e.message);
  if (errors.length) throw new Error(`template.yaml does not parse: ${errors.join('; ')}`);
  for (const resource of resources) {
    const r = after.resource(resource);
    addAll(doc, ['Resources'], samTableResources(r));
    addAll(doc, ['Outputs'], samTableOutputs(r));
  }
  for (const route of routes) addAll(doc, ['Resources'], samRouteResources(after, after.route(route.name)));
  for (const fn of after.eventFunctions.filter((f) => functions.includes(f.name))) {
    if (eventKindOf(fn).readsStream && fn.table) addTableStream(doc, fn.table);
    addAll(doc, ['Resources'], renderTrigger(SAM_TRIGGERS, after, fn));
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * The tags of the policy, as `sam deploy --tags` takes them (CloudFormation puts them on every
 * resource): `Key=Value` pairs separated by spaces, a value with spaces in double quotes. SAM CLI's
 * parser (samcli.cli.types.CfnTags, tested in the e2e) turns a space in a key into `_`
 * (aws-sam-cli#7856) and mangles quotes and backslashes, so those are refused rather than deployed
 * as other tags.
 */
function samTags(model: Model, stage: string): string {
  // The policy's tags after the default ones, whose values they may replace.
  const tags = Object.entries({ ...Object.fromEntries(defaultTags(model.project, stage, 'sam')), ...model.policy.tags });
  const unsafe = tags.filter(([key, value]) => /\s/.test(key) || /["\\]/.test(`${key}${value}`)).map(([key]) => `"${key}"`);
  if (unsafe.length) {
    throw new UserError(
      `tag${unsafe.length === 1 ? '' : 's'} ${unsafe.join(', ')}: SAM CLI would deploy ${unsafe.length === 1 ? 'it' : 'them'} under another name or value (it turns spaces in keys into "_" and mangles quotes and backslashes); with --iac sam, use keys without spaces and values without " or \\`,
    );
  }
  return `tags = ${JSON.stringify(tags.map(([k, v]) => `${k}=${/\s/.test(v) || v === '' ? `"${v}"` : v}`).join(' '))}\n`;
}

export function samConfig(model: Model): string {
  // One environment per stage (`sam deploy --config-env prod`), and `default` for the default
  // stage; each is complete, since an environment does not inherit from another.
  const environment = (name: string, stage: string) => `[${name}.global.parameters]
stack_name = "${model.project}-${stage}"

[${name}.build.parameters]
cached = true
parallel = true

[${name}.validate.parameters]
lint = true

[${name}.deploy.parameters]
capabilities = "CAPABILITY_IAM"
confirm_changeset = true
resolve_s3 = true
parameter_overrides = "Stage=${stage}"
${samTags(model, stage)}`;
  return `# \`sam build && sam deploy\` read their settings here. \`default\` deploys the stage ${DEFAULT_STAGE}; each
# stage also has an environment of its own (\`sam deploy --config-env prod\`), a stack of its own
# and the stage in every physical name. \`--guided\` saves your answers into the environment used.
version = 0.1

${[...STAGES.map((stage) => environment(stage, stage)), environment('default', DEFAULT_STAGE)].join('\n')}`;
}

export const sam: Flavour = {
  id: 'sam',
  choice: 'AWS SAM',
  label: 'AWS SAM',
  ignored: ['.aws-sam/'],
  layout: 'template.yaml       AWS SAM template; samconfig.toml holds the deploy settings',
  summary: 'a SAM template.yaml',
  files: (model): FileSpec[] => [
    { path: 'template.yaml', contents: () => samTemplate(model), raw: true, update: { kind: 'edit', apply: addToSamTemplate } },
    { path: 'samconfig.toml', contents: () => samConfig(model), update: NEW },
  ],
  output: (name) => `<${{ 'api-url': 'ApiUrl', 'user-pool-id': 'UserPoolId', 'user-pool-client-id': 'UserPoolClientId' }[name]} from the stack's outputs>`,
  deployStep: () => `sam validate --lint && sam build && sam deploy   # the stage ${DEFAULT_STAGE}; --config-env prod for prod`,
  triggers: SAM_TRIGGERS,
  deployed: async (root, model) => samDeployed(root, model),
  authorization: async (root) => samAuthorization(root),
};

/**
 * Each function event's `Auth` (`NONE`, `AWS_IAM`, an authorizer's name, scopes), or the API's
 * `DefaultAuthorizer` where the event names none.
 */
function samAuthorization(root: string): Record<string, DeployedAuth> {
  const file = path.join(root, 'template.yaml');
  if (!existsSync(file)) return {};
  const resources = ((parseDocument(readFileSync(file, 'utf8'), { logLevel: 'silent' }).toJS() ?? {}).Resources ?? {}) as Record<string, any>;
  const api = Object.values(resources).find((r) => r?.Type === 'AWS::Serverless::HttpApi' || r?.Type === 'AWS::Serverless::Api');
  const kind = (authorizer: unknown): DeployedAuth['type'] =>
    authorizer === undefined || authorizer === 'NONE' ? 'none' : authorizer === 'AWS_IAM' ? 'iam' : 'authorizer';
  const fallback = kind(api?.Properties?.Auth?.DefaultAuthorizer);
  const routes: Record<string, DeployedAuth> = {};
  for (const fn of Object.values(resources).filter((r) => r?.Type === 'AWS::Serverless::Function')) {
    for (const event of Object.values<any>(fn.Properties?.Events ?? {})) {
      const p = event?.Properties;
      if ((event?.Type !== 'HttpApi' && event?.Type !== 'Api') || typeof p?.Method !== 'string' || typeof p?.Path !== 'string') continue;
      const type = p.Auth?.Authorizer === undefined ? fallback : kind(p.Auth.Authorizer);
      // As SAM decides it for an IAM-authorized REST method: the method's InvokeRole, else the
      // API's; absent or CALLER_CREDENTIALS invokes the function with the caller's credentials.
      const invokeRole = p.Auth?.InvokeRole ?? api?.Properties?.Auth?.InvokeRole;
      const callerCredentials = event.Type === 'Api' && type === 'iam' && (invokeRole === undefined || invokeRole === 'CALLER_CREDENTIALS');
      routes[routeKey({ method: p.Method.toUpperCase(), path: p.Path })] = {
        type,
        scopes: type === 'authorizer' ? [p.Auth?.AuthorizationScopes ?? []].flat().map(String) : [],
        file: 'template.yaml',
        ...(callerCredentials ? { callerCredentials } : {}),
      };
    }
  }
  return routes;
}

function samDeployed(root: string, model: Model): DeployedFunction[] {
  const file = path.join(root, 'template.yaml');
  if (!existsSync(file)) return [];
  const deployment = readCloudFormation(parseCloudFormationYaml(readFileSync(file, 'utf8')), [`${model.project}-\${Stage}-`]);
  // A table of the workspace by its logical id (`!GetAtt BooksTable.Arn`), and its indexes.
  const table = (resource: string): string => {
    const m = /^(table|indexes):(\w+)$/.exec(resource);
    const r = m ? model.resources.find((x) => x.tableId === m[2]) : undefined;
    return r ? `${m![1]}:${r.name}` : resource;
  };
  return deployment.functions.map((fn) => ({
    name: fn.name,
    actions: functionActions(fn),
    tableResources: tableResources(fn).map(table),
    file: 'template.yaml',
  }));
}
