/**
 * Event rules: EventBridge invokes the function asynchronously for each event of a bus that
 * matches the rule's pattern (its sources, and its detail types if given), with a retry policy
 * and a dead-letter queue (lib/triggers/async.ts). The crate is a `lambda_runtime` handler of
 * `EventBridgeEvent<Detail>`; with a table it may write, it stores each event's detail as an item
 * under the event's id, so that an event delivered twice (EventBridge delivers at least once) is
 * stored once.
 */
import type { EventBridgeTrigger } from '../types.js';
import { type Validation, UserError, check } from '../validation.js';
import { ASYNC_RETRY, DLQ_SEND_ACTIONS } from './async.js';
import type { EventTriggerKind } from './kind.js';
import { textOf } from '../text.js';

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
  const sources = listOption(textOf(value));
  if (sources.length === 0) return '--source is needed: the source of the events, e.g. --source com.example.orders (several: comma-separated)';
  const bad = sources.find((s) => !/^[\x21-\x7e]{1,256}$/.test(s));
  if (bad !== undefined) return `--source values are 1 to 256 printable characters without spaces (got "${bad}")`;
  if (new Set(sources).size !== sources.length) return `--source names a source twice (got "${String(value)}")`;
  return true;
}

/** An event's `detail-type`: 1-128 printable characters (spaces allowed: `Object Created`). */
export function validateDetailTypes(value: unknown): Validation {
  const types = listOption(textOf(value));
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

export const eventbridge: EventTriggerKind<'eventbridge'> = {
  variants: [
    ['--source', 'com.example.orders', '--detail-type', 'Order Placed,Order Updated', '--resource', '{resource}', '--access', 'write'],
    ['--source', 'com.example.orders,aws.s3', '--bus', 'arn:aws:events:eu-west-1:123456789012:event-bus/orders'],
  ],
  type: 'eventbridge',
  roleActions: DLQ_SEND_ACTIONS,
  label: "event rule's function",
  describe: (fn) => {
    const t = fn.trigger;
    const types = t.detailTypes?.length ? `, detail type ${t.detailTypes.map((d) => `\`${d}\``).join(' or ')}` : '';
    return `EventBridge rule on the ${t.bus ? `bus \`${busName(t)}\`` : 'default bus'}: source ${t.sources.map((s) => `\`${s}\``).join(' or ')}${types}; ${ASYNC_RETRY.maximumRetryAttempts} retries, a dead-letter queue`;
  },
  invokedBy: 'an EventBridge rule',
  answers: [
    {
      flag: 'source',
      help: 'the source of the events the rule matches, e.g. com.example.orders (several: comma-separated)',
      type: 'input',
      message: 'Source of the events, e.g. com.example.orders (several: comma-separated)',
      default: '',
      validate: validateSources,
    },
    {
      flag: 'detail-type',
      help: 'the detail type of the events, e.g. "Order Placed" (several: comma-separated; default: any)',
      type: 'input',
      message: 'Detail type of the events (blank: any; several: comma-separated)',
      default: '',
      validate: validateDetailTypes,
      optional: true,
    },
    {
      flag: 'bus',
      help: "the event bus's name or ARN (default: the account's default bus)",
      type: 'input',
      message: "Event bus, name or ARN (blank: the account's default bus)",
      default: '',
      validate: (v) => !v || validateBus(v),
      optional: true,
    },
  ],
  fromAnswers: (answers) => {
    check(validateSources(answers.source));
    check(validateDetailTypes(answers['detail-type']));
    const bus = answers.bus?.trim() || undefined;
    if (bus) check(validateBus(bus));
    const detailTypes = listOption(answers['detail-type']);
    return {
      type: 'eventbridge',
      ...(bus && bus !== DEFAULT_BUS ? { bus } : {}),
      sources: listOption(answers.source),
      ...(detailTypes.length ? { detailTypes } : {}),
    };
  },
  fromStored: (trigger, where) => {
    const sources = Array.isArray(trigger.sources) ? trigger.sources.map(String) : [];
    check(validateSources(sources.join(',')), `${where}.sources`);
    const detailTypes = Array.isArray(trigger.detailTypes) ? trigger.detailTypes.map(String) : undefined;
    if (trigger.detailTypes !== undefined && !detailTypes) throw new UserError(`${where}.detailTypes must be a list`);
    if (detailTypes) check(validateDetailTypes(detailTypes.join(',')), `${where}.detailTypes`);
    if (trigger.bus !== undefined) check(validateBus(trigger.bus), `${where}.bus`);
    return { type: 'eventbridge', ...(trigger.bus !== undefined ? { bus: textOf(trigger.bus) } : {}), sources, ...(detailTypes ? { detailTypes } : {}) };
  },
  added: (f) => {
    const t = f.trigger;
    return `a function of an event rule (lambdas/${f.name}/) on the ${t.bus ? `bus ${t.bus}` : 'default bus'} for ${t.sources.join(', ')}${t.detailTypes ? ` (${t.detailTypes.join(', ')})` : ''}, with its rule and dead-letter queue`;
  },
  summary: (fn, resource) =>
    fn.resource && fn.actions.includes('dynamodb:PutItem')
      ? `stores the detail of each event of its rule as ${resource(fn.resource).aLabel}.`
      : 'handles the events of its rule.',
  eventFeature: 'eventbridge',
};
