import type { Model } from '../../../model.js';
import { busName, eventPattern } from '../../../triggers/eventbridge.js';
import { DLQ_SEND_ACTIONS, ASYNC_RETRY } from '../../../triggers/async.js';
import { EVENTBRIDGE_CONCURRENCY_REASON } from '../../checkov.js';
import { type EventFunctionOf } from '../../flavour.js';
import { HEADER, invokePermission, tfName, terraformAsyncFunction, terraformDeadLetters, statement, principals, condition } from '../functions.js';
import { block, object, printHcl, resource, str, strings } from '../hcl-writer.js';

/** A target's retries and dead-letter queue: a delivery that fails its retries ends in the queue. */
export function targetRetries(dlq: string) {
  return [
    block(
      'retry_policy',
      [],
      [
        ['maximum_retry_attempts', String(ASYNC_RETRY.maximumRetryAttempts)],
        ['maximum_event_age_in_seconds', String(ASYNC_RETRY.maximumEventAgeInSeconds)],
      ],
    ),
    block('dead_letter_config', [], [['arn', dlq]]),
  ];
}

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
  const pattern = Object.entries(eventPattern(fn.trigger)).map(([k, values]): [string, string] => [str(k), strings(values)]);
  const bus = fn.trigger.bus ? busName(fn.trigger) : undefined;
  const fromRule = statement(
    'FromRule',
    DLQ_SEND_ACTIONS,
    [dlq],
    principals('Service', '["events.amazonaws.com"]'),
    condition('ArnEquals', 'aws:SourceArn', `[aws_cloudwatch_event_rule.${n}.arn]`),
  );
  return `${HEADER} the event rule's function ${fn.name}: its function, role, logs, rule, target, permission and the dead-letter queue.

${text}

${terraformDeadLetters(fn, [fromRule])}

${printHcl(
  resource('aws_cloudwatch_event_rule', n, [
    ['name', str(`\${local.project}-${fn.name}`)],
    ['event_bus_name', bus === undefined ? undefined : str(bus)],
    ['event_pattern', `jsonencode(${object(pattern)})`],
  ]),
  resource(
    'aws_cloudwatch_event_target',
    n,
    [
      ['rule', `aws_cloudwatch_event_rule.${n}.name`],
      ['event_bus_name', bus === undefined ? undefined : `aws_cloudwatch_event_rule.${n}.event_bus_name`],
      ['arn', `aws_lambda_function.${n}.arn`],
    ],
    ...targetRetries(dlq),
  ),
  invokePermission(`${n}_rule`, n, { statementId: 'AllowEventRule', principal: 'events.amazonaws.com', sourceArn: `aws_cloudwatch_event_rule.${n}.arn` }),
)}
`;
}
