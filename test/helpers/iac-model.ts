/**
 * Reads what each IaC flavour deploys into one shape, so that flavours can be compared:
 * function name -> route, memory, timeout, architecture and DynamoDB actions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { expect } from 'vitest';
import {
  type DeployedStatement,
  type DeploymentModel,
  type ModelFunction,
  parseCloudFormationYaml,
  readCloudFormation,
  readTerraform,
  resolveNames,
} from '../../lib/iac/deployment.js';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { DEFAULT_STAGE } from '../../lib/stage.js';

export interface DeployedFunction {
  route: string;
  memory: number;
  timeout: number;
  architecture: string;
  actions: string[];
}
export type Deployed = Record<string, DeployedFunction>;

/**
 * The function (route) name in a physical function name: `<project>-<stage>-<function>`, with
 * the stage resolved (CDK) or still the SAM parameter (`${Stage}`, plain or in `Fn::Sub`).
 */
export function functionKey(physical: unknown, project: string): string {
  const text = typeof physical === 'string' ? physical : String((physical as Record<string, unknown> | undefined)?.['Fn::Sub'] ?? physical);
  for (const prefix of [`${project}-\${Stage}-`, `${project}-${DEFAULT_STAGE}-`]) if (text.startsWith(prefix)) return text.slice(prefix.length);
  throw new Error(`${text} is not a function name of ${project} with its stage`);
}

type Resources = Record<string, { Type: string; Properties: any; Metadata?: any; DeletionPolicy?: string }>;

/** The DynamoDB actions of a function's role, sorted. */
export const dynamoActions = (fn: ModelFunction): string[] => fn.statements.flatMap((s) => s.actions.filter((a) => a.startsWith('dynamodb:'))).sort();
export const sizing = (fn: ModelFunction) => ({ memory: fn.memory!, timeout: fn.timeout!, architecture: fn.architecture! });

