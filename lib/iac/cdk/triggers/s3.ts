/** A bucket's function: the existing bucket if any, its event types and key filter. */
import type { FlavourTrigger } from '../../flavour.js';
import { type ManifestEntry, functionSizing } from '../manifest-entry.js';

export const cdkS3: FlavourTrigger<'s3', ManifestEntry> = {
  render: (_, fn) => [
    'buckets',
    {
      name: fn.name,
      ...(fn.trigger.bucket ? { bucket: fn.trigger.bucket } : {}),
      events: fn.trigger.events,
      ...(fn.trigger.prefix !== undefined ? { prefix: fn.trigger.prefix } : {}),
      ...(fn.trigger.suffix !== undefined ? { suffix: fn.trigger.suffix } : {}),
      ...functionSizing(fn),
    },
  ],
};
