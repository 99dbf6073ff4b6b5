import type { Model } from '../../../model.js';
import { SCHEDULE_INPUT, SCHEDULE_INVOKE_ACTIONS } from '../../../triggers/schedule.js';
import { DLQ_SEND_ACTIONS } from '../../../triggers/async.js';
import { SCHEDULE_CONCURRENCY_REASON, terraformSkips } from '../../checkov.js';
import { NAME_LIMITS, terraformName } from '../../../physical-names.js';
import { type EventFunctionOf } from '../../flavour.js';
import { HEADER, tfName, terraformAsyncFunction, terraformDeadLetters, statement, principals, condition } from '../functions.js';
import { block, comment, data, object, printHcl, resource, str, template } from '../hcl-writer.js';
import { targetRetries } from './eventbridge.js';

/**
 * A scheduled job: EventBridge Scheduler invokes the function asynchronously with the run's
 * context attributes, through a role of its own (as the CDK's \`LambdaInvoke\` target makes it:
 * assumed by the scheduler of this account's default group, allowed to invoke the function and
 * its versions and to send to the dead-letter queue). A delivery that fails its retries and a run
 * that fails Lambda's retries (the function's \`dead_letter_config\`) end in the same queue.
 */
export function terraformSchedule(model: Model, fn: EventFunctionOf<'schedule'>): string {
  const n = tfName(fn);
  const { text, dlq } = terraformAsyncFunction(fn, `Runs on ${fn.trigger.expression}`, SCHEDULE_CONCURRENCY_REASON);
  const input = Object.entries(SCHEDULE_INPUT).map(([key, value]): [string, string] => [key, str(value)]);
  const account = `data.aws_caller_identity.${n}.account_id`;
  return `${HEADER} the scheduled job ${fn.name}: its function, role, logs, schedule, the schedule's role and the dead-letter queue.

${text}

${terraformDeadLetters(fn)}

# Where the schedule runs: its role may be assumed by this account's scheduler, for the default group only.
${printHcl(
  data('aws_caller_identity', n),
  data('aws_partition', n),
  data('aws_region', n),
  data(
    'aws_iam_policy_document',
    `${n}_schedule_assume`,
    statement(
      undefined,
      ['sts:AssumeRole'],
      undefined,
      principals('Service', '["scheduler.amazonaws.com"]'),
      condition('StringEquals', 'aws:SourceAccount', `[${account}]`),
      condition(
        'StringEquals',
        'aws:SourceArn',
        `[${str(`arn:\${data.aws_partition.${n}.partition}:scheduler:\${data.aws_region.${n}.region}:\${${account}}:schedule-group/default`)}]`,
      ),
    ),
  ),
  resource('aws_iam_role', `${n}_schedule`, [
    ['name', template(terraformName(model.project, fn.name, '-schedule', NAME_LIMITS.iamRole.limit))],
    ['assume_role_policy', `data.aws_iam_policy_document.${n}_schedule_assume.json`],
  ]),
  data(
    'aws_iam_policy_document',
    `${n}_schedule`,
    statement('Invoke', SCHEDULE_INVOKE_ACTIONS, [`aws_lambda_function.${n}.arn`, str(`\${aws_lambda_function.${n}.arn}:*`)]),
    statement('DeadLetters', DLQ_SEND_ACTIONS, [dlq]),
  ),
  resource('aws_iam_role_policy', `${n}_schedule`, [
    ['name', str(`${fn.name}-schedule`)],
    ['role', `aws_iam_role.${n}_schedule.id`],
    ['policy', `data.aws_iam_policy_document.${n}_schedule.json`],
  ]),
  resource(
    'aws_scheduler_schedule',
    n,
    [
      comment(terraformSkips(['CKV_AWS_297'])),
      ['name', str(`\${local.project}-${fn.name}`)],
      ['schedule_expression', str(fn.trigger.expression)],
      ['schedule_expression_timezone', fn.trigger.timezone === undefined ? undefined : str(fn.trigger.timezone)],
    ],
    block('flexible_time_window', [], [['mode', '"OFF"']]),
    block(
      'target',
      [],
      [
        ['arn', `aws_lambda_function.${n}.arn`],
        ['role_arn', `aws_iam_role.${n}_schedule.arn`],
        ['input', `jsonencode(${object(input)})`],
      ],
      ...targetRetries(dlq),
    ),
  ),
)}
`;
}
