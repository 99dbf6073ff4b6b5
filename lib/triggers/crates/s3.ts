/**
 * Bucket notifications: S3 invokes the function asynchronously for the object events of a bucket
 * (the workspace's own, or an existing one) that match its event types and key filter; Lambda
 * retries a run that fails twice, then sends the event to the function's dead-letter queue
 * (lib/triggers/async.ts). S3 itself neither retries nor dead-letters a notification. The crate
 * is a `lambda_runtime` handler of an `S3Event`: each record's object, its key URL-decoded.
 */
import type { FileSpec } from '../../file-spec.js';
import type { EventFunctionOf, Model } from '../../model.js';
import { DEFAULT_S3_EVENTS } from '../s3.js';
import { type EventTriggerCrate, eventCrateFiles } from './crate.js';

/** A sample event, as the function receives it. */
export interface SampleEvent {
  name: string;
  description: string;
  event: Record<string, unknown>;
  /** Whether the handler fails it (then Lambda retries it, then the dead-letter queue has it). */
  fails: boolean;
}

/** The bucket a sample event comes from. */
function sampleBucket(model: Model, fn: EventFunctionOf<'s3'>): string {
  return fn.trigger.bucket ?? `${model.project}-${fn.name}-dev`;
}

export function sampleEvents(model: Model, fn: EventFunctionOf<'s3'>): SampleEvent[] {
  const bucket = sampleBucket(model, fn);
  const key = `${fn.trigger.prefix ?? ''}reports/2026-11-29 summary${fn.trigger.suffix ?? '.csv'}`;
  const record = (objectKey: string, size: number) => ({
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: '2026-11-29T03:00:00.000Z',
    eventName: (fn.trigger.events[0] ?? DEFAULT_S3_EVENTS[0]).replace(/^s3:/, '').replace(/\*$/, 'Put'),
    userIdentity: { principalId: 'AWS:AROAEXAMPLE:uploader' },
    requestParameters: { sourceIPAddress: '203.0.113.7' },
    responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: `${fn.name}-notification`,
      bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${bucket}` },
      // S3 sends keys URL-encoded: a space as `+`.
      object: {
        key: encodeURIComponent(objectKey).replace(/%20/g, '+').replace(/%2F/g, '/'),
        size,
        eTag: '0123456789abcdef0123456789abcdef',
        sequencer: '0A1B2C3D4E5F678901',
      },
    },
  });
  return [
    { name: 'ok', description: 'an object of the notification: handled', event: { Records: [record(key, 1024)] }, fails: false },
    {
      name: 'empty-object',
      description: 'an empty object, which the function refuses: it fails, so Lambda retries it, then sends it to the dead-letter queue',
      event: { Records: [record(key, 0)] },
      fails: true,
    },
    { name: 'not-an-event', description: 'a document that is not an S3 event: refused before the handler', event: { hello: 'world' }, fails: true },
  ];
}

function crateFiles(model: Model, s3: EventFunctionOf<'s3'>): FileSpec[] {
  const samples = sampleEvents(model, s3);
  return eventCrateFiles(
    model,
    s3,
    { samples },
    samples.map((s) => ({ name: s.name, json: () => JSON.stringify(s.event) })),
  );
}

export const s3Crate: EventTriggerCrate<'s3'> = { crateFiles, samples: (model, fn) => sampleEvents(model, fn) };
