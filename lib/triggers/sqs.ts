/**
 * Queue consumers: a `lambda_runtime` crate whose handler takes an `SqsEvent` and answers an
 * `SqsBatchResponse` naming only the messages that failed (the event source mapping reports
 * batch item failures in every flavour), with sample batches: all good, one poison message
 * among good ones, and a record Lambda would never send (no message id), which fails the batch.
 */
import { type Validation, check } from '../validation.js';
import type { EventTriggerKind } from './kind.js';
import { textOf } from '../text.js';

/** Largest batch without a batching window (Lambda's limit for FIFO queues, and for standard queues without one). */
export const SQS_MAX_BATCH = 10;

/** What consuming a queue takes: `Queue.grantConsumeMessages` of aws-cdk-lib (sqs-grants.generated.js). */
export const SQS_CONSUME_ACTIONS = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
] as const;

export function validateBatchSize(value: unknown): Validation {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > SQS_MAX_BATCH) {
    return `--batch-size must be a whole number from 1 to ${SQS_MAX_BATCH} (more needs a batching window; got "${String(value)}")`;
  }
  return true;
}

/** An SQS queue's ARN: `arn:<partition>:sqs:<region>:<account>:<name>` (names: 1-80 of letters, digits, `-`, `_`, and `.fifo`). */
export function validateQueueArn(value: unknown): Validation {
  const text = String(value);
  if (!/^arn:aws(-[a-z]+)*:sqs:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,75}(\.fifo|[A-Za-z0-9_-]{0,5})$/.test(text)) {
    return `--queue must be an SQS queue ARN, e.g. arn:aws:sqs:eu-west-1:123456789012:orders (got "${text}")`;
  }
  // A consumer of a FIFO queue must stop at the first failure of a batch and report it and every
  // later message as failed, or a message group's order is lost; the generated consumer reports
  // each failed message alone, as a standard queue allows.
  if (text.endsWith('.fifo')) {
    return `--queue: ${text} is a FIFO queue, which this consumer would not keep in order (it reports each failed message alone, where a FIFO consumer must also fail every later message of the batch): use a standard queue`;
  }
  return true;
}

export const sqs: EventTriggerKind<'sqs'> = {
  variants: [
    ['--batch-size', '5', '--resource', '{resource}', '--access', 'write', '--timeout', '120'],
    ['--queue', 'arn:aws:sqs:eu-west-1:123456789012:orders'],
  ],
  type: 'sqs',
  roleActions: SQS_CONSUME_ACTIONS,
  label: 'queue consumer',
  describe: (fn) => {
    const { batchSize, queueArn } = fn.trigger;
    return queueArn ? `SQS \`${queueArn}\`, batches of up to ${batchSize}` : `SQS, its own queue (and dead-letter queue), batches of up to ${batchSize}`;
  },
  invokedBy: 'a queue, read in batches',
  answers: [
    {
      flag: 'batch-size',
      help: `messages per invocation, 1 to ${SQS_MAX_BATCH} (default: ${SQS_MAX_BATCH})`,
      type: 'input',
      message: `Messages per invocation (1 to ${SQS_MAX_BATCH})`,
      default: String(SQS_MAX_BATCH),
      validate: validateBatchSize,
      optional: true,
    },
    {
      flag: 'queue',
      help: 'the ARN of an existing queue to consume (default: a new queue, with a dead-letter queue)',
      type: 'input',
      message: 'ARN of an existing queue (blank: a new queue with a dead-letter queue)',
      default: '',
      optional: true,
    },
  ],
  fromAnswers: (answers) => {
    check(validateBatchSize(answers['batch-size']));
    const queue = answers.queue?.trim() || undefined;
    if (queue) check(validateQueueArn(queue));
    return { type: 'sqs', batchSize: Number(answers['batch-size']), ...(queue ? { queueArn: queue } : {}) };
  },
  fromStored: (trigger, where) => {
    check(validateBatchSize(trigger.batchSize), `${where}.batchSize`);
    if (trigger.queueArn !== undefined) check(validateQueueArn(trigger.queueArn), `${where}.queueArn`);
    return { type: 'sqs', batchSize: Number(trigger.batchSize), ...(trigger.queueArn !== undefined ? { queueArn: textOf(trigger.queueArn) } : {}) };
  },
  added: (f) => `a queue consumer (lambdas/${f.name}/)${f.trigger.queueArn ? ` of ${f.trigger.queueArn}` : ', with its queue and dead-letter queue'}`,
  summary: (fn, resource) =>
    fn.resource && fn.actions.includes('dynamodb:PutItem')
      ? `stores each message of its queue as ${resource(fn.resource).aLabel}.`
      : 'consumes a queue, a batch at a time.',
  eventFeature: 'sqs',
  batch: 'messages',
};
