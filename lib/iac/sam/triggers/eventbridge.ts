import type { Model } from '../../../model.js';
import { DLQ_SEND_ACTIONS, ASYNC_RETRY } from '../../../triggers/async.js';
import { toPascal } from '../../../naming.js';
import { busName, eventPattern } from '../../../triggers/eventbridge.js';
import { ASYNC_SKIPS, EVENTBRIDGE_CONCURRENCY_REASON, samSkips } from '../../checkov.js';
import { type EventFunctionOf, functionResource } from '../../flavour.js';
import { getAtt, sub, samFunctionResources, samDeadLetters, asyncFunctionSpec } from '../resources.js';

/**
 * A function of an event rule: SAM's `EventBridgeRule` event makes the rule on the bus and the
 * permission of events.amazonaws.com to invoke the function from that rule (as the CDK's
 * `LambdaFunction` target does). EventBridge invokes asynchronously: a delivery that fails its
 * retries (the target's `DeadLetterConfig`, which the queue's policy lets this rule send to) and
 * an event that fails Lambda's retries (the function's `DeadLetterQueue`) end in the same queue.
 */
export function samEventBridgeResources(model: Model, fn: EventFunctionOf<'eventbridge'>): Record<string, unknown> {
  const base = toPascal(fn.name);
  const deadLetters = `${base}DeadLetters`;
  // SAM names the rule it makes after the function and the event: <function id><event name>.
  const rule = `${base}FunctionRule`;
  const resources = samFunctionResources(model, {
    ...functionResource(fn, `Handles ${fn.trigger.sources.join(', ')} events`),
    ...asyncFunctionSpec(deadLetters),
    events: {
      Rule: {
        Type: 'EventBridgeRule',
        Properties: {
          RuleName: sub(`${model.project}-\${Stage}-${fn.name}`),
          EventBusName: fn.trigger.bus ? busName(fn.trigger) : undefined,
          Pattern: eventPattern(fn.trigger),
          RetryPolicy: { MaximumRetryAttempts: ASYNC_RETRY.maximumRetryAttempts, MaximumEventAgeInSeconds: ASYNC_RETRY.maximumEventAgeInSeconds },
          DeadLetterConfig: { Arn: getAtt(`${deadLetters}.Arn`) },
        },
      },
    },
    skips: samSkips(ASYNC_SKIPS, { CKV_AWS_115: EVENTBRIDGE_CONCURRENCY_REASON }),
  });
  const fromRule = {
    Sid: 'FromRule',
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: [...DLQ_SEND_ACTIONS],
    Resource: getAtt(`${deadLetters}.Arn`),
    Condition: { ArnEquals: { 'aws:SourceArn': getAtt(`${rule}.Arn`) } },
  };
  return { ...resources, ...samDeadLetters(model, deadLetters, `${model.project}-\${Stage}-${fn.name}-dlq`, [fromRule]) };
}
