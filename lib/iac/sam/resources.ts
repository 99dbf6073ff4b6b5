/** The resources of a function in `template.yaml` (its role, log group, dead-letter queue), and the YAML of CloudFormation's intrinsics. */
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Model } from '../../model.js';
import { DLQ_SEND_ACTIONS, DLQ_RETENTION_SECONDS } from '../../triggers/async.js';
import { toPascal } from '../../naming.js';
import type { Route } from '../../types.js';
import { FUNCTION_SKIPS, LOG_GROUP_SKIPS, samSkips } from '../checkov.js';
import { type FunctionResourceSpec, LOG_ACTIONS, queriesIndex } from '../flavour.js';

/** A CloudFormation short-form intrinsic (`!Ref X`, `!GetAtt X.Arn`, `!Sub ...`). */
export class Intrinsic {
  constructor(
    readonly tag: '!Ref' | '!GetAtt' | '!Sub',
    readonly value: string,
  ) {}
}
export const ref = (id: string) => new Intrinsic('!Ref', id);
export const getAtt = (path: string) => new Intrinsic('!GetAtt', path);
export const sub = (text: string) => new Intrinsic('!Sub', text);

/**
 * A value as a YAML node of the template: intrinsics in their short form, and what a resource
 * does not have (an undefined property or item) left out, so a builder lists every property a
 * resource may have instead of splicing optional ones in.
 */
export function toNode(doc: Document, value: unknown): unknown {
  if (value instanceof Intrinsic) {
    const node = new Scalar(value.value);
    node.tag = value.tag;
    return node;
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) if (item !== undefined) seq.items.push(toNode(doc, item));
    return seq;
  }
  if (value && typeof value === 'object') {
    const map = new YAMLMap();
    for (const [key, item] of Object.entries(value)) if (item !== undefined) map.items.push(doc.createPair(key, toNode(doc, item)));
    return map;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A string that YAML 1.1 readers (PyYAML in SAM's translator) would take for a date.
    const node = new Scalar(value);
    node.type = 'QUOTE_SINGLE';
    return node;
  }
  return doc.createNode(value);
}

export function samFunctionId(route: Route): string {
  return `${toPascal(route.name)}Function`;
}

/** What a function of the template needs, whatever invokes it. */
export interface SamFunctionSpec extends FunctionResourceSpec {
  /** Statements the trigger needs (a queue's consume actions). */
  statements?: Record<string, unknown>[];
  /** Whose actions the role allows, for its description: "its route's", "its queue's and its". */
  roleScope: string;
  events: Record<string, unknown>;
  /** The function's own dead-letter queue (asynchronous invocations that failed every retry). */
  deadLetterQueue?: unknown;
  /** checkov's skips of the function (default: every function's). */
  skips?: { id: string; comment: string }[];
}

/** A function with its role and log group: its logs, its table's actions, its trigger's, and nothing else. */
export function samFunctionResources(model: Model, spec: SamFunctionSpec): Record<string, unknown> {
  const id = `${toPascal(spec.name)}Function`;
  const logsId = `${toPascal(spec.name)}Logs`;
  // `<project>-<stage>-<function>`: the stage is the template's parameter.
  const functionName = `${model.project}-\${Stage}-${spec.name}`;
  const { table } = spec;
  const roleId = `${toPascal(spec.name)}Role`;
  const properties: Record<string, unknown> = {
    FunctionName: sub(functionName),
    Description: spec.description,
    CodeUri: '.',
    MemorySize: spec.memory,
    Timeout: spec.timeout,
    LoggingConfig: { LogFormat: 'JSON', LogGroup: ref(logsId) },
    DeadLetterQueue: spec.deadLetterQueue === undefined ? undefined : { Type: 'SQS', TargetArn: spec.deadLetterQueue },
    Environment: table && { Variables: { [table.tableEnv]: ref(table.tableId) } },
    // A role of its own, as in the CDK and Terraform flavours: its logs, its table's actions, and
    // nothing else (SAM's default role would add AWSLambdaBasicExecutionRole: logs on every group).
    Role: getAtt(`${roleId}.Arn`),
    Events: spec.events,
  };
  const statements = [
    { Sid: 'Logs', Effect: 'Allow', Action: [...LOG_ACTIONS], Resource: getAtt(`${logsId}.Arn`) },
    ...(spec.statements ?? []),
    table && spec.actions.length > 0
      ? {
          Sid: 'Table',
          Effect: 'Allow',
          Action: [...spec.actions],
          Resource: queriesIndex(spec) ? [getAtt(`${table.tableId}.Arn`), sub(`\${${table.tableId}.Arn}/index/*`)] : getAtt(`${table.tableId}.Arn`),
        }
      : undefined,
  ];
  return {
    [id]: {
      Type: 'AWS::Serverless::Function',
      Metadata: { BuildMethod: 'rust-cargolambda', BuildProperties: { Binary: spec.name }, checkov: { skip: spec.skips ?? samSkips(FUNCTION_SKIPS) } },
      Properties: properties,
    },
    [roleId]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: sub(`Role of ${functionName}: writes its logs, and only ${spec.roleScope} DynamoDB actions.`),
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [{ PolicyName: spec.name, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      },
    },
    [logsId]: {
      Type: 'AWS::Logs::LogGroup',
      Metadata: { checkov: { skip: samSkips(LOG_GROUP_SKIPS) } },
      Properties: { LogGroupName: sub(`/aws/lambda/${functionName}`), RetentionInDays: model.policy.logRetentionDays },
    },
  };
}

/** The statement of a resource policy (a queue's, a bucket's) that refuses every request not over TLS. */
export function tlsOnlyStatement(action: 'sqs:*' | 's3:*', resource: unknown): Record<string, unknown> {
  return {
    Sid: 'TlsOnly',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: action,
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** A queue's policy that refuses every request not over TLS. */
export function samTlsOnly(queue: string, statements: Record<string, unknown>[] = []): Record<string, unknown> {
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [ref(queue)],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [tlsOnlyStatement('sqs:*', getAtt(`${queue}.Arn`)), ...statements],
      },
    },
  };
}

/** A dead-letter queue: kept 14 days, SQS-managed encryption, TLS only (one policy: `statements` join it). */
export function samDeadLetters(model: Model, id: string, queueName: string, statements: Record<string, unknown>[] = []): Record<string, unknown> {
  return {
    [id]: {
      Type: 'AWS::SQS::Queue',
      Metadata: { checkov: { skip: samSkips(['CKV_AWS_27']) } },
      Properties: { QueueName: sub(queueName), MessageRetentionPeriod: DLQ_RETENTION_SECONDS, SqsManagedSseEnabled: true },
    },
    [`${id}Policy`]: samTlsOnly(id, statements),
  };
}

/**
 * What a function invoked asynchronously (by a schedule, a rule) adds to its spec: its failed runs
 * go, after Lambda's retries, to the dead-letter queue `deadLetters` (its `DeadLetterQueue`), which
 * its role may send to, and where the trigger's failed deliveries go too.
 */
export function asyncFunctionSpec(deadLetters: string): Pick<SamFunctionSpec, 'statements' | 'roleScope' | 'deadLetterQueue'> {
  return {
    statements: [{ Sid: 'DeadLetters', Effect: 'Allow', Action: [...DLQ_SEND_ACTIONS], Resource: getAtt(`${deadLetters}.Arn`) }],
    roleScope: "its dead-letter queue's and its",
    deadLetterQueue: getAtt(`${deadLetters}.Arn`),
  };
}
