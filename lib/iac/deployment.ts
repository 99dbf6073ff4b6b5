/**
 * The deployment model: what a workspace's infrastructure code deploys, read from the files as
 * the cloud reads them, in one shape for every flavour. Three readers make it: one of
 * CloudFormation (a synthesized CDK template, SAM's own translation of a template.yaml, or a
 * template.yaml as written, whose functions have roles of their own), one of Terraform
 * (HashiCorp's parse of the `.tf` files) and one of Pulumi (the resources its program declares
 * under Pulumi's mocks). `check` holds the model to `.yo-rc.json`; the tests hold it to the generator's
 * model and every flavour to the others.
 *
 * A resource a statement or a mapping names is given by what it is, with the logical id (or
 * Terraform name) of the resource it refers to: `table:BooksTable`, `indexes:BooksTable` (the
 * table's `/index/*`), `stream:BooksTable`, `queue:WatchBooksFailures`, `log-group:own` (the
 * function's own log group), `log-group:<id>` (another); anything else as written (`*`, or the
 * JSON of an expression).
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Hcl } from './hcl.js';
import { textOf } from '../text.js';

export interface DeployedStatement {
  actions: string[];
  resources: string[];
}

export interface ModelFunction {
  /** The logical id (CloudFormation) or the resource name (Terraform). */
  id: string;
  /** The function's name without the project's and the stage's prefix (the crate's). */
  name: string;
  memory?: number;
  timeout?: number;
  architecture?: string;
  /** Its role's statements (inline, attached policies, or a SAM function's `Policies`). */
  statements: DeployedStatement[];
  /** Managed policies of its role (ARNs as written; a SAM policy template by its name). */
  managed: string[];
  /** Inline policies the reader cannot read as a document (written as JSON text, say). */
  unread: string[];
}

export interface ModelMapping {
  /** The id of the function it invokes. */
  function: string;
  /** `stream:<table>`, `queue:<queue>`, or the ARN as written (an existing queue's). */
  source: string;
  batchSize?: number;
  responseTypes: string[];
  bisect?: boolean;
  retries?: number;
  maxRecordAgeSeconds?: number;
  startingPosition?: string;
  /** Where failed records go: `queue:<queue>`, or as written. */
  onFailure?: string;
}

export interface ModelQueue {
  visibility?: number;
  retention?: number;
  sse: boolean;
  /** A queue policy denies every request not over TLS. */
  tlsOnly: boolean;
  /** Its dead-letter queue (`queue:<id>`, or as written) after this many receives. */
  deadLetter?: { queue: string; maxReceiveCount: number };
}

export interface ModelTable {
  /** `name S`, one per attribute defined, sorted. */
  attributes: string[];
  /** `name HASH`, then `name RANGE`. */
  keys: string[];
  indexes: { name: string; keys: string[]; projection: string }[];
  /** The stream's view type, where the table has one. */
  stream?: string;
}

/** What a route asks of its caller. */
export interface RouteAuthorization {
  type: 'none' | 'iam' | 'jwt' | 'user-pool' | 'custom';
  /** For `jwt`: the issuer and audiences, or `user-pool` when they are the stack's own user pool and client. */
  issuer?: string;
  audience?: string[];
  scopes: string[];
  /**
   * The credentials a REST integration invokes the function with, where it has any (SAM's
   * CALLER_CREDENTIALS is `arn:aws:iam::*:user/*`: the caller's own); absent, API Gateway invokes
   * it under the function's resource policy.
   */
  credentials?: string;
}

export interface ModelApi {
  /** By `METHOD /path` (the path as the API writes it, `{param}` and all). */
  /** Each with what declares it: a logical id (CloudFormation), `<type>.<name>` (Terraform). */
  routes: Record<string, RouteAuthorization & { ref: string }>;
  /** Allowed origins, and (REST) the paths whose OPTIONS method answers a preflight without authorization. */
  cors?: { origins: string[]; preflight?: string[] };
}

/** A bucket, and the functions its notifications invoke. */
export interface ModelBucket {
  versioned: boolean;
  /** The default server-side encryption's algorithm, where it has one. */
  sse?: string;
  /** All four of the public access block's settings are on. */
  publicAccessBlocked: boolean;
  /** A bucket policy denies every request not over TLS. */
  tlsOnly: boolean;
  /** One per configuration: the function's id, the event types, the object key filter. */
  notifications: { function: string; events: string[]; filter: { prefix?: string; suffix?: string } }[];
}

/** A service's (or an account's) permission to invoke a function: its resource policy. */
export interface ModelPermission {
  /** The id of the function. */
  function: string;
  principal: string;
  /** Only from the deploying account (`AWS::AccountId`, the caller identity's account). */
  sourceAccount: boolean;
  /** Only from this resource: `bucket:<id>`, or as written. */
  source?: string;
}

export interface DeploymentModel {
  api: ModelApi;
  functions: ModelFunction[];
  mappings: ModelMapping[];
  /** By logical id (CloudFormation) or Terraform name. */
  queues: Record<string, ModelQueue>;
  tables: Record<string, ModelTable>;
  buckets: Record<string, ModelBucket>;
  permissions: ModelPermission[];
  /**
   * The physical names the files set, which must be unique in an account and region (`<type>
   * <name>`: functions, tables, log groups, roles, APIs), as written: a parameter or variable as
   * `${Stage}`, `${var.stage}`, Terraform's locals substituted. See `resolveNames`.
   */
  names: string[];
}

const sortedStrings = (value: unknown): string[] => strings(value).sort();

/** A JWT configuration, with the stack's own user pool and client as `user-pool`. */
function jwt(issuer: unknown, audience: unknown): Pick<RouteAuthorization, 'issuer' | 'audience'> {
  if (/UserPool|aws_cognito_user_pool/.test(JSON.stringify(issuer) ?? '')) return { issuer: 'user-pool', audience: ['user-pool-client'] };
  return { issuer: String(issuer), audience: sortedStrings(audience) };
}

/** A route's authorization with its integration's credentials, where there are any. */
function withCredentials(route: RouteAuthorization, credentials: unknown): RouteAuthorization {
  return credentials === undefined || credentials === null
    ? route
    : { ...route, credentials: typeof credentials === 'string' ? credentials : JSON.stringify(credentials) };
}

/** The API's CORS: an HTTP API's allowed origins, or the origin a REST API's preflight answers (a quoted header value) and the paths whose preflight needs no authorization. */
function corsOf(httpOrigins: unknown, restOrigin: unknown, preflight: string[]): ModelApi['cors'] {
  if (httpOrigins) return { origins: sortedStrings(httpOrigins) };
  if (restOrigin) return { origins: [textOf(restOrigin).replace(/^'|'$/g, '')], preflight: [...preflight].sort() };
  return undefined;
}

/** An authorization type as API Gateway names it (a route's, a method's). */
function authorizationType(type: unknown, scopes: unknown, jwtConfig: () => Pick<RouteAuthorization, 'issuer' | 'audience'>): RouteAuthorization {
  if (type === 'JWT') return { type: 'jwt', ...jwtConfig(), scopes: sortedStrings(scopes) };
  if (type === 'COGNITO_USER_POOLS') return { type: 'user-pool', scopes: sortedStrings(scopes) };
  if (type === 'CUSTOM') return { type: 'custom', scopes: sortedStrings(scopes) };
  return { type: type === 'AWS_IAM' ? 'iam' : 'none', scopes: [] };
}

// ---------------------------------------------------------------------------------------------
// CloudFormation

type CfnResource = { Type?: string; Properties?: any; Metadata?: any };
export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
  Globals?: { Function?: Record<string, unknown> };
}

