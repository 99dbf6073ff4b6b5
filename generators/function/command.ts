/**
 * The function generator's arguments and options, as data: the generator declares them, the
 * `serverless-api function` command lists them in `--help`.
 */
import type { OptionSpec } from '../../lib/answers.js';
import { STREAM_DEFAULT_BATCH, STREAM_MAX_BATCH } from '../../lib/triggers/dynamodb-stream.js';
import { SQS_MAX_BATCH } from '../../lib/triggers/sqs.js';
import { ACCESS_LEVELS } from '../../lib/types.js';
import { EVENT_TIMEOUT_RANGE, MEMORY_RANGE } from '../../lib/validation.js';

export const FUNCTION_TRIGGERS = ['sqs', 'schedule', 'eventbridge', 'dynamodb-stream', 's3'] as const;

export const FUNCTION_ARGUMENTS = [{ name: 'name', type: String, required: false, description: 'Function and crate name, lowercase kebab-case, e.g. process-orders' }] as const;

export const FUNCTION_OPTIONS: Record<string, OptionSpec> = {
  trigger: { type: String, description: `What invokes it: ${FUNCTION_TRIGGERS.join(', ')} (a queue, read in batches; EventBridge Scheduler; an EventBridge rule; the stream of one of the workspace's tables; or a bucket's object events)` },
  'batch-size': { type: String, description: `sqs: messages per invocation, 1 to ${SQS_MAX_BATCH} (default: ${SQS_MAX_BATCH}); dynamodb-stream: records, 1 to ${STREAM_MAX_BATCH} (default: ${STREAM_DEFAULT_BATCH})` },
  queue: { type: String, description: 'sqs: the ARN of an existing queue to consume (default: a new queue, with a dead-letter queue)' },
  cron: { type: String, description: 'schedule: a cron expression of EventBridge Scheduler, six fields, e.g. "cron(0 3 * * ? *)" (or --rate)' },
  rate: { type: String, description: 'schedule: a rate, e.g. "rate(15 minutes)" (or --cron)' },
  timezone: { type: String, description: 'schedule: the IANA time zone a cron is read in, e.g. Europe/Paris (default: UTC)' },
  source: { type: String, description: 'eventbridge: the source of the events the rule matches, e.g. com.example.orders (several: comma-separated)' },
  'detail-type': { type: String, description: 'eventbridge: the detail type of the events, e.g. "Order Placed" (several: comma-separated; default: any)' },
  bus: { type: String, description: "eventbridge: the event bus's name or ARN (default: the account's default bus)" },
  bucket: { type: String, description: "s3: an existing bucket's name (default: a new bucket: SSE-S3, public access blocked, TLS only, versioned)" },
  events: { type: String, description: 's3: the object event types, comma-separated (default: s3:ObjectCreated:*)' },
  prefix: { type: String, description: 's3: the key prefix of the objects, e.g. uploads/ (default: any)' },
  suffix: { type: String, description: 's3: the key suffix of the objects, e.g. .csv (default: any)' },
  resource: { type: String, description: "A resource of the workspace whose table the function may use (with --access); dynamodb-stream: the resource whose table's stream it reads (required)" },
  access: { type: String, description: `Access to that table: ${ACCESS_LEVELS.join(', ')} (default: none)` },
  memory: { type: String, description: `Memory in MB, ${MEMORY_RANGE.min} to ${MEMORY_RANGE.max} (default: the workspace's)` },
  timeout: { type: String, description: `Timeout in seconds, ${EVENT_TIMEOUT_RANGE.min} to ${EVENT_TIMEOUT_RANGE.max} (default: the workspace's)` },
  yes: { type: Boolean, alias: 'y', description: 'Take the default for every answer not given; never prompt' },
};
