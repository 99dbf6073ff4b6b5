/** The registry of trigger kinds: one line per kind. The compiler refuses a `Trigger` type without its line. */
import type { TriggerType } from '../types.js';
import { http } from './http.js';
import { sqs } from './sqs.js';
import type { TriggerKind } from './trigger.js';

export const TRIGGERS = { http, sqs } as const satisfies { [T in TriggerType]: TriggerKind<any> };
