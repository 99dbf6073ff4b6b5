/**
 * Event rules: EventBridge invokes the function asynchronously for each event of a bus that
 * matches the rule's pattern (its sources, and its detail types if given), with a retry policy
 * and a dead-letter queue (lib/triggers/async.ts). The crate is a `lambda_runtime` handler of
 * `EventBridgeEvent<Detail>`; with a table it may write, it stores each event's detail as an item
 * under the event's id, so that an event delivered twice (EventBridge delivers at least once) is
 * stored once.
 */
import { sampleBody } from '../../fields.js';
import type { FileSpec } from '../../file-spec.js';
import type { EventFunctionOf, Model } from '../../model.js';
import { type EventTriggerCrate, eventCrateFiles, storingTable } from './crate.js';

/** A sample event, as the function receives it. */
export interface SampleEvent {
  name: string;
  description: string;
  event: Record<string, unknown>;
  /** Whether the handler fails it (then Lambda retries it, then the dead-letter queue has it). */
  fails: boolean;
}

export function sampleEvents(fn: EventFunctionOf<'eventbridge'>): SampleEvent[] {
  const event = (id: string, detail: unknown) => ({
    version: '0',
    id,
    'detail-type': fn.trigger.detailTypes?.[0] ?? 'Example',
    source: fn.trigger.sources[0],
    account: '123456789012',
    time: '2026-11-29T03:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  });
  // A function that stores the detail takes its resource's fields; otherwise the handler's own `Detail`.
  const table = storingTable(fn);
  return [
    {
      name: 'ok',
      description: 'an event of the rule: handled',
      event: event('6a7e8feb-b491-4cf7-a9f1-bf3703467718', table ? sampleBody(table.fields, 0) : { name: 'Blue widget' }),
      fails: false,
    },
    {
      name: 'bad-detail',
      description: 'an event whose detail is not what the function takes: fails, so Lambda retries it, then sends it to the dead-letter queue',
      event: event('3e4c1bd5-0d2b-4b57-9a7e-2f4cf3b5a0d1', { colour: 'blue' }),
      fails: true,
    },
    { name: 'not-an-event', description: 'a document that is not an EventBridge event: refused before the handler', event: { hello: 'world' }, fails: true },
  ];
}

function crateFiles(model: Model, rule: EventFunctionOf<'eventbridge'>): FileSpec[] {
  const samples = sampleEvents(rule);
  // A function that may write its table stores each event's detail there (see handler.rs.ejs).
  const r = storingTable(rule);
  return eventCrateFiles(
    model,
    rule,
    { samples, r },
    samples.map((s) => ({ name: s.name, json: () => JSON.stringify(s.event, null, 2) })),
  );
}

export const eventbridgeCrate: EventTriggerCrate<'eventbridge'> = { crateFiles, samples: (_model, fn) => sampleEvents(fn) };
