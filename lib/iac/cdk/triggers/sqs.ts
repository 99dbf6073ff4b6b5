/** A queue consumer: its batch size, and the queue it reads when it is an existing one. */
import type { FlavourTrigger } from '../../flavour.js';
import { type ManifestEntry, functionSizing } from '../manifest-entry.js';

export const cdkSqs: FlavourTrigger<'sqs', ManifestEntry> = {
  render: (_, fn) => [
    'consumers',
    { name: fn.name, batchSize: fn.trigger.batchSize, ...(fn.trigger.queueArn ? { queueArn: fn.trigger.queueArn } : {}), ...functionSizing(fn) },
  ],
};
