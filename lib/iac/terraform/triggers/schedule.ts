import type { Model } from '../../../model.js';
import { SCHEDULE_INPUT, SCHEDULE_INVOKE_ACTIONS } from '../../../triggers/schedule.js';
import { DLQ_SEND_ACTIONS, ASYNC_RETRY } from '../../../triggers/async.js';
import { SCHEDULE_CONCURRENCY_REASON, terraformSkips } from '../../checkov.js';
import { NAME_LIMITS, terraformName } from '../../../physical-names.js';
import { type EventFunctionOf } from '../../flavour.js';
import { HEADER, tfName, terraformAsyncFunction, terraformDeadLetters, aligned } from '../functions.js';

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
  // tofu fmt aligns the \`=\` of consecutive attributes.
  const width = Math.max(...Object.keys(SCHEDULE_INPUT).map((k) => k.length));
  const input = Object.entries(SCHEDULE_INPUT)
    .map(([key, value]) => `      ${key.padEnd(width)} = "${value}"`)
    .join('\n');
  const attributes: [string, string][] = [
    ['name', `"\${local.project}-${fn.name}"`],
    ['schedule_expression', `"${fn.trigger.expression}"`],
    ...(fn.trigger.timezone ? [['schedule_expression_timezone', `"${fn.trigger.timezone}"`] as [string, string]] : []),
  ];
  const head = aligned(attributes);
  return `${HEADER} the scheduled job ${fn.name}: its function, role, logs, schedule, the schedule's role and the dead-letter queue.

${text}

${terraformDeadLetters(fn)}

# Where the schedule runs: its role may be assumed by this account's scheduler, for the default group only.
data "aws_caller_identity" "${n}" {}

data "aws_partition" "${n}" {}

data "aws_region" "${n}" {}

data "aws_iam_policy_document" "${n}_schedule_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.${n}.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = ["arn:\${data.aws_partition.${n}.partition}:scheduler:\${data.aws_region.${n}.region}:\${data.aws_caller_identity.${n}.account_id}:schedule-group/default"]
    }
  }
}

resource "aws_iam_role" "${n}_schedule" {
  name               = "${terraformName(model.project, fn.name, '-schedule', NAME_LIMITS.iamRole.limit)}"
  assume_role_policy = data.aws_iam_policy_document.${n}_schedule_assume.json
}

data "aws_iam_policy_document" "${n}_schedule" {
  statement {
    sid       = "Invoke"
    actions   = [${SCHEDULE_INVOKE_ACTIONS.map((a) => `"${a}"`).join(', ')}]
    resources = [aws_lambda_function.${n}.arn, "\${aws_lambda_function.${n}.arn}:*"]
  }

  statement {
    sid       = "DeadLetters"
    actions   = [${DLQ_SEND_ACTIONS.map((a) => `"${a}"`).join(', ')}]
    resources = [${dlq}]
  }
}

resource "aws_iam_role_policy" "${n}_schedule" {
  name   = "${fn.name}-schedule"
  role   = aws_iam_role.${n}_schedule.id
  policy = data.aws_iam_policy_document.${n}_schedule.json
}

resource "aws_scheduler_schedule" "${n}" {
${terraformSkips(['CKV_AWS_297'])}
${head}

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.${n}.arn
    role_arn = aws_iam_role.${n}_schedule.arn
    input = jsonencode({
${input}
    })

    retry_policy {
      maximum_retry_attempts       = ${ASYNC_RETRY.maximumRetryAttempts}
      maximum_event_age_in_seconds = ${ASYNC_RETRY.maximumEventAgeInSeconds}
    }

    dead_letter_config {
      arn = ${dlq}
    }
  }
}
`;
}
