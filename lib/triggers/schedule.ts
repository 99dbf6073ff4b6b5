/**
 * Scheduled jobs: EventBridge Scheduler invokes the function on a rate or cron expression, with
 * the same input in every flavour (the run's schedule, time, execution id and attempt, from
 * Scheduler's context attributes), a retry policy, and a dead-letter queue for runs that still
 * fail. The crate is a `lambda_runtime` handler of that input; with a table it may read, the
 * sample job counts the table's items.
 */
import { UserError, check } from '../validation.js';
import { ASYNC_RETRY, DLQ_SEND_ACTIONS } from './async.js';
import type { EventTriggerKind } from './kind.js';
import { validateCron, validateRate, validateTimezone } from './schedule-expression.js';
import { textOf } from '../text.js';

/**
 * What each run receives: EventBridge Scheduler's context attributes, substituted when it
 * invokes the target (Scheduler User Guide, "Adding context attributes"). One JSON text, the
 * same in every flavour.
 */
export const SCHEDULE_INPUT: Readonly<Record<string, string>> = {
  scheduleArn: '<aws.scheduler.schedule-arn>',
  scheduledTime: '<aws.scheduler.scheduled-time>',
  executionId: '<aws.scheduler.execution-id>',
  attemptNumber: '<aws.scheduler.attempt-number>',
};

/** What the schedule's role may do beyond sending to the dead-letter queue: invoke the function (as the CDK's `grantInvoke`). */
export const SCHEDULE_INVOKE_ACTIONS = ['lambda:InvokeFunction'] as const;

export const schedule: EventTriggerKind<'schedule'> = {
  variants: [
    ['--rate', 'rate(5 minutes)'],
    ['--cron', 'cron(0 3 * * ? *)', '--timezone', 'Europe/Paris', '--resource', '{resource}', '--access', 'read'],
  ],
  type: 'schedule',
  roleActions: DLQ_SEND_ACTIONS,
  label: 'scheduled job',
  describe: (fn) => {
    const { expression, timezone } = fn.trigger;
    return `EventBridge Scheduler \`${expression}\`${timezone ? ` (${timezone})` : ' (UTC)'}, ${ASYNC_RETRY.maximumRetryAttempts} retries, a dead-letter queue`;
  },
  invokedBy: 'EventBridge Scheduler',
  answers: [
    {
      flag: 'cron',
      help: 'a cron expression of EventBridge Scheduler, six fields, e.g. "cron(0 3 * * ? *)" (or --rate)',
      type: 'input',
      message: 'Cron expression, e.g. cron(0 3 * * ? *) (blank: a rate instead)',
      default: '',
      validate: (v) => !v || validateCron(v),
      optional: true,
    },
    {
      flag: 'rate',
      help: 'a rate, e.g. "rate(15 minutes)" (or --cron)',
      type: 'input',
      message: 'Rate, e.g. rate(15 minutes) (blank: the cron above)',
      default: '',
      validate: (v) => !v || validateRate(v),
      optional: true,
    },
    {
      flag: 'timezone',
      help: 'the IANA time zone a cron is read in, e.g. Europe/Paris (default: UTC)',
      type: 'input',
      message: 'Time zone of the cron (blank: UTC)',
      default: '',
      validate: (v) => !v || validateTimezone(v),
      optional: true,
    },
  ],
  fromAnswers: (answers) => {
    const cron = answers.cron?.trim() || undefined;
    const rate = answers.rate?.trim() || undefined;
    if (!cron === !rate) throw new UserError('--trigger schedule needs one of --cron "cron(0 3 * * ? *)" or --rate "rate(15 minutes)"');
    if (cron) check(validateCron(cron));
    if (rate) check(validateRate(rate));
    const timezone = answers.timezone?.trim() || undefined;
    if (timezone && !cron) throw new UserError('--timezone applies to --cron only: a rate runs at the same pace in every zone');
    if (timezone) check(validateTimezone(timezone));
    return { type: 'schedule', expression: (cron ?? rate)!, ...(timezone ? { timezone } : {}) };
  },
  fromStored: (trigger, where) => {
    const expression = textOf(trigger.expression);
    check(expression.startsWith('rate(') ? validateRate(expression) : validateCron(expression), `${where}.expression`);
    if (trigger.timezone !== undefined) check(validateTimezone(trigger.timezone), `${where}.timezone`);
    return { type: 'schedule', expression, ...(trigger.timezone !== undefined ? { timezone: textOf(trigger.timezone) } : {}) };
  },
  added: (f) =>
    `a scheduled job (lambdas/${f.name}/) on ${f.trigger.expression}${f.trigger.timezone ? ` (${f.trigger.timezone})` : ''}, with its schedule and dead-letter queue`,
  summary: (fn, resource) =>
    fn.resource && fn.actions.includes('dynamodb:Scan') ? `counts the ${resource(fn.resource).pluralLabel} on a schedule.` : 'runs on a schedule.',
};