/**
 * A CloudFormation template in YAML, with the short forms of its intrinsic functions (`!GetAtt
 * Books.Arn`, `!Sub`, `!Ref`, ...) in their long form (`{"Fn::GetAtt": ["Books", "Arn"]}`), as a
 * synthesized or translated template has them.
 */
export function parseCloudFormationYaml(text: string): CfnTemplate {
  const doc = parseDocument(text, { logLevel: 'silent' });
  const js = (node: unknown): unknown => {
    if (isAlias(node)) return js(node.resolve(doc));
    let value: unknown;
    if (isMap(node)) value = Object.fromEntries(node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), js(pair.value)]));
    else if (isSeq(node)) value = node.items.map(js);
    else if (isScalar(node)) value = node.value;
    else return node ?? null;
    const tag = (node as Node).tag;
    if (!tag?.startsWith('!')) return value;
    const name = tag.slice(1);
    if (name === 'Ref' || name === 'Condition') return { [name]: value };
    if (name === 'GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { [`Fn::${name}`]: value };
  };
  return js(doc.contents) ?? {};
}

/** The logical id an expression refers to: `{Ref: X}`, `{"Fn::GetAtt": [X, attribute]}`. */
function targetOf(value: unknown): { id: string; attribute?: string } | undefined {
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown } | undefined;
  if (typeof v?.Ref === 'string') return { id: v.Ref };
  const getAtt = v?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return { id: getAtt[0], attribute: String(getAtt[1] ?? '') };
  return undefined;
}

/** A string, or the text of a `Fn::Sub` (its template): how a physical name is written. */
function writtenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const sub = (value as { 'Fn::Sub'?: unknown } | undefined)?.['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  return undefined;
}

const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : [value].flat());
const strings = (value: unknown): string[] => list(value).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));

/** The object key filter of a notification: `prefix` and `suffix`, from its rules (`Name`/`Value`, or `name`/`value`). */
function keyFilter(rules: unknown): ModelBucket['notifications'][number]['filter'] {
  return Object.fromEntries(
    list(rules).map((r) => {
      const rule = r as { Name?: unknown; name?: unknown; Value?: unknown; value?: unknown };
      return [String(rule.Name ?? rule.name).toLowerCase(), String(rule.Value ?? rule.value)];
    }),
  );
}

const PUBLIC_ACCESS_BLOCK = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;
/** `BlockPublicAcls` -> `block_public_acls`: the same setting as Terraform names it. */
const snake = (key: string) => key.replace(/[A-Z]/g, (c, i: number) => `${i ? '_' : ''}${c.toLowerCase()}`);

/**
 * The names with `${key}` replaced by `values[key]` (a CloudFormation parameter, `Stage`; a
 * Terraform variable, `var.stage`): the names a stage deploys. A reference without a value stays.
 */
export function resolveNames(names: readonly string[], values: Record<string, string>): string[] {
  return names.map((name) => name.replace(/\$\{([\w.:]+)\}/g, (m, key: string) => values[key] ?? m));
}

/** The function's name without its prefix: the first of `prefixes` it starts with removed. */
function withoutPrefix(physical: string, prefixes: readonly string[]): string {
  const prefix = prefixes.find((p) => physical.startsWith(p));
  return prefix === undefined ? physical : physical.slice(prefix.length);
}

/** A CloudFormation resource of a statement by what it is (see the module's comment). */
function cfnResource(resources: Record<string, CfnResource>, resource: unknown, ownLogs: string | undefined): string {
  const typeOf = (id: string) => resources[id]?.Type;
  const target = targetOf(resource);
  if (target) {
    const type = typeOf(target.id);
    if (type === 'AWS::DynamoDB::Table')
      return target.attribute === 'StreamArn' ? `stream:${target.id}` : target.attribute === 'Arn' ? `table:${target.id}` : JSON.stringify(resource);
    if (type === 'AWS::SQS::Queue' && target.attribute === 'Arn') return `queue:${target.id}`;
    if (type === 'AWS::Logs::LogGroup' && target.attribute === 'Arn') return target.id === ownLogs ? 'log-group:own' : `log-group:${target.id}`;
    return JSON.stringify(resource);
  }
  // A table's indexes: `${Table.Arn}/index/*`, as SAM substitutes it or the CDK joins it.
  const sub = /^\$\{(\w+)\.Arn\}\/index\/\*$/.exec(writtenText(resource) ?? '');
  if (sub && typeOf(sub[1]!) === 'AWS::DynamoDB::Table') return `indexes:${sub[1]}`;
  const joined = (resource as { 'Fn::Join'?: unknown[] } | undefined)?.['Fn::Join'];
  if (Array.isArray(joined) && joined[0] === '' && Array.isArray(joined[1]) && joined[1].length === 2 && joined[1][1] === '/index/*') {
    const table = targetOf(joined[1][0]);
    if (table?.attribute === 'Arn' && typeOf(table.id) === 'AWS::DynamoDB::Table') return `indexes:${table.id}`;
  }
  return typeof resource === 'string' ? resource : JSON.stringify(resource);
}

function cfnStatements(resources: Record<string, CfnResource>, statements: unknown, ownLogs: string | undefined): DeployedStatement[] {
  return list(statements)
    .filter((s) => (s as { Effect?: unknown }).Effect !== 'Deny')
    .map((s) => {
      const st = s as { Action?: unknown; Resource?: unknown };
      return { actions: strings(st.Action), resources: list(st.Resource).map((r) => cfnResource(resources, r, ownLogs)) };
    });
}

/**
 * From CloudFormation: every function the workspace names (`FunctionName`; not the CDK's own
 * helpers) with its role, and every event source mapping. `prefixes` are the prefixes of the
 * physical names to remove (a SAM function's crate is read from its build metadata).
 */
