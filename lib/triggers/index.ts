/** The registry of trigger kinds: one line per kind. The compiler refuses a `Trigger` type without its line. */
import type { TriggerType } from '../types.js';
import { dynamodbStream } from './dynamodb-stream.js';
import { s3 } from './s3.js';
import { eventbridge } from './eventbridge.js';
import { http } from './http.js';
import { schedule } from './schedule.js';
import { sqs } from './sqs.js';
import type { EventFunctionModel } from '../model.js';
import type { EventTriggerKind, EventTriggerType, TriggerKind } from './trigger.js';

/** The kinds of functions not behind HTTP. */
export const EVENT_TRIGGERS = { sqs, schedule, eventbridge, 'dynamodb-stream': dynamodbStream, s3 } as const satisfies { [K in EventTriggerType]: EventTriggerKind<K> };

/** The kind of a function not behind HTTP: the one place where a kind and its function meet untyped. */
export function eventKindOf(fn: Pick<EventFunctionModel, 'trigger'>): EventTriggerKind {
  return EVENT_TRIGGERS[fn.trigger.type] as unknown as EventTriggerKind;
}

export const TRIGGERS = { http, sqs, schedule, eventbridge, 'dynamodb-stream': dynamodbStream, s3 } as const satisfies { [T in TriggerType]: TriggerKind<any> };
