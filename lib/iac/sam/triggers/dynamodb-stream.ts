import type { Model } from '../../../model.js';
import { toPascal } from '../../../naming.js';
import { ON_FAILURE_SEND_ACTIONS, STREAM_LIST_ACTION, STREAM_READ_ACTIONS, STREAM_RETRY } from '../../../triggers/dynamodb-stream.js';
import { CONSUMER_SKIPS, STREAM_CONCURRENCY_REASON, STREAM_DLQ_REASON, samSkips } from '../../checkov.js';
import { type EventFunctionOf, functionResource } from '../../flavour.js';
import { getAtt, samFunctionResources, samDeadLetters } from '../resources.js';

/**
 * A stream reader: its function, reading its table's stream (the mapping splits a failing batch,
 * stops at the failed record, retries within bounds, then describes what failed in the
 * on-failure queue), and that queue.
 */
export function samStreamResources(model: Model, fn: EventFunctionOf<'dynamodb-stream'>): Record<string, unknown> {
  const base = toPascal(fn.name);
  const table = fn.table;
  if (!table) throw new Error(`${fn.name} reads no table's stream`);
  const stream = getAtt(`${table.tableId}.StreamArn`);
  const onFailure = `${base}OnFailure`;
  const resources = samFunctionResources(model, {
    ...functionResource(fn, `Reads the stream of the ${table.name} table`),
    statements: [
      { Sid: 'Stream', Effect: 'Allow', Action: [...STREAM_READ_ACTIONS], Resource: stream },
      { Sid: 'ListStreams', Effect: 'Allow', Action: [STREAM_LIST_ACTION], Resource: '*' },
      { Sid: 'OnFailure', Effect: 'Allow', Action: [...ON_FAILURE_SEND_ACTIONS], Resource: getAtt(`${onFailure}.Arn`) },
    ],
    roleScope: "its stream's and on-failure queue's actions and its",
    events: {
      Stream: {
        Type: 'DynamoDB',
        Properties: {
          Stream: stream,
          StartingPosition: 'LATEST',
          BatchSize: fn.trigger.batchSize,
          BisectBatchOnFunctionError: true,
          MaximumRetryAttempts: STREAM_RETRY.maximumRetryAttempts,
          MaximumRecordAgeInSeconds: STREAM_RETRY.maximumRecordAgeInSeconds,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          DestinationConfig: { OnFailure: { Destination: getAtt(`${onFailure}.Arn`) } },
        },
      },
    },
    skips: samSkips(CONSUMER_SKIPS, { CKV_AWS_116: STREAM_DLQ_REASON, CKV_AWS_115: STREAM_CONCURRENCY_REASON }),
  });
  return { ...resources, ...samDeadLetters(model, onFailure, `${model.project}-\${Stage}-${fn.name}-dlq`) };
}