/** From a synthesized CDK template (cdk.out/<Stack>.template.json). */
export function fromCdkTemplate(file: string, project: string): Deployed {
  const resources: Resources = JSON.parse(readFileSync(file, 'utf8')).Resources;
  const out: Deployed = {};
  const restPathOf = (ref: any): string => {
    if (!ref?.Ref) return '';
    const resource = resources[ref.Ref]!;
    return `${restPathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
  };
  const routeOf = (fnId: string): string => {
    const method = Object.values(resources).find(
      (r) => r.Type === 'AWS::ApiGateway::Method' && JSON.stringify(r.Properties.Integration?.Uri ?? '').includes(`"${fnId}"`),
    );
    if (method) return `${method.Properties.HttpMethod} ${restPathOf(method.Properties.ResourceId) || '/'}`;
    const integration = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::ApiGatewayV2::Integration' && r.Properties.IntegrationUri?.['Fn::GetAtt']?.[0] === fnId,
    );
    if (integration) {
      const route = Object.values(resources).find(
        (r) => r.Type === 'AWS::ApiGatewayV2::Route' && JSON.stringify(r.Properties.Target).includes(`"${integration[0]}"`),
      );
      return route?.Properties.RouteKey;
    }
    return '';
  };
  for (const fn of readCloudFormation({ Resources: resources }, [`${project}-${DEFAULT_STAGE}-`]).functions) {
    out[fn.name] = { route: routeOf(fn.id), ...sizing(fn), actions: dynamoActions(fn) };
  }
  return out;
}

/** From a SAM template.yaml as written (Globals applied). */
export function fromSamTemplate(file: string, project: string): Deployed {
  const template = parseCloudFormationYaml(readFileSync(file, 'utf8'));
  const out: Deployed = {};
  for (const fn of readCloudFormation(template, [`${project}-\${Stage}-`]).functions) {
    // A function not behind the API has no Api event: no route.
    const event = template.Resources?.[fn.id]?.Properties?.Events?.Api?.Properties;
    out[fn.name] = { route: event ? `${event.Method} ${event.Path}` : '', ...sizing(fn), actions: dynamoActions(fn) };
  }
  return out;
}

/** Every `.tf` file of a folder, parsed to JSON and merged by block type (as `check` reads them). */
export async function parseTerraform(dir: string): Promise<any> {
  return parseTerraformDir(dir);
}

/** The path of a REST API resource, from its chain of `parent_id` references. */
function restPath(tf: any, ref: string): string {
  const m = /^\$\{aws_api_gateway_resource\.(\w+)\.id\}$/.exec(ref);
  if (!m) return '';
  const resource = tf.resource.aws_api_gateway_resource[m[1]!][0];
  return `${restPath(tf, resource.parent_id)}/${resource.path_part}`;
}

/** From the Terraform files of infra/ (variables at their defaults). */
export async function fromTerraform(dir: string): Promise<Deployed> {
  const tf = await parseTerraform(dir);
  const out: Deployed = {};
  for (const fn of readTerraform(tf).functions) {
    const method = tf.resource.aws_api_gateway_method?.[fn.id]?.[0];
    const route =
      tf.resource.aws_apigatewayv2_route?.[fn.id]?.[0]?.route_key ?? (method ? `${method.http_method} ${restPath(tf, method.resource_id) || '/'}` : '');
    out[fn.name] = { route, ...sizing(fn), actions: dynamoActions(fn) };
  }
  return out;
}

/** SAM's own expansion of a template.yaml into CloudFormation (see sam-translate.py). */
export async function samTranslated(templateFile: string, parameters: Record<string, string> = {}): Promise<{ Resources: Resources }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sam-translate.py');
  const overrides = Object.entries(parameters).map(([k, v]) => `${k}=${v}`);
  const result = await execa('python3', [script, templateFile, ...overrides], { env: { AWS_DEFAULT_REGION: 'us-east-1' } });
  return JSON.parse(result.stdout);
}

/**
 * What each function's Lambda permissions let API Gateway invoke, as `METHOD /path` patterns (the
 * part of the source ARN after the stage): function name -> sorted patterns.
 */
export type Permissions = Record<string, string[]>;

/** `METHOD /path` from what follows the API id in a source ARN: `<stage>/<METHOD>/<path>`. */
export function permissionPattern(afterApi: string): string {
  const m = /^\/?[^/]+\/([^/]+)(\/.*)$/.exec(afterApi);
  if (!m) throw new Error(`no stage, method and path in the source ARN part ${afterApi}`);
  return `${m[1]} ${m[2]}`;
}

export function addPermission(out: Permissions, fn: string, pattern: string): void {
  out[fn] = [...new Set([...(out[fn] ?? []), pattern])].sort();
}

/** From a synthesized CDK template (every API Gateway permission but the console's test-invoke one). */
export function cdkPermissions(file: string, project: string): Permissions {
  const resources: Resources = JSON.parse(readFileSync(file, 'utf8')).Resources;
  const out: Permissions = {};
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::Lambda::Permission' || r.Properties.Principal !== 'apigateway.amazonaws.com') continue;
    const parts: unknown[] = r.Properties.SourceArn['Fn::Join'][1];
    // What follows the API's id, with the stage's Ref as a placeholder.
    const isApi = (p: any) => ['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'].includes(resources[p?.Ref]?.Type ?? '');
    const afterApi = parts
      .slice(parts.findIndex(isApi) + 1)
      .map((p: any) => (typeof p === 'string' ? p : 'STAGE'))
      .join('');
    if (afterApi.includes('test-invoke-stage')) continue;
    const fn = functionKey(resources[r.Properties.FunctionName['Fn::GetAtt'][0]]!.Properties.FunctionName, project);
    addPermission(out, fn, permissionPattern(afterApi));
  }
  return out;
}

/** From the CloudFormation SAM's translator makes of a template.yaml. */
export async function samPermissions(templateFile: string, project: string): Promise<Permissions> {
  const { Resources: resources } = await samTranslated(templateFile);
  const out: Permissions = {};
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::Lambda::Permission' || r.Properties.Principal !== 'apigateway.amazonaws.com') continue;
    const [arn] = r.Properties.SourceArn['Fn::Sub'] as [string];
    const fn = functionKey(resources[r.Properties.FunctionName.Ref]!.Properties.FunctionName, project);
    addPermission(out, fn, permissionPattern(arn.slice(arn.indexOf('${__ApiId__}') + '${__ApiId__}'.length)));
  }
  return out;
}

/** From the Terraform files of infra/. */
export async function terraformPermissions(dir: string): Promise<Permissions> {
  const tf = await parseTerraform(dir);
  const out: Permissions = {};
  for (const [name, [permission]] of Object.entries<any>(tf.resource.aws_lambda_permission)) {
    if (permission.principal !== 'apigateway.amazonaws.com') continue;
    const fn = String(tf.resource.aws_lambda_function[name][0].function_name).replace('${local.project}-', '');
    const arn = String(permission.source_arn);
    addPermission(out, fn, permissionPattern(arn.slice(arn.indexOf('.execution_arn}') + '.execution_arn}'.length)));
  }
  return out;
}

/**
 * What each function's role allows, as `actions -> resource` lines (the resource named by what it
 * is: the function's own log group, or the table), with the managed policies attached to it.
 */
export type Grants = Record<string, { statements: string[]; managed: string[] }>;

export const actionLine = (actions: unknown, resource: string) => `${[actions].flat().map(String).sort().join(', ')} -> ${resource}`;

/** A statement as `actions -> resource`, the resource by what it is, whatever the flavour calls it. */
function grantLine(statement: DeployedStatement): string {
  const kinds = statement.resources.map((r) => r.replace(/:.*$/, ''));
  const kind =
    kinds.join() === 'log-group' && statement.resources[0] === 'log-group:own'
      ? 'own log group'
      : kinds.join() === 'table'
        ? 'table'
        : kinds.join() === 'table,indexes' && statement.resources[1] === statement.resources[0]!.replace('table:', 'indexes:')
          ? 'table + its indexes'
          : kinds.join() === 'stream'
            ? 'table stream'
            : kinds.join() === 'queue'
              ? 'own queue'
              : statement.resources.map((r) => (/^[{[]/.test(r) ? r : JSON.stringify(r))).join(', ');
  return `${[...statement.actions].sort().join(', ')} -> ${kind}`;
}

export function grantsOf(deployment: DeploymentModel): Grants {
  return Object.fromEntries(deployment.functions.map((fn) => [fn.name, { statements: fn.statements.map(grantLine).sort(), managed: fn.managed }]));
}

/** From CloudFormation (a synthesized CDK template, or SAM's translation): roles, their policies and log groups. */
export function cloudFormationGrants(resources: Resources, project: string): Grants {
  return grantsOf(readCloudFormation({ Resources: resources }, [`${project}-${DEFAULT_STAGE}-`, `${project}-\${Stage}-`]));
}

/** From the Terraform files of infra/. */
export async function terraformGrants(dir: string): Promise<Grants> {
  return grantsOf(readTerraform(await parseTerraform(dir)));
}

/**
 * The account's API Gateway CloudWatch role a stack sets (`AWS::ApiGateway::Account`): the
 * managed policies of its role, and whether role and setting outlive the stack. `undefined` when
 * the stack does not set it.
 */
export interface AccountSetting {
  managed: string[];
  retained: boolean;
}

export const policyName = (arn: unknown) => /:iam::aws:policy\/([\w/+=,.@-]+)/.exec(JSON.stringify(arn))?.[1] ?? JSON.stringify(arn);

export function cloudFormationAccountSetting(resources: Resources): AccountSetting | undefined {
  const accounts = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Account');
  if (accounts.length === 0) return undefined;
  expect(accounts).toHaveLength(1);
  const account = accounts[0]!;
  const roleId = account.Properties.CloudWatchRoleArn['Fn::GetAtt'][0];
  const role = resources[roleId]!;
  expect(role.Type).toBe('AWS::IAM::Role');
  return {
    managed: [role.Properties.ManagedPolicyArns ?? []].flat().map(policyName),
    retained: account.DeletionPolicy === 'Retain' && role.DeletionPolicy === 'Retain',
  };
}

/** From the Terraform files of infra/: `retained` is false, as Terraform destroys what it made. */
export async function terraformAccountSetting(dir: string): Promise<AccountSetting | undefined> {
  const tf = await parseTerraform(dir);
  const accounts = Object.entries<any>(tf.resource.aws_api_gateway_account ?? {});
  if (accounts.length === 0) return undefined;
  expect(accounts).toHaveLength(1);
  const roleName = /^\$\{aws_iam_role\.(\w+)\.arn\}$/.exec(accounts[0]![1][0].cloudwatch_role_arn)?.[1];
  expect(roleName, 'the account names a role of this configuration').toBeDefined();
  const attachments = Object.values<any>(tf.resource.aws_iam_role_policy_attachment ?? {})
    .map(([a]) => a)
    .filter((a) => a.role === `\${aws_iam_role.${roleName}.name}`);
  return { managed: attachments.map((a) => policyName(a.policy_arn)), retained: false };
}

/**
 * The physical names a CloudFormation template sets (`Type name`), with the template's
 * parameters substituted. A resource without its name property gets a name derived from the
 * stack name, which the caller adds.
 */
export function cloudFormationNames(resources: Resources, parameters: Record<string, string>): string[] {
  return resolveNames(readCloudFormation({ Resources: resources }).names, parameters);
}

/** The physical names of the Terraform files (`resource_type name`), for a stage. */
export async function terraformNames(dir: string, stage: string): Promise<string[]> {
  return resolveNames(readTerraform(await parseTerraform(dir)).names, { 'var.stage': stage });
}

/** What a queue consumer reads: its own queue (with its settings) or an existing queue's ARN, and how. */
export interface DeployedConsumer {
  queue: string;
  batchSize: number;
  responseTypes: string[];
  ownQueue?: {
    visibility: number;
    retention: number;
    sse: boolean;
    tlsOnly: boolean;
    maxReceiveCount: number;
    deadLetters: { retention: number; sse: boolean; tlsOnly: boolean };
  };
  /** A table's stream (then `queue` is "table stream"): the table's view type, where and how the mapping reads, and its on-failure queue. */
  stream?: {
    viewType: string;
    startingPosition: string;
    bisect: boolean;
    retries: number;
    maxRecordAgeSeconds: number;
    onFailure: { retention: number; sse: boolean; tlsOnly: boolean } | string;
  };
}

/** Each event source mapping of the model, with its queue (and that queue's dead letters) or its table's stream. */
export function consumersOf(deployment: DeploymentModel): Record<string, DeployedConsumer> {
  const out: Record<string, DeployedConsumer> = {};
  const queueOf = (ref: string | undefined) => (ref?.startsWith('queue:') ? deployment.queues[ref.slice('queue:'.length)] : undefined);
  for (const m of deployment.mappings) {
    const fn = deployment.functions.find((f) => f.id === m.function);
    if (!fn) throw new Error(`a mapping invokes ${m.function}, not a function of the workspace`);
    const base = { batchSize: m.batchSize!, responseTypes: m.responseTypes };
    if (m.source.startsWith('stream:')) {
      const q = queueOf(m.onFailure);
      out[fn.name] = {
        queue: 'table stream',
        ...base,
        stream: {
          viewType: deployment.tables[m.source.slice('stream:'.length)]?.stream ?? 'no stream',
          startingPosition: String(m.startingPosition),
          bisect: m.bisect === true,
          retries: Number(m.retries),
          maxRecordAgeSeconds: Number(m.maxRecordAgeSeconds),
          onFailure: q ? { retention: Number(q.retention), sse: q.sse, tlsOnly: q.tlsOnly } : JSON.stringify(m.onFailure),
        },
      };
      continue;
    }
    const q = queueOf(m.source);
    const consumer: DeployedConsumer = { queue: q ? 'own queue' : m.source, ...base };
    if (q) {
      const d = queueOf(q.deadLetter?.queue);
      if (!d) throw new Error(`${m.source} has no dead-letter queue of the workspace`);
      consumer.ownQueue = {
        visibility: Number(q.visibility),
        retention: Number(q.retention),
        sse: q.sse,
        tlsOnly: q.tlsOnly,
        maxReceiveCount: q.deadLetter!.maxReceiveCount,
        deadLetters: { retention: Number(d.retention), sse: d.sse, tlsOnly: d.tlsOnly },
      };
    }
    out[fn.name] = consumer;
  }
  return out;
}

/** From CloudFormation (a synthesized CDK template, or SAM's translation): each SQS event source mapping and its queues. */
export function cloudFormationConsumers(resources: Resources, project: string): Record<string, DeployedConsumer> {
  return consumersOf(readCloudFormation({ Resources: resources }, [`${project}-${DEFAULT_STAGE}-`, `${project}-\${Stage}-`]));
}

/** From the Terraform files of infra/: each `aws_lambda_event_source_mapping` and its queues. */
export async function terraformConsumers(dir: string): Promise<Record<string, DeployedConsumer>> {
  return consumersOf(readTerraform(await parseTerraform(dir)));
}

/** What a scheduled job's schedule is: expression, zone, input, retries, its role, and where failures go. */
export interface DeployedSchedule {
  expression: string;
  timezone: string;
  flexibleWindow: string;
  input: Record<string, string>;
  retry: { attempts: number; maxAgeSeconds: number };
  deadLetters: 'own queue';
  /** The function's own dead-letter queue is the schedule's. */
  functionDeadLettersSame: boolean;
  role: { principal: string; conditions: string[]; statements: string[] };
}

/** The zone a schedule runs in: absent means UTC (the CDK writes Etc/UTC itself). */
export const zone = (tz: unknown): string => (tz === undefined || tz === 'Etc/UTC' ? 'UTC' : String(tz));

/** The ids a CloudFormation expression refers to (`Ref`, `Fn::GetAtt`, `${X.Arn}` in `Fn::Sub`). */
function refsOf(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/"Ref":"(\w+)"|"Fn::GetAtt":\["(\w+)"|\$\{(\w+)\.Arn\}/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** From CloudFormation (a synthesized CDK template, or SAM's translation): each `AWS::Scheduler::Schedule`. */
export function cloudFormationSchedules(resources: Resources, project: string): Record<string, DeployedSchedule> {
  const out: Record<string, DeployedSchedule> = {};
  for (const schedule of Object.values(resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule')) {
    const p = schedule.Properties;
    const fnId = refsOf(p.Target.Arn)[0]!;
    const fn = resources[fnId]!;
    const dlqId = refsOf(p.Target.DeadLetterConfig.Arn)[0]!;
    const roleId = refsOf(p.Target.RoleArn)[0]!;
    const role = resources[roleId]!;
    const assume = role.Properties.AssumeRolePolicyDocument.Statement[0];
    const inline = (role.Properties.Policies ?? []).flatMap((x: any) => x.PolicyDocument.Statement);
    const attached = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === roleId))
      .flatMap((x) => x.Properties.PolicyDocument.Statement);
    const statements = [...inline, ...attached].map((st: any) => {
      const targets = [st.Resource].flat().map((r: unknown) => {
        const ids = refsOf(r);
        const own =
          ids[0] === fnId ? (JSON.stringify(r).includes(':*') ? 'function:*' : 'function') : ids[0] === dlqId ? 'dead-letter queue' : JSON.stringify(r);
        return own;
      });
      return actionLine(st.Action, targets.sort().join(' + '));
    });
    out[functionKey(fn.Properties.FunctionName, project)] = {
      expression: p.ScheduleExpression,
      timezone: zone(p.ScheduleExpressionTimezone),
      flexibleWindow: String(p.FlexibleTimeWindow?.Mode),
      input: JSON.parse(p.Target.Input),
      retry: { attempts: p.Target.RetryPolicy.MaximumRetryAttempts, maxAgeSeconds: p.Target.RetryPolicy.MaximumEventAgeInSeconds },
      deadLetters: 'own queue',
      functionDeadLettersSame: refsOf(fn.Properties.DeadLetterConfig?.TargetArn)[0] === dlqId && resources[dlqId]?.Type === 'AWS::SQS::Queue',
      role: {
        principal: String(assume.Principal.Service),
        conditions: Object.entries(assume.Condition.StringEquals)
          .map(
            ([k, v]) =>
              `${k} ${JSON.stringify(v).includes('schedule-group/default') ? 'the default schedule group' : JSON.stringify(v).includes('AccountId') ? 'this account' : JSON.stringify(v)}`,
          )
          .sort(),
        statements: statements.sort(),
      },
    };
  }
  return out;
}

/** From the Terraform files of infra/: each `aws_scheduler_schedule`. */
export async function terraformSchedules(dir: string): Promise<Record<string, DeployedSchedule>> {
  const tf = await parseTerraform(dir);
  const out: Record<string, DeployedSchedule> = {};
  for (const [, [schedule]] of Object.entries<any>(tf.resource.aws_scheduler_schedule ?? {})) {
    const target = schedule.target[0];
    const fnName = /^\$\{aws_lambda_function\.(\w+)\.arn\}$/.exec(String(target.arn))![1]!;
    const fn = tf.resource.aws_lambda_function[fnName][0];
    const dlq = /^\$\{aws_sqs_queue\.(\w+)\.arn\}$/.exec(String(target.dead_letter_config[0].arn))![1]!;
    const roleName = /^\$\{aws_iam_role\.(\w+)\.arn\}$/.exec(String(target.role_arn))![1]!;
    const role = tf.resource.aws_iam_role[roleName][0];
    const assumeDoc = /^\$\{data\.aws_iam_policy_document\.(\w+)\.json\}$/.exec(String(role.assume_role_policy))![1]!;
    const assume = tf.data.aws_iam_policy_document[assumeDoc][0].statement[0];
    const policy = Object.values<any>(tf.resource.aws_iam_role_policy)
      .map(([x]) => x)
      .find((x) => x.role === `\${aws_iam_role.${roleName}.id}`);
    const policyDoc = /^\$\{data\.aws_iam_policy_document\.(\w+)\.json\}$/.exec(String(policy.policy))![1]!;
    const statements = tf.data.aws_iam_policy_document[policyDoc][0].statement.map((st: any) => {
      const targets = st.resources.map((r: string) =>
        r === `\${aws_lambda_function.${fnName}.arn}`
          ? 'function'
          : r === `\${aws_lambda_function.${fnName}.arn}:*`
            ? 'function:*'
            : r === `\${aws_sqs_queue.${dlq}.arn}`
              ? 'dead-letter queue'
              : JSON.stringify(r),
      );
      return actionLine(st.actions, targets.sort().join(' + '));
    });
    const input = Object.fromEntries([...String(target.input).matchAll(/(\w+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    out[String(fn.function_name).replace('${local.project}-', '')] = {
      expression: schedule.schedule_expression,
      timezone: zone(schedule.schedule_expression_timezone),
      flexibleWindow: String(schedule.flexible_time_window[0].mode),
      input,
      retry: { attempts: Number(target.retry_policy[0].maximum_retry_attempts), maxAgeSeconds: Number(target.retry_policy[0].maximum_event_age_in_seconds) },
      deadLetters: 'own queue',
      functionDeadLettersSame: String(fn.dead_letter_config?.[0]?.target_arn) === `\${aws_sqs_queue.${dlq}.arn}`,
      role: {
        principal: String(assume.principals[0].identifiers[0]),
        conditions: assume.condition
          .map(
            (c: any) =>
              `${c.variable} ${String(c.values[0]).includes('schedule-group/default') ? 'the default schedule group' : String(c.values[0]).includes('account_id') ? 'this account' : JSON.stringify(c.values[0])}`,
          )
          .sort(),
        statements: statements.sort(),
      },
    };
  }
  return out;
}

/**
 * What an event rule is: its bus, pattern, the target's retries and dead-letter queue, who may
 * invoke the function (each Lambda permission's principal and source), and the dead-letter queue's
 * policy (as `Effect principal actions if condition` lines).
 */
export interface DeployedRule {
  bus: string;
  pattern: unknown;
  retry: { attempts: number; maxAgeSeconds: number };
  /** The function's own dead-letter queue is the target's. */
  functionDeadLettersSame: boolean;
  invokedBy: string[];
  deadLetterPolicy: string[];
}

/** A queue policy's statement, its resource the queue and its condition values named by what they are. */
export function policyLine(effect: unknown, principal: unknown, actions: unknown, condition: string): string {
  return `${String(effect ?? 'Allow')} ${String(principal)} ${[actions].flat().map(String).sort().join(', ')}${condition ? ` if ${condition}` : ''}`;
}

/** From CloudFormation (a synthesized CDK template, or SAM's translation): each `AWS::Events::Rule` that targets a function. */
export function cloudFormationRules(resources: Resources, project: string): Record<string, DeployedRule> {
  const out: Record<string, DeployedRule> = {};
  for (const [ruleId, rule] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Events::Rule')) {
    const p = rule.Properties;
    const [target] = p.Targets;
    const fnId = refsOf(target.Arn)[0]!;
    const fn = resources[fnId]!;
    const dlqId = refsOf(target.DeadLetterConfig.Arn)[0]!;
    const invokedBy = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Permission' && refsOf(r.Properties.FunctionName)[0] === fnId)
      .map(
        (r) =>
          `${r.Properties.Action} by ${r.Properties.Principal} from ${refsOf(r.Properties.SourceArn)[0] === ruleId ? 'its rule' : JSON.stringify(r.Properties.SourceArn)}`,
      );
    const policy = Object.values(resources)
      .filter((r) => r.Type === 'AWS::SQS::QueuePolicy' && r.Properties.Queues.some((q: unknown) => refsOf(q)[0] === dlqId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement)
      .map((st: any) => {
        const conditions = Object.entries<any>(st.Condition ?? {}).flatMap(([test, byKey]) =>
          Object.entries<any>(byKey).map(([key, value]) => `${test} ${key} ${refsOf(value)[0] === ruleId ? 'its rule' : JSON.stringify(value)}`),
        );
        const principal = st.Principal.Service ?? st.Principal.AWS;
        expect(refsOf(st.Resource), 'a dead-letter queue policy is about its queue').toEqual([dlqId]);
        return policyLine(st.Effect, principal, st.Action, conditions.join(' and '));
      });
    out[functionKey(fn.Properties.FunctionName, project)] = {
      bus: String(p.EventBusName ?? 'default'),
      pattern: p.EventPattern,
      retry: { attempts: target.RetryPolicy.MaximumRetryAttempts, maxAgeSeconds: target.RetryPolicy.MaximumEventAgeInSeconds },
      functionDeadLettersSame: refsOf(fn.Properties.DeadLetterConfig?.TargetArn)[0] === dlqId && resources[dlqId]?.Type === 'AWS::SQS::Queue',
      invokedBy: invokedBy.sort(),
      deadLetterPolicy: policy.sort(),
    };
  }
  return out;
}

/** From the Terraform files of infra/: each `aws_cloudwatch_event_rule` with its target. */
export async function terraformRules(dir: string): Promise<Record<string, DeployedRule>> {
  const tf = await parseTerraform(dir);
  const out: Record<string, DeployedRule> = {};
  const targets = Object.values<any>(tf.resource.aws_cloudwatch_event_target ?? {}).map(([t]) => t);
  for (const [ruleName, [rule]] of Object.entries<any>(tf.resource.aws_cloudwatch_event_rule ?? {})) {
    const target = targets.find((t) => t.rule === `\${aws_cloudwatch_event_rule.${ruleName}.name}`);
    const fnName = /^\$\{aws_lambda_function\.(\w+)\.arn\}$/.exec(String(target.arn))![1]!;
    const fn = tf.resource.aws_lambda_function[fnName][0];
    const dlq = /^\$\{aws_sqs_queue\.(\w+)\.arn\}$/.exec(String(target.dead_letter_config[0].arn))![1]!;
    const ruleArn = `\${aws_cloudwatch_event_rule.${ruleName}.arn}`;
    // The pattern: jsonencode of an object of lists, one `"key" = [...]` a line.
    const pattern = Object.fromEntries([...String(rule.event_pattern).matchAll(/"([^"]+)"\s*=\s*(\[[^\]]*\])/g)].map((m) => [m[1]!, JSON.parse(m[2]!)]));
    const invokedBy = Object.values<any>(tf.resource.aws_lambda_permission ?? {})
      .map(([x]) => x)
      .filter((x) => x.function_name === `\${aws_lambda_function.${fnName}.function_name}` || x.function_name === `\${aws_lambda_function.${fnName}.arn}`)
      .map((x) => `${x.action} by ${x.principal} from ${x.source_arn === ruleArn ? 'its rule' : JSON.stringify(x.source_arn)}`);
    const queuePolicy = Object.values<any>(tf.resource.aws_sqs_queue_policy)
      .map(([x]) => x)
      .find((x) => x.queue_url === `\${aws_sqs_queue.${dlq}.id}`);
    const doc = /^\$\{data\.aws_iam_policy_document\.(\w+)\.json\}$/.exec(String(queuePolicy.policy))![1]!;
    const policy = tf.data.aws_iam_policy_document[doc][0].statement.map((st: any) => {
      expect(st.resources, 'a dead-letter queue policy is about its queue').toEqual([`\${aws_sqs_queue.${dlq}.arn}`]);
      const conditions = (st.condition ?? []).map(
        (c: any) => `${c.test} ${c.variable} ${c.values[0] === ruleArn ? 'its rule' : JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)}`,
      );
      const actions = st.actions.length === 1 ? st.actions[0] : st.actions;
      return policyLine(st.effect, st.principals[0].identifiers[0], actions, conditions.join(' and '));
    });
    out[String(fn.function_name).replace('${local.project}-', '')] = {
      bus: String(rule.event_bus_name ?? 'default'),
      pattern,
      retry: { attempts: Number(target.retry_policy[0].maximum_retry_attempts), maxAgeSeconds: Number(target.retry_policy[0].maximum_event_age_in_seconds) },
      functionDeadLettersSame: String(fn.dead_letter_config?.[0]?.target_arn) === `\${aws_sqs_queue.${dlq}.arn}`,
      invokedBy: invokedBy.sort(),
      deadLetterPolicy: policy.sort(),
    };
  }
  return out;
}

/** A bucket's function as deployed: the notification's events and key filter, the bucket, and S3's permission to invoke. */
export interface DeployedBucketFunction {
  events: string[];
  filter: { prefix?: string; suffix?: string };
  bucket: { versioned: boolean; sse: string; publicAccessBlocked: boolean; tlsOnly: boolean };
  permission: { principal: string; sourceAccount: boolean; sourceArn: string };
}

/** Each bucket's function (by its name) with its notifications, its bucket, and S3's permission to invoke it. */
export function bucketFunctionsOf(deployment: DeploymentModel): Record<string, DeployedBucketFunction> {
  const out: Record<string, DeployedBucketFunction> = {};
  for (const [bucketId, bucket] of Object.entries(deployment.buckets)) {
    for (const fnId of new Set(bucket.notifications.map((n) => n.function))) {
      const mine = bucket.notifications.filter((n) => n.function === fnId);
      const permission = deployment.permissions.find((p) => p.function === fnId && p.principal === 's3.amazonaws.com');
      out[deployment.functions.find((f) => f.id === fnId)!.name] = {
        events: mine.flatMap((n) => n.events).sort(),
        filter: mine[0]!.filter,
        bucket: { versioned: bucket.versioned, sse: String(bucket.sse), publicAccessBlocked: bucket.publicAccessBlocked, tlsOnly: bucket.tlsOnly },
        permission: {
          principal: String(permission?.principal),
          sourceAccount: permission?.sourceAccount === true,
          sourceArn: permission?.source === undefined ? 'none' : permission.source === `bucket:${bucketId}` ? 'its bucket' : permission.source,
        },
      };
    }
  }
  return out;
}

/** From CloudFormation: the CDK's `Custom::S3BucketNotifications` or SAM's translation (the bucket's own `NotificationConfiguration`). */
export function cloudFormationBucketFunctions(resources: Resources, project: string): Record<string, DeployedBucketFunction> {
  return bucketFunctionsOf(readCloudFormation({ Resources: resources }, [`${project}-${DEFAULT_STAGE}-`, `${project}-\${Stage}-`]));
}

/** From the Terraform files of infra/. */
export async function terraformBucketFunctions(dir: string): Promise<Record<string, DeployedBucketFunction>> {
  return bucketFunctionsOf(readTerraform(await parseTerraform(dir)));
}

/**
 * What an API is beyond its routes, in one shape for every flavour: the REST endpoint type, the
 * fields of its access log (`name=$context...`, sorted) and API Gateway's own error answers
 * (gateway responses: their headers and body template, by response type).
 */
export interface ApiSettings {
  endpointType?: string;
  accessLog: string[];
  gatewayResponses: Record<string, { headers: Record<string, string>; template?: string }>;
}

export const logFields = (format: string): string[] =>
  Object.entries<string>(JSON.parse(format))
    .map(([k, v]) => `${k}=${v}`)
    .sort();

/** From CloudFormation: the CDK's synthesized template, or what SAM's translator makes of a template (the gateway responses in the API's body). */
export function cloudFormationApiSettings(resources: Resources): ApiSettings {
  const all = Object.values(resources);
  const rest = all.find((r) => r.Type === 'AWS::ApiGateway::RestApi');
  const stage = all.find((r) => r.Type === 'AWS::ApiGateway::Stage' || r.Type === 'AWS::ApiGatewayV2::Stage');
  const format = stage?.Properties.AccessLogSetting?.Format ?? stage?.Properties.AccessLogSettings?.Format;
  const gatewayResponses: ApiSettings['gatewayResponses'] = {};
  for (const r of all.filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse')) {
    const headers = Object.fromEntries(
      Object.entries<string>(r.Properties.ResponseParameters ?? {}).map(([k, v]) => [k.replace('gatewayresponse.header.', ''), v]),
    );
    gatewayResponses[r.Properties.ResponseType] = { headers, template: r.Properties.ResponseTemplates?.['application/json'] };
  }
  for (const [type, r] of Object.entries<any>(rest?.Properties.Body?.['x-amazon-apigateway-gateway-responses'] ?? {})) {
    const headers = Object.fromEntries(Object.entries<string>(r.responseParameters ?? {}).map(([k, v]) => [k.replace('gatewayresponse.header.', ''), v]));
    gatewayResponses[type] = { headers, template: r.responseTemplates?.['application/json'] };
  }
  const endpoint = rest?.Properties.EndpointConfiguration?.Types;
  return { ...(rest ? { endpointType: [endpoint ?? ['EDGE']].flat().join(',') } : {}), accessLog: format ? logFields(format) : [], gatewayResponses };
}

/** From the parsed Terraform of infra/. */
export async function terraformApiSettings(dir: string): Promise<ApiSettings> {
  const tf = await parseTerraform(dir);
  const resource = tf.resource ?? {};
  const rest = Object.values<any>(resource.aws_api_gateway_rest_api ?? {})[0]?.[0];
  const stage = Object.values<any>(resource.aws_api_gateway_stage ?? resource.aws_apigatewayv2_stage ?? {})[0]?.[0];
  // `format = jsonencode({ name = "value", ... })`, as HCL's JSON form gives it.
  const format = String(stage?.access_log_settings?.[0]?.format ?? '');
  const fields = [...format.matchAll(/"?(\w+)"?\s*=\s*"(\$context\.[\w.]+)"/g)].map((m) => `${m[1]}=${m[2]}`).sort();
  const gatewayResponses: ApiSettings['gatewayResponses'] = {};
  for (const [r] of Object.values<any>(resource.aws_api_gateway_gateway_response ?? {})) {
    const headers = Object.fromEntries(Object.entries<string>(r.response_parameters ?? {}).map(([k, v]) => [k.replace('gatewayresponse.header.', ''), v]));
    gatewayResponses[r.response_type] = { headers, template: r.response_templates?.['application/json'] };
  }
  return { ...(rest ? { endpointType: [rest.endpoint_configuration?.[0]?.types ?? ['EDGE']].flat().join(',') } : {}), accessLog: fields, gatewayResponses };
}
