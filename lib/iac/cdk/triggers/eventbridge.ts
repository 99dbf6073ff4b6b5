/** A function of an event rule: its bus, the rule's pattern, and the rule's retries. */
import type { FlavourTrigger } from '../../flavour.js';
import { ASYNC_RETRY } from '../../../triggers/async.js';
import { busName, eventPattern } from '../../../triggers/eventbridge.js';
import { type ManifestEntry, functionSizing } from '../manifest-entry.js';

export const cdkEventBridge: FlavourTrigger<'eventbridge', ManifestEntry> = {
  render: (_, fn) => [
    'rules',
    {
      name: fn.name,
      ...(fn.trigger.bus ? { bus: busName(fn.trigger) } : {}),
      pattern: eventPattern(fn.trigger),
      retryAttempts: ASYNC_RETRY.maximumRetryAttempts,
      maxEventAgeSeconds: ASYNC_RETRY.maximumEventAgeInSeconds,
      ...functionSizing(fn),
    },
  ],
};
