/**
 * Stream readers: Lambda reads the stream of one of the workspace's tables (the function's
 * resource) and invokes the function with batches of change records. The crate is a
 * `lambda_runtime` handler of a DynamoDB event that answers a `DynamoDbEventResponse`: the
 * records before the first one that fails are done, and Lambda retries from that one (its
 * sequence number is the checkpoint), so the handler stops there. The mapping splits a failing
 * batch, retries it a bounded number of times within a bounded age, then sends a description of
 * what failed (shard and sequence numbers, not the records) to an on-failure queue; the table's
 * stream carries new and old images.
 */
import type { Access, EventFunction } from '../types.js';
import { type Validation, UserError, check } from '../validation.js';
import { DLQ_SEND_ACTIONS } from './async.js';
import type { EventTriggerKind } from './kind.js';

/** Records per invocation: Lambda's limits for a DynamoDB stream, and its default. */
export const STREAM_MAX_BATCH = 10_000;
export const STREAM_DEFAULT_BATCH = 100;

/** AWS advises at most two functions reading one table's stream (more are throttled). */
export const STREAM_MAX_READERS = 2;

/**
 * What a failing batch gets before it goes to the on-failure queue: by default a stream mapping
 * retries until the records expire (24 h), holding the shard behind them.
 */
export const STREAM_RETRY = { maximumRetryAttempts: 3, maximumRecordAgeInSeconds: 3600 } as const;

/** What the table's stream carries: the item before and after each change. */
export const STREAM_VIEW_TYPE = 'NEW_AND_OLD_IMAGES';

/** What reading a table's stream takes: `grantStreamRead` of aws-cdk-lib (aws-dynamodb/lib/perms.js): these on the stream's ARN... */
export const STREAM_READ_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'] as const;
/** ...and this one on `*` (it names no stream). */
export const STREAM_LIST_ACTION = 'dynamodb:ListStreams';

/**
 * What sending to the on-failure queue takes: `SqsDlq` of aws-cdk-lib calls `grantSendMessages`
 * (aws-sqs/lib/sqs-grants.generated.js).
 */
export const ON_FAILURE_SEND_ACTIONS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'] as const;

/** Whether a function reads the stream of `resource`'s table (then the table has one). */
export function streamed(model: { eventFunctions: readonly Pick<EventFunction, 'trigger' | 'resource'>[] }, resource: string): boolean {
  return model.eventFunctions.some((fn) => fn.trigger.type === dynamodbStream.type && fn.resource === resource);
}

export function validateStreamBatchSize(value: unknown): Validation {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > STREAM_MAX_BATCH)
    return `--batch-size must be a whole number from 1 to ${STREAM_MAX_BATCH} for a stream (got "${String(value)}")`;
  return true;
}

export const dynamodbStream: EventTriggerKind<'dynamodb-stream'> = {
  variants: [
    ['--resource', '{resource}'],
    ['--resource', '{resource}', '--batch-size', '50', '--memory', '512'],
  ],
  type: 'dynamodb-stream',
  roleActions: [...STREAM_READ_ACTIONS, STREAM_LIST_ACTION, ...ON_FAILURE_SEND_ACTIONS, ...DLQ_SEND_ACTIONS].filter((a, i, all) => all.indexOf(a) === i),
  label: 'stream reader',
  describe: (fn) => {
    const { batchSize } = fn.trigger;
    return `the stream of the ${fn.resource ?? ''} table, batches of up to ${batchSize}; ${STREAM_RETRY.maximumRetryAttempts} retries, an on-failure queue`;
  },
  invokedBy: "the stream of one of the workspace's tables",
  answers: [
    {
      flag: 'batch-size',
      help: `records, 1 to ${STREAM_MAX_BATCH} (default: ${STREAM_DEFAULT_BATCH})`,
      type: 'input',
      message: `Records per invocation (1 to ${STREAM_MAX_BATCH})`,
      default: String(STREAM_DEFAULT_BATCH),
      validate: validateStreamBatchSize,
      optional: true,
    },
  ],
  fromAnswers: (answers) => {
    check(validateStreamBatchSize(answers['batch-size']));
    return { type: 'dynamodb-stream', batchSize: Number(answers['batch-size']) };
  },
  fromStored: (trigger, where) => {
    check(validateStreamBatchSize(trigger.batchSize), `${where}.batchSize`);
    return { type: 'dynamodb-stream', batchSize: Number(trigger.batchSize) };
  },
  added: (f) => `a stream reader (lambdas/${f.name}/) of the ${f.resource ?? ''} table, batches of up to ${f.trigger.batchSize}, with its on-failure queue`,
  summary: () => 'handles the changes of its table, a batch at a time.',
  eventFeature: 'dynamodb',
  batch: 'records',
  readsStream: true,
  table: {
    question: (config) => ({
      flag: 'resource',
      type: 'input',
      message: `Resource whose table's stream it reads (${config.resources.map((r) => r.name).join(', ') || 'none yet'})`,
      default: config.resources[0]?.name ?? '',
    }),
    /** The table whose stream it reads (its resource, required), and its own access to it (none: it only reads the stream). AWS advises at most two readers of one stream. */
    fromAnswers: (config, name, resourceFlag, accessFlag) => {
      const resource = resourceFlag?.trim() ?? '';
      if (!resource)
        throw new UserError(
          `--trigger dynamodb-stream needs --resource: the resource whose table's stream it reads (${config.resources.map((r) => r.name).join(', ') || 'this workspace has none; add one with `serverless-api resource <name>`'})`,
        );
      if (!config.resources.some((r) => r.name === resource)) {
        throw new UserError(
          `--resource ${resource} is not a resource of this workspace (${config.resources.map((r) => r.name).join(', ') || 'it has none'}): its table has no stream to read; add it with \`serverless-api resource ${resource}\``,
        );
      }
      const readers = (config.functions ?? []).filter((f) => f.trigger.type === dynamodbStream.type && f.resource === resource && f.name !== name);
      if (readers.length >= STREAM_MAX_READERS) {
        throw new UserError(
          `the ${resource} table's stream has ${readers.length} readers already (${readers.map((f) => f.name).join(', ')}); AWS advises at most ${STREAM_MAX_READERS}: extend one of them instead`,
        );
      }
      return { resource, access: (accessFlag ?? 'none') as Access };
    },
    refusesStored: (fn, resources) =>
      resources.includes(fn.resource ?? '')
        ? undefined
        : `function ${fn.name} reads the stream of "${fn.resource ?? ''}", which is not a resource of the workspace`,
  },
};