export function readCloudFormation(template: CfnTemplate, prefixes: readonly string[] = []): DeploymentModel {
  // Resources as a hand-edited file may have them: anything but an object is no resource.
  const resources: Record<string, CfnResource> = Object.fromEntries(
    Object.entries(template?.Resources ?? {}).filter(([, r]) => r !== null && typeof r === 'object'),
  );
  const globals = template?.Globals?.Function ?? {};
  const functions: ModelFunction[] = [];
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::Lambda::Function' && r.Type !== 'AWS::Serverless::Function') continue;
    const p = r.Properties ?? {};
    const serverless = r.Type === 'AWS::Serverless::Function';
    const binary = r.Metadata?.BuildProperties?.Binary;
    const physical = writtenText(p.FunctionName);
    if (typeof binary !== 'string' && physical === undefined) continue;
    const setting = (key: string): unknown => p[key] ?? (serverless ? globals[key] : undefined);
    const ownLogs = targetOf(p.LoggingConfig?.LogGroup)?.id;
    const roleId = targetOf(p.Role)?.id;
    const fn: ModelFunction = {
      id,
      name: typeof binary === 'string' ? binary : withoutPrefix(physical!, prefixes),
      ...(setting('MemorySize') !== undefined ? { memory: Number(setting('MemorySize')) } : {}),
      ...(setting('Timeout') !== undefined ? { timeout: Number(setting('Timeout')) } : {}),
      ...(setting('Architectures') !== undefined ? { architecture: String(list(setting('Architectures'))[0]) } : {}),
      statements: [],
      managed: [],
      unread: [],
    };
    if (roleId !== undefined) {
      const role = resources[roleId]?.Type === 'AWS::IAM::Role' ? (resources[roleId]?.Properties ?? {}) : {};
      for (const policy of list(role.Policies)) {
        const document = (policy as { PolicyDocument?: unknown }).PolicyDocument;
        if (typeof document === 'object' && document !== null)
          fn.statements.push(...cfnStatements(resources, (document as { Statement?: unknown }).Statement, ownLogs));
        else fn.unread.push(JSON.stringify(policy));
      }
      // Policies attached to the role by their own `Roles`: inline (AWS::IAM::Policy, as the CDK
      // writes grants) or customer managed (a team's AWS::IAM::ManagedPolicy).
      for (const attached of Object.values(resources)) {
        if (
          (attached.Type !== 'AWS::IAM::Policy' && attached.Type !== 'AWS::IAM::ManagedPolicy') ||
          !list(attached.Properties?.Roles).some((x) => targetOf(x)?.id === roleId)
        )
          continue;
        fn.statements.push(...cfnStatements(resources, attached.Properties?.PolicyDocument?.Statement, ownLogs));
      }
      fn.managed.push(...strings(role.ManagedPolicyArns));
    } else if (serverless) {
      // Without a role of its own, SAM makes one with these policies (statements, managed
      // policies, or SAM's policy templates), and AWSLambdaBasicExecutionRole: logs on every group.
      for (const policy of list(p.Policies)) {
        if (typeof policy === 'string') fn.managed.push(policy);
        else if ((policy as { Statement?: unknown }).Statement !== undefined)
          fn.statements.push(...cfnStatements(resources, (policy as { Statement: unknown }).Statement, ownLogs));
        else fn.managed.push(...Object.keys(policy ?? {}));
      }
      fn.managed.push('AWSLambdaBasicExecutionRole');
    }
    functions.push(fn);
  }
  const mappings: ModelMapping[] = [];
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const p = r.Properties ?? {};
    const fn = targetOf(p.FunctionName)?.id ?? String(p.FunctionName);
    const source = targetOf(p.EventSourceArn);
    const onFailure = p.DestinationConfig?.OnFailure?.Destination;
    const failureQueue = targetOf(onFailure);
    mappings.push({
      function: fn,
      source:
        source && resources[source.id]?.Type === 'AWS::DynamoDB::Table' && source.attribute === 'StreamArn'
          ? `stream:${source.id}`
          : source && resources[source.id]?.Type === 'AWS::SQS::Queue'
            ? `queue:${source.id}`
            : typeof p.EventSourceArn === 'string'
              ? p.EventSourceArn
              : JSON.stringify(p.EventSourceArn),
      ...(p.BatchSize !== undefined ? { batchSize: Number(p.BatchSize) } : {}),
      responseTypes: strings(p.FunctionResponseTypes),
      ...(p.BisectBatchOnFunctionError !== undefined ? { bisect: p.BisectBatchOnFunctionError === true } : {}),
      ...(p.MaximumRetryAttempts !== undefined ? { retries: Number(p.MaximumRetryAttempts) } : {}),
      ...(p.MaximumRecordAgeInSeconds !== undefined ? { maxRecordAgeSeconds: Number(p.MaximumRecordAgeInSeconds) } : {}),
      ...(p.StartingPosition !== undefined ? { startingPosition: String(p.StartingPosition) } : {}),
      ...(onFailure !== undefined
        ? { onFailure: failureQueue && resources[failureQueue.id]?.Type === 'AWS::SQS::Queue' ? `queue:${failureQueue.id}` : JSON.stringify(onFailure) }
        : {}),
    });
  }
  const queues: Record<string, ModelQueue> = {};
  // A queue's (a bucket's) policy denies every request not over TLS.
  const deniesInsecure = (policy: CfnResource) =>
    list(policy.Properties?.PolicyDocument?.Statement).some((st) => {
      const statement = st as { Effect?: unknown; Condition?: { Bool?: Record<string, unknown> } };
      return statement.Effect === 'Deny' && String(statement.Condition?.Bool?.['aws:SecureTransport']) === 'false';
    });
  const tlsOnly = (queueId: string): boolean =>
    Object.values(resources).some(
      (r) => r.Type === 'AWS::SQS::QueuePolicy' && list(r.Properties?.Queues).some((q) => targetOf(q)?.id === queueId) && deniesInsecure(r),
    );
  const tables: Record<string, ModelTable> = {};
  const keysOf = (schema: unknown) =>
    list(schema).map((k) => `${textOf((k as { AttributeName?: unknown }).AttributeName)} ${textOf((k as { KeyType?: unknown }).KeyType)}`);
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::SQS::Queue') {
      const redrive = p.RedrivePolicy;
      const dlq = targetOf(redrive?.deadLetterTargetArn);
      queues[id] = {
        ...(p.VisibilityTimeout !== undefined ? { visibility: Number(p.VisibilityTimeout) } : {}),
        ...(p.MessageRetentionPeriod !== undefined ? { retention: Number(p.MessageRetentionPeriod) } : {}),
        sse: p.SqsManagedSseEnabled === true,
        tlsOnly: tlsOnly(id),
        ...(redrive
          ? { deadLetter: { queue: dlq ? `queue:${dlq.id}` : JSON.stringify(redrive.deadLetterTargetArn), maxReceiveCount: Number(redrive.maxReceiveCount) } }
          : {}),
      };
    }
    if (r.Type === 'AWS::DynamoDB::Table') {
      tables[id] = {
        attributes: list(p.AttributeDefinitions)
          .map((a) => `${textOf((a as { AttributeName?: unknown }).AttributeName)} ${textOf((a as { AttributeType?: unknown }).AttributeType)}`)
          .sort(),
        keys: keysOf(p.KeySchema),
        indexes: list(p.GlobalSecondaryIndexes).map((g) => {
          const index = g as { IndexName?: unknown; KeySchema?: unknown; Projection?: { ProjectionType?: unknown } };
          return { name: String(index.IndexName), keys: keysOf(index.KeySchema), projection: String(index.Projection?.ProjectionType) };
        }),
        ...(p.StreamSpecification?.StreamViewType !== undefined ? { stream: String(p.StreamSpecification.StreamViewType) } : {}),
      };
    }
  }
  // The API: an HTTP API's routes, a REST API's methods, or (SAM's translation) the OpenAPI body
  // of either, with its security per operation.
  const routes: ModelApi['routes'] = {};
  const preflight: string[] = [];
  let httpOrigins: unknown;
  let restOrigin: unknown;
  const pathOf = (ref: unknown, depth = 0): string => {
    const id = targetOf(ref)?.id;
    const r = id ? resources[id] : undefined;
    return r?.Type === 'AWS::ApiGateway::Resource' && depth < 64 ? `${pathOf(r.Properties?.ParentId, depth + 1)}/${String(r.Properties?.PathPart)}` : '';
  };
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::ApiGatewayV2::Api') httpOrigins ??= p.CorsConfiguration?.AllowOrigins ?? p.Body?.['x-amazon-apigateway-cors']?.allowOrigins;
    if (r.Type === 'AWS::ApiGatewayV2::Route' && typeof p.RouteKey === 'string') {
      const authorizer = resources[targetOf(p.AuthorizerId)?.id ?? '']?.Properties?.JwtConfiguration;
      routes[p.RouteKey] = { ...authorizationType(p.AuthorizationType, p.AuthorizationScopes, () => jwt(authorizer?.Issuer, authorizer?.Audience)), ref: id };
    }
    if (r.Type === 'AWS::ApiGateway::Method') {
      const path = pathOf(p.ResourceId) || '/';
      if (p.HttpMethod === 'OPTIONS') {
        if (p.AuthorizationType === 'NONE') preflight.push(path);
        restOrigin ??= p.Integration?.IntegrationResponses?.[0]?.ResponseParameters?.['method.response.header.Access-Control-Allow-Origin'];
        continue;
      }
      routes[`${p.HttpMethod} ${path}`] = {
        ...withCredentials(
          authorizationType(p.AuthorizationType, p.AuthorizationScopes, () => ({})),
          p.Integration?.Credentials,
        ),
        ref: id,
      };
    }
    const body = (r.Type === 'AWS::ApiGatewayV2::Api' || r.Type === 'AWS::ApiGateway::RestApi') && p.Body && typeof p.Body === 'object' ? p.Body : undefined;
    if (!body) continue;
    const schemes = body.components?.securitySchemes ?? body.securityDefinitions ?? {};
    for (const [path, operations] of Object.entries<Record<string, any>>(body.paths ?? {})) {
      for (const [method, operation] of Object.entries<any>(operations ?? {})) {
        if (method === 'options') {
          if (!operation?.security) preflight.push(path);
          restOrigin ??=
            operation?.['x-amazon-apigateway-integration']?.responses?.default?.responseParameters?.['method.response.header.Access-Control-Allow-Origin'];
          continue;
        }
        const [requirement] = operation?.security ?? [{ NONE: [] }];
        const [name = 'NONE', scopes] = Object.entries<unknown>(requirement ?? {})[0] ?? [];
        const scheme = schemes[name];
        const authType = scheme?.['x-amazon-apigateway-authtype'];
        const auth: RouteAuthorization =
          name === 'NONE'
            ? { type: 'none', scopes: [] }
            : authType === 'awsSigv4'
              ? { type: 'iam', scopes: [] }
              : authType === 'cognito_user_pools'
                ? { type: 'user-pool', scopes: sortedStrings(scopes) }
                : scheme?.['x-amazon-apigateway-authorizer']?.jwtConfiguration
                  ? {
                      type: 'jwt',
                      ...jwt(
                        scheme['x-amazon-apigateway-authorizer'].jwtConfiguration.issuer,
                        scheme['x-amazon-apigateway-authorizer'].jwtConfiguration.audience,
                      ),
                      scopes: sortedStrings(scopes),
                    }
                  : { type: 'custom', scopes: sortedStrings(scopes) };
        routes[`${method.toUpperCase()} ${path}`] = { ...withCredentials(auth, operation?.['x-amazon-apigateway-integration']?.credentials), ref: id };
      }
    }
  }
  const cors = corsOf(httpOrigins, restOrigin, preflight);
  const api: ModelApi = { routes, ...(cors ? { cors } : {}) };
  return { api, functions, mappings, queues, tables, ...cfnBuckets(resources, deniesInsecure), names: cfnNames(resources) };
}

