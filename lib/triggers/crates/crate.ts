/**
 * The crate of a function of each kind: its handler, tests and sample events, and (a route's)
 * its entry in the local loop. One module per kind, one line in the registry (`index.ts`).
 */
import { type FileSpec, NEW } from '../../file-spec.js';
import type { EventFunctionModel, EventFunctionOf, Model, RouteModel } from '../../model.js';
import { templateData } from '../../template-data.js';
import type { EventTriggerType } from '../kind.js';

/** `F`: the model of the functions of this kind (a route's, or a function's not behind HTTP). */
export interface TriggerCrate<F extends RouteModel | EventFunctionModel = RouteModel | EventFunctionModel> {
  /** The files of one function's crate, all new files (an addition never rewrites a crate). */
  crateFiles(model: Model, fn: F): FileSpec[];
}

/** The crate of a function not behind HTTP, with its sample events (the README lists them). */
export interface EventTriggerCrate<K extends EventTriggerType = EventTriggerType> extends TriggerCrate<EventFunctionOf<K>> {
  /** The sample events of the crate (`events/<name>.json`), in order. */
  samples(model: Model, fn: EventFunctionOf<K>): { name: string; description: string }[];
}

/**
 * The crate of a function not behind HTTP: `templates/lambda/<type>/`'s Cargo.toml, main.rs and
 * handler.rs rendered with the workspace's data, the function, its timeout and `data`, and its
 * sample events under `events/`. All new files.
 */
export function eventCrateFiles(
  model: Model,
  fn: EventFunctionModel,
  data: Record<string, unknown>,
  events: { name: string; json: () => string }[],
): FileSpec[] {
  const all = { ...templateData(model), fn, timeout: fn.timeout ?? model.config.timeout, ...data };
  const dir = `lambdas/${fn.name}`;
  const template = (file: string): FileSpec => ({
    path: `${dir}/${file}`,
    template: `lambda/${fn.trigger.type}/${file.replace('src/', '')}.ejs`,
    data: all,
    update: NEW,
  });
  return [
    template('Cargo.toml'),
    template('src/main.rs'),
    template('src/handler.rs'),
    ...events.map((e): FileSpec => ({ path: `${dir}/events/${e.name}.json`, contents: e.json, update: NEW })),
  ];
}

/** The table a function stores what it receives in (a message, an event's detail): its resource's, when it may write it. */
export function storingTable(fn: EventFunctionModel): EventFunctionModel['table'] {
  return fn.table && fn.actions.includes('dynamodb:PutItem') ? fn.table : undefined;
}
