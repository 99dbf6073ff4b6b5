/**
 * The function generator's arguments and options, as data: the generator declares them, the
 * `serverless-api function` command lists them in `--help`.
 */
import type { OptionSpec } from '../../lib/answers.js';
import { EVENT_TRIGGERS } from '../../lib/triggers/index.js';
import type { EventTriggerKind } from '../../lib/triggers/kind.js';
import { ACCESS_LEVELS } from '../../lib/types.js';
import { EVENT_TIMEOUT_RANGE, MEMORY_RANGE } from '../../lib/validation.js';

const KINDS: readonly EventTriggerKind[] = Object.values(EVENT_TRIGGERS) as unknown as EventTriggerKind[];

/** The kinds `--trigger` takes, the first the default. */
export const FUNCTION_TRIGGERS = KINDS.map((k) => k.type);

/** Each flag of the kinds' own answers, with the kinds that have it, in the order the kinds declare them. */
export function triggerFlags(): Map<string, EventTriggerKind[]> {
  const flags = new Map<string, EventTriggerKind[]>();
  for (const kind of KINDS) for (const answer of kind.answers) flags.set(answer.flag, [...(flags.get(answer.flag) ?? []), kind]);
  return flags;
}

const invokedBy = KINDS.map((k, i) => `${i === KINDS.length - 1 ? 'or ' : ''}${k.invokedBy}`).join('; ');

export const FUNCTION_ARGUMENTS = [
  { name: 'name', type: String, required: false, description: 'Function and crate name, lowercase kebab-case, e.g. process-orders' },
] as const;

export const FUNCTION_OPTIONS: Record<string, OptionSpec> = {
  trigger: { type: String, description: `What invokes it: ${FUNCTION_TRIGGERS.join(', ')} (${invokedBy})` },
  ...Object.fromEntries(
    [...triggerFlags()].map(([flag, kinds]) => [
      flag,
      { type: String, description: kinds.map((k) => `${k.type}: ${k.answers.find((a) => a.flag === flag)!.help}`).join('; ') },
    ]),
  ),
  resource: {
    type: String,
    description:
      "A resource of the workspace whose table the function may use (with --access); dynamodb-stream: the resource whose table's stream it reads (required)",
  },
  access: { type: String, description: `Access to that table: ${ACCESS_LEVELS.join(', ')} (default: none)` },
  memory: { type: String, description: `Memory in MB, ${MEMORY_RANGE.min} to ${MEMORY_RANGE.max} (default: the workspace's)` },
  timeout: { type: String, description: `Timeout in seconds, ${EVENT_TIMEOUT_RANGE.min} to ${EVENT_TIMEOUT_RANGE.max} (default: the workspace's)` },
  yes: { type: Boolean, alias: 'y', description: 'Take the default for every answer not given; never prompt' },
};