/**
 * Buckets with their notifications: a bucket's own `NotificationConfiguration` (SAM's
 * translation), or the CDK's `Custom::S3BucketNotifications` (one configuration per event
 * type); and the permissions to invoke a function.
 */
function cfnBuckets(
  resources: Record<string, CfnResource>,
  deniesInsecure: (policy: CfnResource) => boolean,
): Pick<DeploymentModel, 'buckets' | 'permissions'> {
  const buckets: Record<string, ModelBucket> = {};
  const functionOf = (value: unknown) => targetOf(value)?.id ?? JSON.stringify(value);
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::S3::Bucket') continue;
    const p = r.Properties ?? {};
    const block = p.PublicAccessBlockConfiguration ?? {};
    const sse = list(p.BucketEncryption?.ServerSideEncryptionConfiguration)[0] as { ServerSideEncryptionByDefault?: { SSEAlgorithm?: unknown } } | undefined;
    buckets[id] = {
      versioned: p.VersioningConfiguration?.Status === 'Enabled',
      ...(sse?.ServerSideEncryptionByDefault?.SSEAlgorithm !== undefined ? { sse: textOf(sse.ServerSideEncryptionByDefault.SSEAlgorithm) } : {}),
      publicAccessBlocked: PUBLIC_ACCESS_BLOCK.every((k) => block[k] === true),
      tlsOnly: Object.values(resources).some(
        (policy) => policy.Type === 'AWS::S3::BucketPolicy' && targetOf(policy.Properties?.Bucket)?.id === id && deniesInsecure(policy),
      ),
      notifications: list(p.NotificationConfiguration?.LambdaConfigurations).map((c) => {
        const configuration = c as { Function?: unknown; Event?: unknown; Filter?: { S3Key?: { Rules?: unknown } } };
        return { function: functionOf(configuration.Function), events: strings(configuration.Event), filter: keyFilter(configuration.Filter?.S3Key?.Rules) };
      }),
    };
  }
  for (const r of Object.values(resources)) {
    if (r.Type !== 'Custom::S3BucketNotifications') continue;
    const bucket = buckets[targetOf(r.Properties?.BucketName)?.id ?? ''];
    for (const c of list(r.Properties?.NotificationConfiguration?.LambdaFunctionConfigurations)) {
      const configuration = c as { LambdaFunctionArn?: unknown; Events?: unknown; Filter?: { Key?: { FilterRules?: unknown } } };
      bucket?.notifications.push({
        function: functionOf(configuration.LambdaFunctionArn),
        events: strings(configuration.Events),
        filter: keyFilter(configuration.Filter?.Key?.FilterRules),
      });
    }
  }
  const permissions: ModelPermission[] = [];
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::Lambda::Permission') continue;
    const p = r.Properties ?? {};
    const source = targetOf(p.SourceArn);
    permissions.push({
      function: functionOf(p.FunctionName),
      principal: String(p.Principal),
      sourceAccount: targetOf(p.SourceAccount)?.id === 'AWS::AccountId',
      ...(p.SourceArn !== undefined
        ? {
            source: source && resources[source.id]?.Type === 'AWS::S3::Bucket' && source.attribute === 'Arn' ? `bucket:${source.id}` : strings(p.SourceArn)[0]!,
          }
        : {}),
    });
  }
  return { buckets, permissions };
}

/** Where each resource type holds its physical name. */
const CFN_NAMES: Record<string, string> = {
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::ApiGatewayV2::Api': 'Name',
  'AWS::ApiGateway::RestApi': 'Name',
};

/** The physical names set (a resource without one gets a name CloudFormation derives from the stack's). */
function cfnNames(resources: Record<string, CfnResource>): string[] {
  return Object.values(resources).flatMap((r) => {
    const key = CFN_NAMES[r.Type ?? ''];
    const value = key === undefined ? undefined : r.Properties?.[key];
    if (value === undefined) return [];
    const parameter = targetOf(value);
    return [`${r.Type} ${writtenText(value) ?? (parameter && parameter.attribute === undefined ? `\${${parameter.id}}` : JSON.stringify(value))}`];
  });
}

// ---------------------------------------------------------------------------------------------
// Terraform

/** Each block of one type by its name (`resource "aws_sqs_queue" "jobs" {...}` -> jobs), the first of its bodies; anything but a list of bodies as none. */
function blocks(byName: Record<string, unknown[]> | null | undefined): [string, any][] {
  return Object.entries(byName ?? {}).map(([name, bodies]) => [
    name,
    Array.isArray(bodies) && bodies[0] !== null && typeof bodies[0] === 'object' ? bodies[0] : undefined,
  ]);
}

/** The Terraform resource an expression refers to: `${aws_sqs_queue.jobs.arn}` -> jobs. */
function tfRef(value: unknown, type: string, attribute: string): string | undefined {
  return new RegExp(`^\\$\\{(?:data\\.)?${type}\\.(\\w+)\\.${attribute}\\}$`).exec(String(value))?.[1];
}

