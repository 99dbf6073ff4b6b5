import type { Model } from '../../../model.js';
import { SCHEDULE_INPUT, SCHEDULE_INVOKE_ACTIONS } from '../../../triggers/schedule.js';
import { DLQ_SEND_ACTIONS, ASYNC_RETRY } from '../../../triggers/async.js';
import { toPascal } from '../../../naming.js';
import { SCHEDULE_CONCURRENCY_REASON, ASYNC_SKIPS, samSkips } from '../../checkov.js';
import { type EventFunctionOf, functionResource } from '../../flavour.js';
import { ref, getAtt, sub, samFunctionResources, samDeadLetters, asyncFunctionSpec } from '../resources.js';

/**
 * A scheduled job: EventBridge Scheduler (SAM's `ScheduleV2` event) invokes the function
 * asynchronously with the run's context attributes, through a role of its own (as the CDK's
 * `LambdaInvoke` target makes it: assumed by the scheduler of this account's default group,
 * allowed to invoke the function and its versions and to send to the dead-letter queue). A
 * delivery that fails its retries and a run that fails Lambda's retries (the function's
 * `DeadLetterQueue`) end in the same queue.
 */
export function samScheduleResources(model: Model, fn: EventFunctionOf<'schedule'>): Record<string, unknown> {
  const base = toPascal(fn.name);
  const deadLetters = `${base}DeadLetters`;
  const functionId = `${base}Function`;
  const resources = samFunctionResources(model, {
    ...functionResource(fn, `Runs on ${fn.trigger.expression}`),
    ...asyncFunctionSpec(deadLetters),
    events: {
      Schedule: {
        Type: 'ScheduleV2',
        Properties: {
          Name: sub(`${model.project}-\${Stage}-${fn.name}`),
          ScheduleExpression: fn.trigger.expression,
          ScheduleExpressionTimezone: fn.trigger.timezone,
          // No FlexibleTimeWindow: SAM writes { Mode: OFF } itself. Written here, the YAML 1.1
          // that CloudFormation reads would take OFF for false.
          Input: JSON.stringify(SCHEDULE_INPUT),
          RetryPolicy: { MaximumRetryAttempts: ASYNC_RETRY.maximumRetryAttempts, MaximumEventAgeInSeconds: ASYNC_RETRY.maximumEventAgeInSeconds },
          DeadLetterConfig: { Arn: getAtt(`${deadLetters}.Arn`) },
          RoleArn: getAtt(`${base}ScheduleRole.Arn`),
        },
      },
    },
    skips: samSkips(ASYNC_SKIPS, { CKV_AWS_115: SCHEDULE_CONCURRENCY_REASON }),
  });
  return {
    ...resources,
    [`${base}ScheduleRole`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: sub(`Role of the schedule of ${model.project}-\${Stage}-${fn.name}: invokes it, and sends what fails to its dead-letter queue.`),
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: {
                StringEquals: {
                  'aws:SourceAccount': ref('AWS::AccountId'),
                  'aws:SourceArn': sub('arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule-group/default'),
                },
              },
            },
          ],
        },
        Policies: [
          {
            PolicyName: `${fn.name}-schedule`,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'Invoke',
                  Effect: 'Allow',
                  Action: [...SCHEDULE_INVOKE_ACTIONS],
                  Resource: [getAtt(`${functionId}.Arn`), sub(`\${${functionId}.Arn}:*`)],
                },
                { Sid: 'DeadLetters', Effect: 'Allow', Action: [...DLQ_SEND_ACTIONS], Resource: getAtt(`${deadLetters}.Arn`) },
              ],
            },
          },
        ],
      },
    },
    ...samDeadLetters(model, deadLetters, `${model.project}-\${Stage}-${fn.name}-dlq`),
  };
}
