/**
 * What a kind of trigger provides: the crate of a function it invokes (handler, tests, sample
 * events), and its entry in the local loop. One module per kind under `lib/triggers/`, one line
 * in the registry (`index.ts`).
 */
import type { FileSpec } from '../file-spec.js';
import type { EventFunctionModel, Model, RouteModel } from '../model.js';
import type { TriggerType } from '../types.js';

/** `F`: the model of the functions of this kind (a route's, or a function's not behind HTTP). */
export interface TriggerKind<F extends RouteModel | EventFunctionModel = RouteModel | EventFunctionModel> {
  type: TriggerType;
  /** The files of one function's crate, all new files (an addition never rewrites a crate). */
  crateFiles(model: Model, fn: F): FileSpec[];
}

/** A kind of trigger of functions not behind HTTP: what the README says of it and of its samples. */
export interface EventTriggerKind extends TriggerKind<EventFunctionModel> {
  /** What a function of this kind's role may do beyond its table, whatever its options (check's iam rule). */
  roleActions: readonly string[];
  /** A few words for check's messages: "queue consumer", "scheduled job". */
  label: string;
  /** What invokes the function, in a few words (the README's Trigger column). */
  describe(fn: EventFunctionModel): string;
  /** The sample events of the crate (`events/<name>.json`), in order. */
  samples(model: Model, fn: EventFunctionModel): { name: string; description: string }[];
}