/** A Terraform resource of a statement by what it is (see the module's comment). */
function tfResource(resource: unknown, ownLogs: string): string {
  const text = String(resource);
  let m: RegExpExecArray | null;
  if ((m = /^\$\{aws_dynamodb_table\.(\w+)\.arn\}$/.exec(text))) return `table:${m[1]}`;
  if ((m = /^\$\{aws_dynamodb_table\.(\w+)\.arn\}\/index\/\*$/.exec(text))) return `indexes:${m[1]}`;
  if ((m = /^\$\{aws_dynamodb_table\.(\w+)\.stream_arn\}$/.exec(text))) return `stream:${m[1]}`;
  if ((m = /^\$\{aws_sqs_queue\.(\w+)\.arn\}$/.exec(text))) return `queue:${m[1]}`;
  if ((m = /^\$\{aws_cloudwatch_log_group\.(\w+)\.arn\}:\*$/.exec(text))) return m[1] === ownLogs ? 'log-group:own' : `log-group:${m[1]}`;
  return text;
}

/**
 * From the parsed `.tf` files: every `aws_lambda_function` with its role's inline policies (read
 * through their `aws_iam_policy_document`) and attached policies, and every event source mapping.
 * Variables are read at their defaults; `prefixes` as for CloudFormation.
 */
export function readTerraform(tf: Hcl, prefixes: readonly string[] = ['${local.project}-']): DeploymentModel {
  const resources = tf.resource ?? {};
  const documents = tf.data?.aws_iam_policy_document ?? {};
  const variable = (expr: unknown): unknown => {
    const m = /^\$\{var\.(\w+)\}$/.exec(String(expr));
    return m ? (tf.variable as unknown as Record<string, { default?: unknown }[]> | undefined)?.[m[1]!]?.[0]?.default : expr;
  };
  const functions: ModelFunction[] = blocks(resources.aws_lambda_function).map(([id, fn]) => {
    const role = tfRef(fn?.role, 'aws_iam_role', 'arn');
    const ownLogs = tfRef(fn?.logging_config?.[0]?.log_group, 'aws_cloudwatch_log_group', 'name') ?? id;
    const out: ModelFunction = {
      id,
      name: withoutPrefix(String(fn?.function_name ?? id), prefixes),
      ...(fn?.memory_size !== undefined ? { memory: Number(variable(fn.memory_size)) } : {}),
      ...(fn?.timeout !== undefined ? { timeout: Number(variable(fn.timeout)) } : {}),
      ...(fn?.architectures !== undefined ? { architecture: String(variable(list(fn.architectures)[0])) } : {}),
      statements: [],
      managed: [],
      unread: [],
    };
    for (const [, policy] of blocks(resources.aws_iam_role_policy)) {
      // A function whose role is not a reference has none of these policies.
      if (role === undefined || tfRef(policy?.role, 'aws_iam_role', '\\w+') !== role) continue;
      const document = tfRef(policy?.policy, 'aws_iam_policy_document', 'json');
      if (document === undefined) {
        out.unread.push(String(policy?.policy));
        continue;
      }
      for (const s of list(documents[document]?.[0]?.statement)) {
        const st = s as { effect?: unknown; actions?: unknown; resources?: unknown };
        if (st.effect === 'Deny') continue;
        out.statements.push({ actions: strings(st.actions), resources: list(st.resources).map((r) => tfResource(r, ownLogs)) });
      }
    }
    for (const [, attachment] of blocks(resources.aws_iam_role_policy_attachment)) {
      if (role !== undefined && tfRef(attachment?.role, 'aws_iam_role', '\\w+') === role) out.managed.push(String(attachment?.policy_arn));
    }
    return out;
  });
  const mappings: ModelMapping[] = blocks(resources.aws_lambda_event_source_mapping).map(([, m]) => {
    const arn = m?.event_source_arn;
    const table = tfRef(arn, 'aws_dynamodb_table', 'stream_arn');
    const queue = tfRef(arn, 'aws_sqs_queue', 'arn');
    const destination = m?.destination_config?.[0]?.on_failure?.[0]?.destination_arn;
    const failureQueue = tfRef(destination, 'aws_sqs_queue', 'arn');
    return {
      function: tfRef(m?.function_name, 'aws_lambda_function', '(?:arn|function_name)') ?? String(m?.function_name),
      source: table ? `stream:${table}` : queue ? `queue:${queue}` : String(arn),
      ...(m?.batch_size !== undefined ? { batchSize: Number(m.batch_size) } : {}),
      responseTypes: strings(m?.function_response_types),
      ...(m?.bisect_batch_on_function_error !== undefined ? { bisect: m.bisect_batch_on_function_error === true } : {}),
      ...(m?.maximum_retry_attempts !== undefined ? { retries: Number(m.maximum_retry_attempts) } : {}),
      ...(m?.maximum_record_age_in_seconds !== undefined ? { maxRecordAgeSeconds: Number(m.maximum_record_age_in_seconds) } : {}),
      ...(m?.starting_position !== undefined ? { startingPosition: String(m.starting_position) } : {}),
      ...(destination !== undefined ? { onFailure: failureQueue ? `queue:${failureQueue}` : String(destination) } : {}),
    };
  });
  const policies = blocks(resources.aws_sqs_queue_policy).map(([, p]) => p);
  // A queue's (a bucket's) policy document denies every request not over TLS.
  const deniesInsecure = (document: string | undefined): boolean =>
    list(documents[document ?? '']?.[0]?.statement).some((st) => {
      const statement = st as { effect?: unknown; condition?: unknown };
      return (
        statement.effect === 'Deny' &&
        list(statement.condition).some(
          (c) => (c as { variable?: unknown }).variable === 'aws:SecureTransport' && strings((c as { values?: unknown }).values).includes('false'),
        )
      );
    });
  const tlsOnly = (queue: string): boolean =>
    policies.some((p) => p?.queue_url === `\${aws_sqs_queue.${queue}.id}` && deniesInsecure(tfRef(p?.policy, 'aws_iam_policy_document', 'json')));
  const queues: Record<string, ModelQueue> = {};
  for (const [id, q] of blocks(resources.aws_sqs_queue)) {
    // `redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.x.arn, maxReceiveCount = 5 })`, as HCL's parse leaves it.
    const redrive = q?.redrive_policy === undefined ? undefined : String(q.redrive_policy);
    const dlq = redrive ? /deadLetterTargetArn\s*=\s*aws_sqs_queue\.(\w+)\.arn/.exec(redrive)?.[1] : undefined;
    const receives = redrive ? /maxReceiveCount\s*=\s*(\d+)/.exec(redrive)?.[1] : undefined;
    queues[id] = {
      ...(q?.visibility_timeout_seconds !== undefined ? { visibility: Number(variable(q.visibility_timeout_seconds)) } : {}),
      ...(q?.message_retention_seconds !== undefined ? { retention: Number(variable(q.message_retention_seconds)) } : {}),
      sse: q?.sqs_managed_sse_enabled === true,
      tlsOnly: tlsOnly(id),
      ...(redrive ? { deadLetter: { queue: dlq ? `queue:${dlq}` : redrive, maxReceiveCount: Number(receives) } } : {}),
    };
  }
  const tables: Record<string, ModelTable> = {};
  const keysOf = (hash: unknown, range: unknown) => [`${textOf(hash)} HASH`, ...(range !== undefined ? [`${textOf(range)} RANGE`] : [])];
  for (const [id, t] of blocks(resources.aws_dynamodb_table)) {
    tables[id] = {
      attributes: list(t?.attribute)
        .map((a) => `${textOf((a as { name?: unknown }).name)} ${textOf((a as { type?: unknown }).type)}`)
        .sort(),
      keys: keysOf(t?.hash_key, t?.range_key),
      indexes: list(t?.global_secondary_index).map((g) => {
        const index = g as { name?: unknown; hash_key?: unknown; range_key?: unknown; projection_type?: unknown };
        return { name: String(index.name), keys: keysOf(index.hash_key, index.range_key), projection: String(index.projection_type) };
      }),
      ...(t?.stream_enabled === true ? { stream: String(t.stream_view_type) } : {}),
    };
  }
  // The API: an HTTP API's routes (and its authorizer), a REST API's methods.
  const routes: ModelApi['routes'] = {};
  const authorizer = blocks(resources.aws_apigatewayv2_authorizer)[0]?.[1]?.jwt_configuration?.[0];
  for (const [id, route] of blocks(resources.aws_apigatewayv2_route)) {
    if (typeof route?.route_key !== 'string') continue;
    routes[route.route_key] = {
      ...authorizationType(route.authorization_type, route.authorization_scopes, () => jwt(authorizer?.issuer, authorizer?.audience)),
      ref: `aws_apigatewayv2_route.${id}`,
    };
  }
  const pathOf = (ref: unknown, depth = 0): string => {
    const id = tfRef(ref, 'aws_api_gateway_resource', 'id');
    const r = id ? resources.aws_api_gateway_resource?.[id]?.[0] : undefined;
    return r && depth < 64 ? `${pathOf(r.parent_id, depth + 1)}/${String(r.path_part)}` : '';
  };
  const preflight: string[] = [];
  for (const [id, method] of blocks(resources.aws_api_gateway_method)) {
    if (typeof method?.http_method !== 'string') continue;
    const path = pathOf(method.resource_id) || '/';
    if (method.http_method === 'OPTIONS') {
      if (method.authorization === 'NONE') preflight.push(path);
      continue;
    }
    // The method's integration has the method's name.
    const integration = resources.aws_api_gateway_integration?.[id]?.[0];
    routes[`${method.http_method} ${path}`] = {
      ...withCredentials(
        authorizationType(method.authorization, method.authorization_scopes, () => ({})),
        integration?.credentials,
      ),
      ref: `aws_api_gateway_method.${id}`,
    };
  }
  const httpOrigins = blocks(resources.aws_apigatewayv2_api)[0]?.[1]?.cors_configuration?.[0]?.allow_origins;
  const restOrigin = blocks(resources.aws_api_gateway_integration_response)[0]?.[1]?.response_parameters?.[
    'method.response.header.Access-Control-Allow-Origin'
  ];
  const cors = corsOf(httpOrigins, restOrigin, preflight);
  const api: ModelApi = { routes, ...(cors ? { cors } : {}) };
  return { api, functions, mappings, queues, tables, ...tfBuckets(tf, deniesInsecure), names: tfNames(tf) };
}

