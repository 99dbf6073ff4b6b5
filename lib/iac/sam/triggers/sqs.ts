import type { Model } from '../../../model.js';
import { SQS_CONSUME_ACTIONS } from '../../../triggers/sqs.js';
import { toPascal } from '../../../naming.js';
import { CONSUMER_CONCURRENCY_REASON, CONSUMER_DLQ_REASON, CONSUMER_SKIPS, samSkips } from '../../checkov.js';
import { type EventFunctionOf, functionResource } from '../../flavour.js';
import { getAtt, sub, samDeadLetters, samFunctionResources, samTlsOnly } from '../resources.js';

/**
 * A queue consumer: its function reads the queue in batches and reports the failed messages
 * (`FunctionResponseTypes`); the queue (unless an existing one is named) has a dead-letter queue,
 * SQS-managed encryption, TLS only, and a visibility timeout six times the function's timeout.
 */
export function samConsumerResources(model: Model, fn: EventFunctionOf<'sqs'>): Record<string, unknown> {
  const base = toPascal(fn.name);
  const queueArn = fn.trigger.queueArn ?? getAtt(`${base}Queue.Arn`);
  const resources = samFunctionResources(model, {
    ...functionResource(fn, `Consumes ${fn.trigger.queueArn ?? 'its queue'}`),
    statements: [{ Sid: 'Queue', Effect: 'Allow', Action: [...SQS_CONSUME_ACTIONS], Resource: queueArn }],
    roleScope: "its queue's actions and its",
    events: { Queue: { Type: 'SQS', Properties: { Queue: queueArn, BatchSize: fn.trigger.batchSize, FunctionResponseTypes: ['ReportBatchItemFailures'] } } },
    skips: samSkips(CONSUMER_SKIPS, { CKV_AWS_116: CONSUMER_DLQ_REASON, CKV_AWS_115: CONSUMER_CONCURRENCY_REASON }),
  });
  if (fn.trigger.queueArn) return resources;
  const timeout = fn.timeout ?? model.config.timeout;
  return {
    ...resources,
    [`${base}Queue`]: {
      Type: 'AWS::SQS::Queue',
      Metadata: { checkov: { skip: samSkips(['CKV_AWS_27']) } },
      Properties: {
        QueueName: sub(`${model.project}-\${Stage}-${fn.name}`),
        VisibilityTimeout: timeout * 6,
        MessageRetentionPeriod: 4 * 24 * 3600,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: getAtt(`${base}DeadLetters.Arn`), maxReceiveCount: 5 },
      },
    },
    [`${base}QueuePolicy`]: samTlsOnly(`${base}Queue`),
    ...samDeadLetters(model, `${base}DeadLetters`, `${model.project}-\${Stage}-${fn.name}-dlq`),
  };
}
