import type { Model } from '../../../model.js';
import { ON_FAILURE_SEND_ACTIONS, STREAM_LIST_ACTION, STREAM_READ_ACTIONS, STREAM_RETRY } from '../../../triggers/dynamodb-stream.js';
import { CONSUMER_SKIPS, STREAM_CONCURRENCY_REASON, STREAM_DLQ_REASON, terraformSkips } from '../../checkov.js';
import { type EventFunctionOf, functionResource } from '../../flavour.js';
import { HEADER, tfName, tableName, terraformFunction, terraformDeadLetters, statement } from '../functions.js';
import { block, printHcl, resource } from '../hcl-writer.js';

/**
 * A stream reader: its function, reading its table's stream from the latest record (a failing
 * batch split in two, the failed record the checkpoint, bounded retries), and the on-failure
 * queue that receives the description of a batch that failed them.
 */
export function terraformStream(model: Model, fn: EventFunctionOf<'dynamodb-stream'>): string {
  const n = tfName(fn);
  if (!fn.table) throw new Error(`${fn.name} reads no table's stream`);
  const stream = `aws_dynamodb_table.${tableName(fn.table)}.stream_arn`;
  const onFailure = `aws_sqs_queue.${n}_dlq.arn`;
  const text = terraformFunction({
    ...functionResource(fn, `Reads the stream of the ${fn.table.name} table`),
    statements: [
      statement('Stream', STREAM_READ_ACTIONS, [stream]),
      statement('ListStreams', [STREAM_LIST_ACTION], ['"*"']),
      statement('OnFailure', ON_FAILURE_SEND_ACTIONS, [onFailure]),
    ],
    skips: terraformSkips([...CONSUMER_SKIPS, 'CKV_AWS_50', 'CKV_AWS_272'], { CKV_AWS_116: STREAM_DLQ_REASON, CKV_AWS_115: STREAM_CONCURRENCY_REASON }),
  });
  const mapping = resource(
    'aws_lambda_event_source_mapping',
    n,
    [
      ['event_source_arn', stream],
      ['function_name', `aws_lambda_function.${n}.arn`],
      ['starting_position', '"LATEST"'],
      ['batch_size', String(fn.trigger.batchSize)],
      ['bisect_batch_on_function_error', 'true'],
      ['maximum_retry_attempts', String(STREAM_RETRY.maximumRetryAttempts)],
      ['maximum_record_age_in_seconds', String(STREAM_RETRY.maximumRecordAgeInSeconds)],
      ['function_response_types', '["ReportBatchItemFailures"]'],
    ],
    block('destination_config', [], block('on_failure', [], [['destination_arn', onFailure]])),
  );
  return `${HEADER} the stream reader ${fn.name}: its function, role, logs, the mapping of the ${fn.table.pluralLabel} table's stream and its on-failure queue.

${text}

${terraformDeadLetters(fn)}

${printHcl(mapping)}
`;
}