/** Buckets with their settings (each in a resource of its own, naming the bucket) and notifications; the permissions to invoke a function. */
function tfBuckets(tf: Hcl, deniesInsecure: (document: string | undefined) => boolean): Pick<DeploymentModel, 'buckets' | 'permissions'> {
  const resources = tf.resource ?? {};
  const ofBucket = (type: string, bucket: string) => blocks(resources[type]).find(([, x]) => tfRef(x?.bucket, 'aws_s3_bucket', 'id') === bucket)?.[1];
  const functionOf = (value: unknown) => tfRef(value, 'aws_lambda_function', '(?:arn|function_name)') ?? String(value);
  const buckets: Record<string, ModelBucket> = {};
  for (const [id] of blocks(resources.aws_s3_bucket)) {
    const block = ofBucket('aws_s3_bucket_public_access_block', id) ?? {};
    const sse = ofBucket('aws_s3_bucket_server_side_encryption_configuration', id)?.rule?.[0]?.apply_server_side_encryption_by_default?.[0]?.sse_algorithm;
    buckets[id] = {
      versioned: ofBucket('aws_s3_bucket_versioning', id)?.versioning_configuration?.[0]?.status === 'Enabled',
      ...(sse !== undefined ? { sse: String(sse) } : {}),
      publicAccessBlocked: PUBLIC_ACCESS_BLOCK.every((k) => block[snake(k)] === true),
      tlsOnly: deniesInsecure(tfRef(ofBucket('aws_s3_bucket_policy', id)?.policy, 'aws_iam_policy_document', 'json')),
      notifications: list(ofBucket('aws_s3_bucket_notification', id)?.lambda_function).map((c) => {
        const configuration = c as { lambda_function_arn?: unknown; events?: unknown; filter_prefix?: unknown; filter_suffix?: unknown };
        return {
          function: functionOf(configuration.lambda_function_arn),
          events: strings(configuration.events),
          filter: keyFilter([
            ...(configuration.filter_prefix !== undefined ? [{ name: 'prefix', value: configuration.filter_prefix }] : []),
            ...(configuration.filter_suffix !== undefined ? [{ name: 'suffix', value: configuration.filter_suffix }] : []),
          ]),
        };
      }),
    };
  }
  const permissions: ModelPermission[] = blocks(resources.aws_lambda_permission).map(([, p]) => {
    const bucket = tfRef(p?.source_arn, 'aws_s3_bucket', 'arn');
    return {
      function: functionOf(p?.function_name),
      principal: String(p?.principal),
      sourceAccount: tfRef(p?.source_account, 'aws_caller_identity', 'account_id') !== undefined,
      ...(p?.source_arn !== undefined ? { source: bucket ? `bucket:${bucket}` : String(p.source_arn) } : {}),
    };
  });
  return { buckets, permissions };
}

/** Where each Terraform resource type holds its physical name. */
const TF_NAMES: Record<string, string> = {
  aws_lambda_function: 'function_name',
  aws_dynamodb_table: 'name',
  aws_cloudwatch_log_group: 'name',
  aws_iam_role: 'name',
  aws_apigatewayv2_api: 'name',
  aws_api_gateway_rest_api: 'name',
};

/** The physical names set, with each `${local.x}` replaced by the local's value (as written: a variable stays). */
function tfNames(tf: Hcl): string[] {
  const locals = Object.assign({}, ...Object.values(tf.locals ?? {})) as Record<string, unknown>;
  const local = (text: string, depth = 0): string =>
    depth > 8 ? text : text.replace(/\$\{local\.(\w+)\}/g, (m, key: string) => (typeof locals[key] === 'string' ? local(locals[key], depth + 1) : m));
  return Object.entries(TF_NAMES).flatMap(([type, key]) =>
    blocks(tf.resource?.[type]).flatMap(([, r]) => (r?.[key] === undefined ? [] : [`${type} ${local(String(r[key]))}`])),
  );
}

// ---------------------------------------------------------------------------------------------
// Views of the model

/** Whether a statement's actions are DynamoDB item actions (not only a stream's, nor ListStreams). */
export function itemStatement(actions: unknown): boolean {
  return [actions]
    .flat()
    .some((a) => typeof a === 'string' && a.startsWith('dynamodb:') && !/^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/.test(a));
}

/** Every action a function's role allows: its statements', and each managed policy as `managed:<arn>`, each unreadable policy as `inline:<text>`. */
export function functionActions(fn: ModelFunction): string[] {
  return [...fn.statements.flatMap((s) => s.actions), ...fn.managed.map((m) => `managed:${m}`), ...fn.unread.map((u) => `inline:${u}`)];
}

/** What the function's DynamoDB item statements name (`table:<id>`, `indexes:<id>`, or as written). */
export function tableResources(fn: ModelFunction): string[] {
  return fn.statements.filter((s) => itemStatement(s.actions)).flatMap((s) => s.resources);
}

