/** The registry of trigger kinds: one line per kind. The compiler refuses a `Trigger` type without its line. */
import type { EventFunction } from '../types.js';
import { dynamodbStream } from './dynamodb-stream.js';
import { eventbridge } from './eventbridge.js';
import type { EventTriggerKind, EventTriggerType } from './kind.js';
import { s3 } from './s3.js';
import { schedule } from './schedule.js';
import { sqs } from './sqs.js';

/** The kinds of functions not behind HTTP, the first the default of `--trigger`. */
export const EVENT_TRIGGERS = { sqs, schedule, eventbridge, 'dynamodb-stream': dynamodbStream, s3 } as const satisfies {
  [K in EventTriggerType]: EventTriggerKind<K>;
};

/** Whether a text names a kind of functions not behind HTTP. */
export function isEventTriggerType(value: unknown): value is EventTriggerType {
  return typeof value === 'string' && Object.hasOwn(EVENT_TRIGGERS, value);
}

/** A kind by its name: the one place where a kind and its trigger meet untyped. */
export function eventKind(type: EventTriggerType): EventTriggerKind {
  return EVENT_TRIGGERS[type] as unknown as EventTriggerKind;
}

/** The kind of a function not behind HTTP. */
export function eventKindOf(fn: Pick<EventFunction, 'trigger'>): EventTriggerKind {
  return eventKind(fn.trigger.type);
}
