/**
 * Scheduled jobs: EventBridge Scheduler invokes the function on a rate or cron expression, with
 * the same input in every flavour (the run's schedule, time, execution id and attempt, from
 * Scheduler's context attributes), a retry policy, and a dead-letter queue for runs that still
 * fail. The crate is a `lambda_runtime` handler of that input; with a table it may read, the
 * sample job counts the table's items.
 */
import type { FileSpec } from '../../file-spec.js';
import type { EventFunctionOf, Model } from '../../model.js';
import { type EventTriggerCrate, eventCrateFiles } from './crate.js';

/** A sample run, as the function receives it. */
export interface SampleRun {
  name: string;
  description: string;
  input: Record<string, string>;
  /** Whether the handler refuses it (a document Scheduler would never send). */
  refused: boolean;
}

export function sampleRuns(model: Model, fn: { name: string }): SampleRun[] {
  const run = {
    scheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/default/${model.project}-${fn.name}`,
    scheduledTime: '2026-11-29T03:00:00Z',
    executionId: 'c0ffee00-5a3e-4d2b-9f1e-7a6b5c4d3e2f',
    attemptNumber: '1',
  };
  return [
    { name: 'ok', description: 'a run on time: done', input: run, refused: false },
    { name: 'retry', description: 'the third attempt of a run: done, logged as a retry', input: { ...run, attemptNumber: '3' }, refused: false },
    { name: 'not-a-run', description: 'a document without the run fields: refused, so Scheduler retries it', input: { hello: 'world' }, refused: true },
  ];
}

function crateFiles(model: Model, job: EventFunctionOf<'schedule'>): FileSpec[] {
  const runs = sampleRuns(model, job);
  // A job that may read its table counts the items (see handler.rs.ejs).
  const r = job.table && job.actions.includes('dynamodb:Scan') ? job.table : undefined;
  return eventCrateFiles(
    model,
    job,
    { runs, r },
    runs.map((run) => ({ name: run.name, json: () => JSON.stringify(run.input, null, 2) })),
  );
}

export const scheduleCrate: EventTriggerCrate<'schedule'> = { crateFiles, samples: (model, fn) => sampleRuns(model, fn) };
