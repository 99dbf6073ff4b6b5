/** The registry of the crates of each kind of trigger: one line per kind. */
import type { EventFunctionModel, RouteModel } from '../../model.js';
import type { TriggerType } from '../../types.js';
import type { EventTriggerType } from '../kind.js';
import type { EventTriggerCrate, TriggerCrate } from './crate.js';
import { dynamodbStreamCrate } from './dynamodb-stream.js';
import { eventbridgeCrate } from './eventbridge.js';
import { httpCrate } from './http.js';
import { s3Crate } from './s3.js';
import { scheduleCrate } from './schedule.js';
import { sqsCrate } from './sqs.js';

export const CRATES = {
  http: httpCrate,
  sqs: sqsCrate,
  schedule: scheduleCrate,
  eventbridge: eventbridgeCrate,
  'dynamodb-stream': dynamodbStreamCrate,
  s3: s3Crate,
} as const satisfies { [K in TriggerType]: K extends EventTriggerType ? EventTriggerCrate<K> : TriggerCrate<RouteModel> };

/** The crate of a function not behind HTTP: the one place where a crate and its function meet untyped. */
export function eventCrateOf(fn: Pick<EventFunctionModel, 'trigger'>): EventTriggerCrate {
  return CRATES[fn.trigger.type] as unknown as EventTriggerCrate;
}