// ---------------------------------------------------------------------------------------------
// Pulumi

/** A resource a Pulumi program declared, with its inputs, as its mocks collect them. */
export interface PulumiResource {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

/**
 * The value the mocks give an attribute of a declared resource: a reference to it, which the
 * reader follows (`ref:aws:sqs/queue:Queue:jobs.arn`): as the generated program's own mocks
 * (`infra/test/mocks.ts`, which the tests run it by) give it.
 */
export const pulumiRef = (type: string, name: string, attribute: string): string => `ref:${type}:${name}.${attribute}`;

/** The account the mocks give the caller identity (`MOCK_ACCOUNT` of `infra/test/mocks.ts`). */
export const PULUMI_MOCK_ACCOUNT = '123456789012';

/** The resource an input refers to (`ref:<type>:<name>.<attribute>` -> name), or undefined. */
function pulumiTarget(value: unknown, type: string, attribute: string): string | undefined {
  const prefix = `ref:${type}:`;
  const text = typeof value === 'string' ? value : '';
  if (!text.startsWith(prefix) || !text.endsWith(`.${attribute}`)) return undefined;
  return text.slice(prefix.length, text.length - attribute.length - 1);
}

const PULUMI = {
  fn: 'aws:lambda/function:Function',
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  attachment: 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  table: 'aws:dynamodb/table:Table',
  queue: 'aws:sqs/queue:Queue',
  queuePolicy: 'aws:sqs/queuePolicy:QueuePolicy',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  mapping: 'aws:lambda/eventSourceMapping:EventSourceMapping',
  httpApi: 'aws:apigatewayv2/api:Api',
  route: 'aws:apigatewayv2/route:Route',
  authorizer: 'aws:apigatewayv2/authorizer:Authorizer',
  restApi: 'aws:apigateway/restApi:RestApi',
  resource: 'aws:apigateway/resource:Resource',
  method: 'aws:apigateway/method:Method',
  integration: 'aws:apigateway/integration:Integration',
  integrationResponse: 'aws:apigateway/integrationResponse:IntegrationResponse',
  bucket: 'aws:s3/bucket:Bucket',
  permission: 'aws:lambda/permission:Permission',
} as const;

/** A statement's resource by what it is (see the module's comment). */
function pulumiResource(resource: unknown, ownLogs: string): string {
  const text = String(resource);
  let m: RegExpExecArray | null;
  if ((m = /^ref:aws:dynamodb\/table:Table:(\w+)\.arn$/.exec(text))) return `table:${m[1]}`;
  if ((m = /^ref:aws:dynamodb\/table:Table:(\w+)\.arn\/index\/\*$/.exec(text))) return `indexes:${m[1]}`;
  if ((m = /^ref:aws:dynamodb\/table:Table:(\w+)\.streamArn$/.exec(text))) return `stream:${m[1]}`;
  if ((m = /^ref:aws:sqs\/queue:Queue:([\w-]+)\.arn$/.exec(text))) return `queue:${m[1]}`;
  if ((m = /^ref:aws:cloudwatch\/logGroup:LogGroup:([\w-]+)\.arn:\*$/.exec(text))) return m[1] === ownLogs ? 'log-group:own' : `log-group:${m[1]}`;
  return text;
}

/** A policy document's statements (JSON text), each Deny left out. */
function pulumiStatements(policy: unknown, ownLogs: string): DeployedStatement[] | undefined {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(String(policy)) as { Statement?: unknown };
  } catch {
    return undefined;
  }
  return list(document.Statement)
    .map((s) => s as { Effect?: unknown; Action?: unknown; Resource?: unknown })
    .filter((s) => s.Effect !== 'Deny')
    .map((s) => ({ actions: strings(s.Action), resources: list(s.Resource).map((r) => pulumiResource(r, ownLogs)) }));
}

/** Whether a policy document (JSON text) denies every request not over TLS. */
function pulumiDeniesInsecure(policy: unknown): boolean {
  try {
    return list((JSON.parse(String(policy)) as { Statement?: unknown }).Statement).some((s) => {
      const statement = s as { Effect?: unknown; Condition?: { Bool?: Record<string, unknown> } };
      return statement.Effect === 'Deny' && String(statement.Condition?.Bool?.['aws:SecureTransport']) === 'false';
    });
  } catch {
    return false;
  }
}

/**
 * From the resources a Pulumi program declares under mocks whose attributes are references
 * (`pulumiRef`): every function with its role's inline and attached policies, every mapping,
 * queue, table, bucket and permission, and the API. `prefixes` as for CloudFormation.
 */
