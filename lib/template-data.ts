/**
 * The data every template may use: the model and the values derived from it, under the names
 * the templates read (`config`, `resources`, `routes`, `policy`, ...).
 */
import { EXISTING_ID, MISSING_ID } from './events.js';
import type { Model } from './model.js';
import { DEFAULT_STAGE, STAGES, STAGE_PATTERN, STAGE_RULE } from './stage.js';
import { eventKindOf } from './triggers/index.js';
import { versions } from './versions.js';

export function templateData(model: Model) {
  const kinds = model.eventFunctions.map(eventKindOf);
  const queues = kinds.some((k) => k.batch === 'messages');
  const streams = kinds.some((k) => k.batch === 'records');
  return {
    model,
    config: model.config,
    /** Whether the API has an authorizer (then resources record who created them). */
    authOn: model.config.auth.kind !== 'none',
    /** Whether a function reads batches (a queue consumer, a stream reader): then the shared crate has `batch`, and aws_lambda_events is a dependency. */
    consumers: queues || streams,
    /** Whether a queue consumer, a stream reader exists: the parts of `batch` each uses. */
    queues,
    streams,
    /** The features of aws_lambda_events that the functions not behind HTTP use (none: not a dependency). */
    eventFeatures: [...new Set(kinds.flatMap((k) => k.eventFeature ?? []))].sort(),
    policy: model.policy,
    versions,
    resources: model.resources,
    routes: model.routes,
    stackName: model.stackName,
    /** Rust: a JSON value as `serde_json::json!` writes it (JSON is its syntax). */
    rustJson: (value: unknown) => `serde_json::json!(${JSON.stringify(value)})`,
    /** Rust: `let <name> = <value>;` at `indent`, on two lines as rustfmt breaks it when one is too long. */
    rustLet: (indent: number, name: string, value: string) => {
      const pad = ' '.repeat(indent);
      const one = `${pad}let ${name} = ${value};`;
      const second = `${pad}    ${value};`;
      // rustfmt breaks after `=` only when that makes the value fit.
      return one.length <= 100 || second.length > 100 ? one : `${pad}let ${name} =\n${second}`;
    },
    existingId: EXISTING_ID,
    missingId: MISSING_ID,
    defaultStage: DEFAULT_STAGE,
    stages: STAGES,
    stagePattern: STAGE_PATTERN,
    stageRule: STAGE_RULE,
  };
}
