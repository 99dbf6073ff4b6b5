/**
 * What a kind of trigger provides: the crate of a function it invokes (handler, tests, sample
 * events), and its entry in the local loop. One module per kind under `lib/triggers/`, one line
 * in the registry (`index.ts`).
 */
import { type FileSpec, NEW } from '../file-spec.js';
import type { EventFunctionModel, Model, RouteModel } from '../model.js';
import { templateData } from '../template-data.js';
import type { Trigger, TriggerType } from '../types.js';

/** The kinds of trigger of functions not behind HTTP. */
export type EventTriggerType = Exclude<TriggerType, 'http'>;
/** The trigger of one kind. */
export type TriggerOf<K extends TriggerType> = Extract<Trigger, { type: K }>;
/** A function not behind HTTP of one kind, its trigger typed. */
export type EventFunctionOf<K extends EventTriggerType> = EventFunctionModel & { trigger: TriggerOf<K> };

/** `F`: the model of the functions of this kind (a route's, or a function's not behind HTTP). */
export interface TriggerKind<F extends RouteModel | EventFunctionModel = RouteModel | EventFunctionModel> {
  type: TriggerType;
  /** The files of one function's crate, all new files (an addition never rewrites a crate). */
  crateFiles(model: Model, fn: F): FileSpec[];
}

/** A kind of trigger of functions not behind HTTP: what the README says of it and of its samples. */
export interface EventTriggerKind<K extends EventTriggerType = EventTriggerType> extends TriggerKind<EventFunctionOf<K>> {
  type: K;
  /** What a function of this kind's role may do beyond its table, whatever its options (check's iam rule). */
  roleActions: readonly string[];
  /** A few words for check's messages: "queue consumer", "scheduled job". */
  label: string;
  /** What invokes the function, in a few words (the README's Trigger column). */
  describe(fn: EventFunctionOf<K>): string;
  /** The sample events of the crate (`events/<name>.json`), in order. */
  samples(model: Model, fn: EventFunctionOf<K>): { name: string; description: string }[];
  /**
   * The options of `function <name> --trigger <kind>` that the covering array of options
   * (test/helpers/matrix.ts) pairs with every other option: one list of flags per variant a user
   * reaches, the first the plainest. `{resource}` stands for the workspace's resource: a variant
   * that names it needs one.
   */
  variants: readonly (readonly string[])[];
}

/**
 * The crate of a function not behind HTTP: `templates/lambda/<type>/`'s Cargo.toml, main.rs and
 * handler.rs rendered with the workspace's data, the function, its timeout and `data`, and its
 * sample events under `events/`. All new files.
 */
export function eventCrateFiles(model: Model, fn: EventFunctionModel, data: Record<string, unknown>, events: { name: string; json: () => string }[]): FileSpec[] {
  const all = { ...templateData(model), fn, timeout: fn.timeout ?? model.config.timeout, ...data };
  const dir = `lambdas/${fn.name}`;
  const template = (file: string): FileSpec => ({ path: `${dir}/${file}`, template: `lambda/${fn.trigger.type}/${file.replace('src/', '')}.ejs`, data: all, update: NEW });
  return [template('Cargo.toml'), template('src/main.rs'), template('src/handler.rs'), ...events.map((e): FileSpec => ({ path: `${dir}/events/${e.name}.json`, contents: e.json, update: NEW }))];
}

/** The table a function stores what it receives in (a message, an event's detail): its resource's, when it may write it. */
export function storingTable(fn: EventFunctionModel): EventFunctionModel['table'] {
  return fn.table && fn.actions.includes('dynamodb:PutItem') ? fn.table : undefined;
}
