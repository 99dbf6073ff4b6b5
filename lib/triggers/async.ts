/**
 * Functions that AWS invokes asynchronously (a schedule's, an event rule's): the service retries a
 * delivery that fails, then sends it to a dead-letter queue; Lambda retries a run whose code fails
 * (twice), then sends it to the function's own dead-letter queue. The generated infrastructure
 * points both at one queue per function, with these settings in every flavour.
 */

/** The service's retries of a delivery: its defaults are 185 attempts over 24 h; ours are fewer. */
export const ASYNC_RETRY = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 } as const;

/** How long what failed every retry stays in the dead-letter queue: SQS's longest. */
export const DLQ_RETENTION_SECONDS = 1_209_600;

/** What sending to the dead-letter queue takes (the function's role; the schedule's role or the rule's queue policy). */
export const DLQ_SEND_ACTIONS = ['sqs:SendMessage'] as const;
