/** A scheduled job: its expression and zone, the run's input, and the schedule's retries. */
import type { FlavourTrigger } from '../../flavour.js';
import { ASYNC_RETRY } from '../../../triggers/async.js';
import { SCHEDULE_INPUT } from '../../../triggers/schedule.js';
import { type ManifestEntry, functionSizing } from '../manifest-entry.js';

export const cdkSchedule: FlavourTrigger<'schedule', ManifestEntry> = {
  render: (_, fn) => [
    'schedules',
    {
      name: fn.name,
      expression: fn.trigger.expression,
      ...(fn.trigger.timezone ? { timezone: fn.trigger.timezone } : {}),
      input: SCHEDULE_INPUT,
      retryAttempts: ASYNC_RETRY.maximumRetryAttempts,
      maxEventAgeSeconds: ASYNC_RETRY.maximumEventAgeInSeconds,
      ...functionSizing(fn),
    },
  ],
};
