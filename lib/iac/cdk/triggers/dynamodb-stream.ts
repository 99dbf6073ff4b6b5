/** A stream reader: the resource whose table's stream it reads, its batch size and retry bounds. */
import type { FlavourTrigger } from '../../flavour.js';
import { STREAM_RETRY } from '../../../triggers/dynamodb-stream.js';
import { type ManifestEntry, functionSizing } from '../manifest-entry.js';

export const cdkStream: FlavourTrigger<'dynamodb-stream', ManifestEntry> = {
  render: (_, fn) => [
    'streams',
    {
      name: fn.name,
      resource: fn.resource ?? '',
      batchSize: fn.trigger.batchSize,
      retryAttempts: STREAM_RETRY.maximumRetryAttempts,
      maxRecordAgeSeconds: STREAM_RETRY.maximumRecordAgeInSeconds,
      ...functionSizing(fn),
    },
  ],
};
