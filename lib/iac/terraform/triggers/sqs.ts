import type { Model } from '../../../model.js';
import { SQS_CONSUME_ACTIONS } from '../../../triggers/sqs.js';
import { CONSUMER_CONCURRENCY_REASON, CONSUMER_DLQ_REASON, CONSUMER_SKIPS, terraformSkips } from '../../checkov.js';
import { type EventFunctionOf, functionResource } from '../../flavour.js';
import { HEADER, tfName, terraformFunction, terraformDeadLetters, terraformTlsOnly, statement } from '../functions.js';
import { comment, printHcl, resource, str } from '../hcl-writer.js';

/**
 * A queue consumer: its function, an event source mapping that reports the failed messages,
 * and (unless an existing queue is named) the queue and its dead-letter queue: SSE-SQS, TLS only,
 * a visibility timeout six times the function's timeout, five receives before the dead letters.
 */
export function terraformConsumer(model: Model, fn: EventFunctionOf<'sqs'>): string {
  const n = tfName(fn);
  const queueArn = fn.trigger.queueArn ? str(fn.trigger.queueArn) : `aws_sqs_queue.${n}.arn`;
  const text = terraformFunction({
    ...functionResource(fn, `Consumes ${fn.trigger.queueArn ?? 'its queue'}`),
    statements: [statement('Queue', SQS_CONSUME_ACTIONS, [queueArn])],
    skips: terraformSkips([...CONSUMER_SKIPS, 'CKV_AWS_50', 'CKV_AWS_272'], { CKV_AWS_116: CONSUMER_DLQ_REASON, CKV_AWS_115: CONSUMER_CONCURRENCY_REASON }),
  });
  const queues = fn.trigger.queueArn
    ? []
    : [
        terraformDeadLetters(fn),
        printHcl(
          resource('aws_sqs_queue', n, [
            comment(terraformSkips(['CKV_AWS_27'])),
            ['name', str(`\${local.project}-${fn.name}`)],
            ['visibility_timeout_seconds', fn.timeout !== undefined ? String(fn.timeout * 6) : 'var.timeout * 6'],
            ['message_retention_seconds', '345600'],
            ['sqs_managed_sse_enabled', 'true'],
            ['redrive_policy', `jsonencode({\n  deadLetterTargetArn = aws_sqs_queue.${n}_dlq.arn\n  maxReceiveCount     = 5\n})`],
          ]),
          ...terraformTlsOnly(n),
        ),
      ];
  const mapping = printHcl(
    resource('aws_lambda_event_source_mapping', n, [
      ['event_source_arn', queueArn],
      ['function_name', `aws_lambda_function.${n}.arn`],
      ['batch_size', String(fn.trigger.batchSize)],
      ['function_response_types', '["ReportBatchItemFailures"]'],
    ]),
  );
  return `${HEADER} the queue consumer ${fn.name}: its function, role, logs${fn.trigger.queueArn ? '' : ', queue and dead-letter queue'}.

${[text, ...queues, mapping].join('\n\n')}
`;
}