export function readPulumi(declared: readonly PulumiResource[], prefixes: readonly string[] = []): DeploymentModel {
  const of = (type: string) => declared.filter((r) => r.type === type);
  const byPhysicalName = new Map(of(PULUMI.fn).map((f) => [String(f.inputs.name), f.name]));
  const functionOf = (value: unknown) =>
    pulumiTarget(value, PULUMI.fn, 'arn') ?? pulumiTarget(value, PULUMI.fn, 'name') ?? byPhysicalName.get(String(value)) ?? String(value);
  const functions: ModelFunction[] = of(PULUMI.fn).map(({ name: id, inputs: fn }) => {
    const role = pulumiTarget(fn.role, PULUMI.role, 'arn');
    const ownLogs = of(PULUMI.logGroup).find((g) => g.inputs.name === fn.loggingConfig?.logGroup)?.name ?? `${id}-logs`;
    const out: ModelFunction = {
      id,
      name: withoutPrefix(String(fn.name ?? id), prefixes),
      ...(fn.memorySize !== undefined ? { memory: Number(fn.memorySize) } : {}),
      ...(fn.timeout !== undefined ? { timeout: Number(fn.timeout) } : {}),
      ...(fn.architectures !== undefined ? { architecture: String(list(fn.architectures)[0]) } : {}),
      statements: [],
      managed: [],
      unread: [],
    };
    if (role === undefined) return out;
    for (const policy of of(PULUMI.rolePolicy).filter(
      (p) => pulumiTarget(p.inputs.role, PULUMI.role, 'id') === role || pulumiTarget(p.inputs.role, PULUMI.role, 'name') === role,
    )) {
      const statements = pulumiStatements(policy.inputs.policy, ownLogs);
      if (statements) out.statements.push(...statements);
      else out.unread.push(String(policy.inputs.policy));
    }
    const roleInputs = of(PULUMI.role).find((r) => r.name === role)?.inputs;
    out.managed.push(...strings(roleInputs?.managedPolicyArns));
    for (const attachment of of(PULUMI.attachment).filter((a) => pulumiTarget(a.inputs.role, PULUMI.role, 'name') === role)) {
      out.managed.push(String(attachment.inputs.policyArn));
    }
    return out;
  });
  const queueSource = (arn: unknown) => {
    const queue = pulumiTarget(arn, PULUMI.queue, 'arn');
    return queue ? `queue:${queue}` : String(arn);
  };
  const mappings: ModelMapping[] = of(PULUMI.mapping).map(({ inputs: m }) => {
    const table = pulumiTarget(m.eventSourceArn, PULUMI.table, 'streamArn');
    const destination = m.destinationConfig?.onFailure?.destinationArn;
    return {
      function: functionOf(m.functionName),
      source: table ? `stream:${table}` : queueSource(m.eventSourceArn),
      ...(m.batchSize !== undefined ? { batchSize: Number(m.batchSize) } : {}),
      responseTypes: strings(m.functionResponseTypes),
      ...(m.bisectBatchOnFunctionError !== undefined ? { bisect: m.bisectBatchOnFunctionError === true } : {}),
      ...(m.maximumRetryAttempts !== undefined ? { retries: Number(m.maximumRetryAttempts) } : {}),
      ...(m.maximumRecordAgeInSeconds !== undefined ? { maxRecordAgeSeconds: Number(m.maximumRecordAgeInSeconds) } : {}),
      ...(m.startingPosition !== undefined ? { startingPosition: String(m.startingPosition) } : {}),
      ...(destination !== undefined ? { onFailure: queueSource(destination) } : {}),
    };
  });
  const queues: Record<string, ModelQueue> = {};
  for (const { name: id, inputs: q } of of(PULUMI.queue)) {
    let redrive: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown } | undefined;
    try {
      redrive = q.redrivePolicy === undefined ? undefined : (JSON.parse(String(q.redrivePolicy)) as typeof redrive);
    } catch {
      redrive = undefined;
    }
    queues[id] = {
      ...(q.visibilityTimeoutSeconds !== undefined ? { visibility: Number(q.visibilityTimeoutSeconds) } : {}),
      ...(q.messageRetentionSeconds !== undefined ? { retention: Number(q.messageRetentionSeconds) } : {}),
      sse: q.sqsManagedSseEnabled === true,
      tlsOnly: of(PULUMI.queuePolicy).some((p) => pulumiTarget(p.inputs.queueUrl, PULUMI.queue, 'url') === id && pulumiDeniesInsecure(p.inputs.policy)),
      ...(redrive ? { deadLetter: { queue: queueSource(redrive.deadLetterTargetArn), maxReceiveCount: Number(redrive.maxReceiveCount) } } : {}),
    };
  }
  const tables: Record<string, ModelTable> = {};
  const keysOf = (hash: unknown, range: unknown) => [`${textOf(hash)} HASH`, ...(range !== undefined ? [`${textOf(range)} RANGE`] : [])];
  for (const { name: id, inputs: t } of of(PULUMI.table)) {
    tables[id] = {
      attributes: list(t.attributes)
        .map((a) => `${textOf((a as { name?: unknown }).name)} ${textOf((a as { type?: unknown }).type)}`)
        .sort(),
      keys: keysOf(t.hashKey, t.rangeKey),
      indexes: list(t.globalSecondaryIndexes).map((g) => {
        const index = g as { name?: unknown; hashKey?: unknown; rangeKey?: unknown; projectionType?: unknown };
        return { name: String(index.name), keys: keysOf(index.hashKey, index.rangeKey), projection: String(index.projectionType) };
      }),
      ...(t.streamEnabled === true ? { stream: String(t.streamViewType) } : {}),
    };
  }
  // The API: an HTTP API's routes (and its authorizer), a REST API's methods.
  const routes: ModelApi['routes'] = {};
  const authorizer = of(PULUMI.authorizer)[0]?.inputs.jwtConfiguration;
  for (const { name, inputs: route } of of(PULUMI.route)) {
    if (typeof route.routeKey !== 'string') continue;
    routes[route.routeKey] = {
      ...authorizationType(route.authorizationType, route.authorizationScopes, () => jwt(authorizer?.issuer, authorizer?.audiences)),
      ref: `${PULUMI.route}.${name}`,
    };
  }
  const resources = new Map(of(PULUMI.resource).map((r) => [pulumiRef(r.type, r.name, 'id'), r.inputs]));
  const pathOf = (id: unknown, depth = 0): string => {
    const r = resources.get(String(id));
    return r && depth < 64 ? `${pathOf(r.parentId, depth + 1)}/${String(r.pathPart)}` : '';
  };
  const preflight: string[] = [];
  for (const { name, inputs: method } of of(PULUMI.method)) {
    if (typeof method.httpMethod !== 'string') continue;
    const path = pathOf(method.resourceId) || '/';
    if (method.httpMethod === 'OPTIONS') {
      if (method.authorization === 'NONE') preflight.push(path);
      continue;
    }
    const integration = of(PULUMI.integration).find((i) => i.name === name)?.inputs;
    routes[`${method.httpMethod} ${path}`] = {
      ...withCredentials(
        authorizationType(method.authorization, method.authorizationScopes, () => ({})),
        integration?.credentials,
      ),
      ref: `${PULUMI.method}.${name}`,
    };
  }
  const httpOrigins = of(PULUMI.httpApi)[0]?.inputs.corsConfiguration?.allowOrigins;
  const restOrigin = of(PULUMI.integrationResponse)[0]?.inputs.responseParameters?.['method.response.header.Access-Control-Allow-Origin'];
  const cors = corsOf(httpOrigins, restOrigin, preflight);
  const api: ModelApi = { routes, ...(cors ? { cors } : {}) };

  const ofBucket = (type: string, bucket: string) =>
    declared.find((r) => r.type === type && pulumiTarget(r.inputs.bucket, PULUMI.bucket, 'id') === bucket)?.inputs;
  const buckets: Record<string, ModelBucket> = {};
  for (const { name: id } of of(PULUMI.bucket)) {
    const block = ofBucket('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', id) ?? {};
    const sse = list(ofBucket('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', id)?.rules)[0] as
      { applyServerSideEncryptionByDefault?: { sseAlgorithm?: unknown } } | undefined;
    const algorithm = sse?.applyServerSideEncryptionByDefault?.sseAlgorithm;
    buckets[id] = {
      versioned: ofBucket('aws:s3/bucketVersioning:BucketVersioning', id)?.versioningConfiguration?.status === 'Enabled',
      ...(typeof algorithm === 'string' ? { sse: algorithm } : {}),
      publicAccessBlocked: PUBLIC_ACCESS_BLOCK.every((k) => block[k.charAt(0).toLowerCase() + k.slice(1)] === true),
      tlsOnly: pulumiDeniesInsecure(ofBucket('aws:s3/bucketPolicy:BucketPolicy', id)?.policy),
      notifications: list(ofBucket('aws:s3/bucketNotification:BucketNotification', id)?.lambdaFunctions).map((c) => {
        const configuration = c as { lambdaFunctionArn?: unknown; events?: unknown; filterPrefix?: unknown; filterSuffix?: unknown };
        return {
          function: functionOf(configuration.lambdaFunctionArn),
          events: strings(configuration.events),
          filter: keyFilter([
            ...(configuration.filterPrefix !== undefined ? [{ name: 'prefix', value: configuration.filterPrefix }] : []),
            ...(configuration.filterSuffix !== undefined ? [{ name: 'suffix', value: configuration.filterSuffix }] : []),
          ]),
        };
      }),
    };
  }
  const permissions: ModelPermission[] = of(PULUMI.permission).map(({ inputs: p }) => {
    const bucket = pulumiTarget(p.sourceArn, PULUMI.bucket, 'arn');
    return {
      function: functionOf(p.function),
      principal: String(p.principal),
      sourceAccount: p.sourceAccount === PULUMI_MOCK_ACCOUNT,
      ...(p.sourceArn !== undefined ? { source: bucket ? `bucket:${bucket}` : String(p.sourceArn) } : {}),
    };
  });
  const PHYSICAL: [string, string][] = [
    [PULUMI.fn, 'name'],
    [PULUMI.table, 'name'],
    [PULUMI.logGroup, 'name'],
    [PULUMI.role, 'name'],
    [PULUMI.httpApi, 'name'],
    [PULUMI.restApi, 'name'],
  ];
  const names = PHYSICAL.flatMap(([type, key]) => of(type).flatMap((r) => (r.inputs[key] === undefined ? [] : [`${type} ${String(r.inputs[key])}`])));
  return { api, functions, mappings, queues, tables, buckets, permissions, names };
}
