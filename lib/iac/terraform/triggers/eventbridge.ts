import type { Model } from '../../../model.js';
import { EVENT_INVOKE_ACTIONS, busName, eventPattern } from '../../../triggers/eventbridge.js';
import { DLQ_SEND_ACTIONS, ASYNC_RETRY } from '../../../triggers/async.js';
import { EVENTBRIDGE_CONCURRENCY_REASON } from '../../checkov.js';
import { type EventFunctionOf } from '../../flavour.js';
import { HEADER, tfName, terraformAsyncFunction, terraformDeadLetters, aligned } from '../functions.js';

/**
 * A function of an event rule: the rule on its bus with the event pattern, the function as its
 * target (retries, dead-letter queue), and the permission of events.amazonaws.com to invoke it
 * from that rule (as the CDK's \`LambdaFunction\` target makes them). A delivery that fails its
 * retries and an event that fails Lambda's retries (the function's \`dead_letter_config\`) end in
 * the same queue, whose policy lets this rule send to it.
 */
export function terraformEventRule(model: Model, fn: EventFunctionOf<'eventbridge'>): string {
  const n = tfName(fn);
  const { text, dlq } = terraformAsyncFunction(fn, `Handles ${fn.trigger.sources.join(', ')} events`, EVENTBRIDGE_CONCURRENCY_REASON);
  const pattern = Object.entries(eventPattern(fn.trigger));
  // tofu fmt aligns the \`=\` of consecutive attributes.
  const keyWidth = Math.max(...pattern.map(([k]) => JSON.stringify(k).length));
  const patternText = pattern
    .map(([k, values]) => `    ${JSON.stringify(k).padEnd(keyWidth)} = [${values.map((v) => JSON.stringify(v)).join(', ')}]`)
    .join('\n');
  const bus = fn.trigger.bus ? busName(fn.trigger) : undefined;
  const fromRule = `  statement {
    sid       = "FromRule"
    actions   = [${DLQ_SEND_ACTIONS.map((a) => `"${a}"`).join(', ')}]
    resources = [${dlq}]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.${n}.arn]
    }
  }`;
  return `${HEADER} the event rule's function ${fn.name}: its function, role, logs, rule, target, permission and the dead-letter queue.

${text}

${terraformDeadLetters(fn, [fromRule])}

resource "aws_cloudwatch_event_rule" "${n}" {
${aligned([['name', `"\${local.project}-${fn.name}"`], ...(bus ? [['event_bus_name', JSON.stringify(bus)] as [string, string]] : [])])}
  event_pattern = jsonencode({
${patternText}
  })
}

resource "aws_cloudwatch_event_target" "${n}" {
${aligned([['rule', `aws_cloudwatch_event_rule.${n}.name`], ...(bus ? [['event_bus_name', `aws_cloudwatch_event_rule.${n}.event_bus_name`] as [string, string]] : []), ['arn', `aws_lambda_function.${n}.arn`]])}

  retry_policy {
    maximum_retry_attempts       = ${ASYNC_RETRY.maximumRetryAttempts}
    maximum_event_age_in_seconds = ${ASYNC_RETRY.maximumEventAgeInSeconds}
  }

  dead_letter_config {
    arn = ${dlq}
  }
}

resource "aws_lambda_permission" "${n}_rule" {
  statement_id  = "AllowEventRule"
  action        = "${EVENT_INVOKE_ACTIONS[0]}"
  function_name = aws_lambda_function.${n}.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.${n}.arn
}
`;
}
