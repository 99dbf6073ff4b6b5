/**
 * Queue consumers: a `lambda_runtime` crate whose handler takes an `SqsEvent` and answers an
 * `SqsBatchResponse` naming only the messages that failed (the event source mapping reports
 * batch item failures in every flavour), with sample batches: all good, one poison message
 * among good ones, and a record Lambda would never send (no message id), which fails the batch.
 */
import { createHash } from 'node:crypto';
import { type Field, sampleBody } from '../../fields.js';
import type { FileSpec } from '../../file-spec.js';
import type { EventFunctionOf, Model } from '../../model.js';
import { type EventTriggerCrate, eventCrateFiles, storingTable } from './crate.js';

/** One message of a sample batch, as Lambda delivers it. */
interface SampleMessage {
  /** Absent: a record Lambda would never send. */
  id?: string;
  body: string;
}

export interface SampleBatch {
  name: string;
  description: string;
  messages: SampleMessage[];
  /** Ids the handler reports as failed; `batch` when it fails the whole batch. */
  failed: string[] | 'batch';
}

const POISON = { id: '7b270e59-b929-4c9b-9c89-6f4b7d24f0c2', body: 'not JSON' };

/** The sample batches of a consumer; its messages are bodies of its resource when it stores them (`fields`). */
export function sampleBatches(fields?: Field[]): SampleBatch[] {
  const bodies = fields ? [sampleBody(fields, 0), sampleBody(fields, 1)] : [{ name: 'Blue widget' }, { name: 'Red widget' }];
  const GOOD = [
    { id: '059f36b4-87a3-44ab-83d2-661975830a7d', body: JSON.stringify(bodies[0]) },
    { id: '2e1424d4-f796-459a-8184-9c92662be6da', body: JSON.stringify(bodies[1]) },
  ];
  return [
    { name: 'ok', description: 'two good messages: none fails', messages: GOOD, failed: [] },
    {
      name: 'poison-message',
      description: 'a message that is not JSON among good ones: only it fails',
      messages: [GOOD[0]!, POISON, GOOD[1]!],
      failed: [POISON.id],
    },
    {
      name: 'no-message-id',
      description: 'a record without a message id: the whole batch fails',
      messages: [GOOD[0]!, { body: GOOD[1]!.body }],
      failed: 'batch',
    },
  ];
}

/** The queue a sample event comes from. */
function sampleQueueArn(model: Model, fn: EventFunctionOf<'sqs'>): string {
  return fn.trigger.queueArn ?? `arn:aws:sqs:us-east-1:123456789012:${model.project}-${fn.name}`;
}

/** The JSON document Lambda sends the function for a sample batch. */
export function sqsEvent(queueArn: string, batch: SampleBatch): Record<string, unknown> {
  const region = queueArn.split(':')[3] ?? 'us-east-1';
  return {
    Records: batch.messages.map((m, i) => ({
      ...(m.id ? { messageId: m.id } : {}),
      receiptHandle: `AQEB${createHash('sha256').update(`${batch.name}-${i}`).digest('base64url').slice(0, 40)}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1795780800000',
        SenderId: 'AROAEXAMPLE:sender',
        ApproximateFirstReceiveTimestamp: '1795780800010',
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(m.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

function crateFiles(model: Model, sqs: EventFunctionOf<'sqs'>): FileSpec[] {
  // A consumer that may write its table stores each message there (see handler.rs.ejs).
  const r = storingTable(sqs);
  const batches = sampleBatches(r?.fields);
  return eventCrateFiles(
    model,
    sqs,
    { batches, r },
    batches.map((b) => ({ name: b.name, json: () => JSON.stringify(sqsEvent(sampleQueueArn(model, sqs), b)) })),
  );
}

export const sqsCrate: EventTriggerCrate<'sqs'> = { crateFiles, samples: (_model, fn) => sampleBatches(storingTable(fn)?.fields) };
