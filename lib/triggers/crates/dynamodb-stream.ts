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
import { type Field, sampleBody } from '../../fields.js';
import type { FileSpec } from '../../file-spec.js';
import type { EventFunctionModel, EventFunctionOf, Model } from '../../model.js';
import { STREAM_VIEW_TYPE } from '../dynamodb-stream.js';
import { type EventTriggerCrate, eventCrateFiles } from './crate.js';

/** One record of a sample batch. */
interface SampleRecord {
  event: 'INSERT' | 'MODIFY' | 'REMOVE';
  id: string;
  /** The item after the change (none for REMOVE); absent fields make an image the function refuses. */
  image?: Record<string, unknown>;
  /** Absent: a record Lambda would never send. */
  sequence?: string;
}

export interface SampleBatch {
  name: string;
  description: string;
  records: SampleRecord[];
  /** The sequence number the handler reports as failed; `batch` when it fails the whole batch. */
  failed: string[] | 'batch';
  /** The records handled before the answer (those after a failed one are left for Lambda's retry). */
  handled: number;
}

/** The sample batches of a reader of a table whose resource has these fields. */
export function sampleBatches(fields: Field[]): SampleBatch[] {
  const INSERT: SampleRecord = {
    event: 'INSERT',
    id: '059f36b4-87a3-44ab-83d2-661975830a7d',
    image: sampleBody(fields, 0),
    sequence: '4421584500000000017450439091',
  };
  const MODIFY: SampleRecord = {
    event: 'MODIFY',
    id: '059f36b4-87a3-44ab-83d2-661975830a7d',
    image: sampleBody(fields, 1),
    sequence: '4421584600000000017450439092',
  };
  const REMOVE: SampleRecord = { event: 'REMOVE', id: '2e1424d4-f796-459a-8184-9c92662be6da', sequence: '4421584700000000017450439093' };
  // No field of a resource is a map: an image with one where its first field is, is not one of its items.
  const first = fields[0]?.name ?? 'name';
  const POISON: SampleRecord = {
    event: 'INSERT',
    id: '7b270e59-b929-4c9b-9c89-6f4b7d24f0c2',
    image: { ...sampleBody(fields, 0), [first]: { colour: 'blue' } },
    sequence: '4421584800000000017450439094',
  };
  return [
    { name: 'ok', description: 'an insert, a change and a removal: none fails', records: [INSERT, MODIFY, REMOVE], failed: [], handled: 3 },
    {
      name: 'poison-record',
      description: "an image that is not one of the resource's items after a good record: it fails, and the handler stops there (Lambda retries from it)",
      records: [INSERT, POISON, REMOVE],
      failed: [POISON.sequence!],
      handled: 2,
    },
    {
      name: 'no-sequence-number',
      description: 'a record without a sequence number: the whole batch fails',
      records: [INSERT, { ...MODIFY, sequence: undefined }],
      failed: 'batch',
      handled: 0,
    },
  ];
}

/** DynamoDB JSON of one value, as the stream carries it (serde_dynamo's mapping: lists, not sets). */
function attribute(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(attribute) };
  return { M: attributes(value as Record<string, unknown>) };
}

/** DynamoDB JSON of an attribute map. */
const attributes = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, attribute(v)]));

/** The JSON document Lambda sends the function for a sample batch. */
export function streamEvent(model: Model, fn: EventFunctionModel, batch: SampleBatch): Record<string, unknown> {
  const arn = `arn:aws:dynamodb:us-east-1:123456789012:table/${fn.table?.tableName ?? model.project}/stream/2026-11-29T03:00:00.000`;
  return {
    Records: batch.records.map((r, i) => ({
      eventID: `${batch.name}-${i + 1}`,
      eventName: r.event,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: 1795928400 + i,
        Keys: attributes({ id: r.id }),
        ...(r.image ? { NewImage: attributes({ id: r.id, ...r.image, version: r.event === 'MODIFY' ? 2 : 1 }) } : {}),
        ...(r.event !== 'INSERT' ? { OldImage: attributes({ id: r.id, ...sampleBody(fn.table?.fields ?? [], 0), version: 1 }) } : {}),
        ...(r.sequence ? { SequenceNumber: r.sequence } : {}),
        SizeBytes: 64,
        StreamViewType: STREAM_VIEW_TYPE,
      },
      eventSourceARN: arn,
    })),
  };
}

function crateFiles(model: Model, fn: EventFunctionOf<'dynamodb-stream'>): FileSpec[] {
  if (!fn.table) throw new Error(`${fn.name} reads no table's stream`);
  const batches = sampleBatches(fn.table.fields);
  return eventCrateFiles(
    model,
    fn,
    { batches, r: fn.table },
    batches.map((b) => ({ name: b.name, json: () => JSON.stringify(streamEvent(model, fn, b)) })),
  );
}

export const dynamodbStreamCrate: EventTriggerCrate<'dynamodb-stream'> = { crateFiles, samples: (_model, fn) => sampleBatches(fn.table?.fields ?? []) };
