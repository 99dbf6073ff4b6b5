/**
 * Event rules: EventBridge invokes the function asynchronously for each event of a bus that
 * matches the rule's pattern (its sources, and its detail types if given), with a retry policy
 * and a dead-letter queue (lib/triggers/async.ts). The crate is a `lambda_runtime` handler of
 * `EventBridgeEvent<Detail>`; with a table it may write, it stores each event's detail as an item
 * under the event's id, so that an event delivered twice (EventBridge delivers at least once) is
 * stored once.
 */
import type { FileSpec } from '../file-spec.js';
import type { Model } from '../model.js';
import type { EventBridgeTrigger } from '../types.js';
import type { Validation } from '../validation.js';
import { ASYNC_RETRY, DLQ_SEND_ACTIONS } from './async.js';
import { type EventFunctionOf, type EventTriggerKind, eventCrateFiles, storingTable } from './trigger.js';
import { sampleBody } from '../fields.js';

/** What the rule's target may do: EventBridge invokes the function (a resource-based permission, as the CDK's `LambdaFunction` target adds it). */
export const EVENT_INVOKE_ACTIONS = ['lambda:InvokeFunction'] as const;

/** The bus of a rule without `--bus`. */
export const DEFAULT_BUS = 'default';

/**
 * A bus: its name (1-256 of letters, digits, `.`, `_`, `-`, `/`; EventBridge's `EventBusName`
 * pattern without the ARN form) or its ARN in this partition.
 */
export function validateBus(value: unknown): Validation {
  const text = String(value);
  // aws.* names are AWS's own; partner event buses are named aws.partner/<partner>/<source>.
  if (/^[A-Za-z0-9._\-/]{1,256}$/.test(text) && (!text.startsWith('aws.') || text.startsWith('aws.partner/'))) return true;
  if (/^arn:aws(-[a-z]+)*:events:[a-z]{2}(-[a-z]+)+-\d:\d{12}:event-bus\/[A-Za-z0-9._\-/]{1,256}$/.test(text)) return true;
  return `--bus must be an event bus's name (letters, digits, . _ - /; not aws.*) or ARN, e.g. orders or arn:aws:events:eu-west-1:123456789012:event-bus/orders (got "${text}")`;
}

/** The values of a comma-separated option, trimmed, without blanks. */
export function listOption(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** An event's `source`: 1-256 printable characters without spaces (e.g. `com.example.orders`, `aws.s3`). */
export function validateSources(value: unknown): Validation {
  const sources = listOption(String(value ?? ''));
  if (sources.length === 0) return '--source is needed: the source of the events, e.g. --source com.example.orders (several: comma-separated)';
  const bad = sources.find((s) => !/^[\x21-\x7e]{1,256}$/.test(s));
  if (bad !== undefined) return `--source values are 1 to 256 printable characters without spaces (got "${bad}")`;
  if (new Set(sources).size !== sources.length) return `--source names a source twice (got "${String(value)}")`;
  return true;
}

/** An event's `detail-type`: 1-128 printable characters (spaces allowed: `Object Created`). */
export function validateDetailTypes(value: unknown): Validation {
  const types = listOption(String(value ?? ''));
  const bad = types.find((t) => !/^[\x20-\x7e]{1,128}$/.test(t));
  if (bad !== undefined) return `--detail-type values are 1 to 128 printable characters (got "${bad}")`;
  if (new Set(types).size !== types.length) return `--detail-type names a type twice (got "${String(value)}")`;
  return true;
}

/** The rule's event pattern, the same JSON in every flavour. */
export function eventPattern(trigger: EventBridgeTrigger): Record<string, string[]> {
  return { source: trigger.sources, ...(trigger.detailTypes?.length ? { 'detail-type': trigger.detailTypes } : {}) };
}

/**
 * The name of the rule's bus, as every flavour writes it (`default` when none was given): a rule
 * is made on a bus of its own account and region, so an ARN given adds nothing but its name.
 */
export function busName(trigger: EventBridgeTrigger): string {
  const bus = trigger.bus ?? DEFAULT_BUS;
  return bus.startsWith('arn:') ? bus.slice(bus.indexOf(':event-bus/') + ':event-bus/'.length) : bus;
}

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
    { name: 'ok', description: 'an event of the rule: handled', event: event('6a7e8feb-b491-4cf7-a9f1-bf3703467718', table ? sampleBody(table.fields, 0) : { name: 'Blue widget' }), fails: false },
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
  return eventCrateFiles(model, rule, { samples, r }, samples.map((s) => ({ name: s.name, json: () => JSON.stringify(s.event, null, 2) })));
}

export const eventbridge: EventTriggerKind<'eventbridge'> = {
  variants: [['--source', 'com.example.orders', '--detail-type', 'Order Placed,Order Updated', '--resource', '{resource}', '--access', 'write'], ['--source', 'com.example.orders,aws.s3', '--bus', 'arn:aws:events:eu-west-1:123456789012:event-bus/orders']],
  type: 'eventbridge',
  crateFiles,
  roleActions: DLQ_SEND_ACTIONS,
  label: "event rule's function",
  describe: (fn) => {
    const t = fn.trigger;
    const types = t.detailTypes?.length ? `, detail type ${t.detailTypes.map((d) => `\`${d}\``).join(' or ')}` : '';
    return `EventBridge rule on the ${t.bus ? `bus \`${busName(t)}\`` : 'default bus'}: source ${t.sources.map((s) => `\`${s}\``).join(' or ')}${types}; ${ASYNC_RETRY.maximumRetryAttempts} retries, a dead-letter queue`;
  },
  samples: (_model, fn) => sampleEvents(fn),
};
