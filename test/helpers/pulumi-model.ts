/**
 * The cross-flavour test's views (test/helpers/iac-model.ts) of a Pulumi program's resources, as
 * it declares them under mocks (test/helpers/pulumi.ts): the same shapes as the CDK's, SAM's and
 * Terraform's, so that the test holds Pulumi to the synthesized CDK template too.
 */
import { PULUMI_MOCK_ACCOUNT, type PulumiResource, readPulumi } from '../../lib/iac/deployment.js';
import { DEFAULT_STAGE } from '../../lib/stage.js';
import {
  type ApiSettings,
  type Deployed,
  type DeployedBucketFunction,
  type DeployedConsumer,
  type DeployedRule,
  type DeployedSchedule,
  type Grants,
  type Permissions,
  actionLine,
  addPermission,
  bucketFunctionsOf,
  consumersOf,
  dynamoActions,
  functionKey,
  grantsOf,
  logFields,
  permissionPattern,
  policyLine,
  policyName,
  sizing,
  zone,
} from './iac-model.js';

const ofType = (declared: readonly PulumiResource[], type: string) => declared.filter((r) => r.type === type);
const ref = (type: string, name: string, attribute: string) => `ref:${type}:${name}.${attribute}`;
const FN = 'aws:lambda/function:Function';
const QUEUE = 'aws:sqs/queue:Queue';
const ROLE = 'aws:iam/role:Role';

const model = (declared: readonly PulumiResource[], project: string) => readPulumi(declared, [`${project}-${DEFAULT_STAGE}-`]);

/** Each function with its route (an HTTP route's key, a REST method's), sizing and DynamoDB actions. */
export function fromPulumi(declared: readonly PulumiResource[], project: string): Deployed {
  const out: Deployed = {};
  const routes = model(declared, project).api.routes;
  for (const fn of model(declared, project).functions) {
    const route = Object.entries(routes).find(([, r]) => r.ref.endsWith(`.${fn.id}`))?.[0] ?? '';
    out[fn.name] = { route, ...sizing(fn), actions: dynamoActions(fn) };
  }
  return out;
}

/** What each function's permissions let API Gateway invoke. */
export function pulumiPermissions(declared: readonly PulumiResource[], project: string): Permissions {
  const out: Permissions = {};
  for (const { inputs: p } of ofType(declared, 'aws:lambda/permission:Permission')) {
    if (p.principal !== 'apigateway.amazonaws.com') continue;
    const arn = String(p.sourceArn);
    addPermission(out, functionKey(p.function, project), permissionPattern(arn.slice(arn.indexOf('.executionArn') + '.executionArn'.length)));
  }
  return out;
}

export const pulumiGrants = (declared: readonly PulumiResource[], project: string): Grants => grantsOf(model(declared, project));
export const pulumiConsumers = (declared: readonly PulumiResource[], project: string): Record<string, DeployedConsumer> =>
  consumersOf(model(declared, project));
export const pulumiBucketFunctions = (declared: readonly PulumiResource[], project: string): Record<string, DeployedBucketFunction> =>
  bucketFunctionsOf(model(declared, project));

/** A role's inline statements as `actions -> what`, each resource named by `what`. */
function roleLines(declared: readonly PulumiResource[], role: string, what: (resource: string) => string): string[] {
  return ofType(declared, 'aws:iam/rolePolicy:RolePolicy')
    .filter((p) => p.inputs.role === ref(ROLE, role, 'id'))
    .flatMap((p) => (JSON.parse(String(p.inputs.policy)) as { Statement: { Action: unknown; Resource: unknown }[] }).Statement)
    .map((st) => actionLine(st.Action, [st.Resource].flat().map(String).map(what).sort().join(' + ')))
    .sort();
}

/** Each schedule: expression, zone, input, retries, dead letters, and its role. */
export function pulumiSchedules(declared: readonly PulumiResource[], project: string): Record<string, DeployedSchedule> {
  const out: Record<string, DeployedSchedule> = {};
  for (const { inputs: s } of ofType(declared, 'aws:scheduler/schedule:Schedule')) {
    const target = s.target;
    const fnId = String(target.arn).slice(`ref:${FN}:`.length, -'.arn'.length);
    const fn = ofType(declared, FN).find((f) => f.name === fnId)!.inputs;
    const dlq = String(target.deadLetterConfig.arn);
    const role = String(target.roleArn).slice(`ref:${ROLE}:`.length, -'.arn'.length);
    const assume = JSON.parse(String(ofType(declared, ROLE).find((r) => r.name === role)!.inputs.assumeRolePolicy)).Statement[0];
    const fnArn = ref(FN, fnId, 'arn');
    out[functionKey(fn.name, project)] = {
      expression: s.scheduleExpression,
      timezone: zone(s.scheduleExpressionTimezone),
      flexibleWindow: String(s.flexibleTimeWindow?.mode),
      input: JSON.parse(String(target.input)),
      retry: { attempts: target.retryPolicy.maximumRetryAttempts, maxAgeSeconds: target.retryPolicy.maximumEventAgeInSeconds },
      deadLetters: 'own queue',
      functionDeadLettersSame: fn.deadLetterConfig?.targetArn === dlq && dlq.startsWith(`ref:${QUEUE}:`),
      role: {
        principal: String(assume.Principal.Service),
        conditions: Object.entries<unknown>(assume.Condition.StringEquals)
          .map(
            ([k, v]) =>
              `${k} ${String(v).includes('schedule-group/default') ? 'the default schedule group' : v === PULUMI_MOCK_ACCOUNT ? 'this account' : JSON.stringify(v)}`,
          )
          .sort(),
        statements: roleLines(declared, role, (r) =>
          r === fnArn ? 'function' : r === `${fnArn}:*` ? 'function:*' : r === dlq ? 'dead-letter queue' : JSON.stringify(r),
        ),
      },
    };
  }
  return out;
}

/** Each event rule: its bus, pattern, target's retries and dead letters, who may invoke the function, the dead-letter queue's policy. */
export function pulumiRules(declared: readonly PulumiResource[], project: string): Record<string, DeployedRule> {
  const out: Record<string, DeployedRule> = {};
  const RULE = 'aws:cloudwatch/eventRule:EventRule';
  for (const { name, inputs: rule } of ofType(declared, RULE)) {
    const ruleArn = ref(RULE, name, 'arn');
    const target = ofType(declared, 'aws:cloudwatch/eventTarget:EventTarget').find((t) => t.inputs.rule === rule.name)!.inputs;
    const fnId = String(target.arn).slice(`ref:${FN}:`.length, -'.arn'.length);
    const fn = ofType(declared, FN).find((f) => f.name === fnId)!.inputs;
    const dlq = String(target.deadLetterConfig.arn);
    const dlqId = dlq.slice(`ref:${QUEUE}:`.length, -'.arn'.length);
    const invokedBy = ofType(declared, 'aws:lambda/permission:Permission')
      .filter((p) => p.inputs.function === fn.name)
      .map((p) => `${p.inputs.action} by ${p.inputs.principal} from ${p.inputs.sourceArn === ruleArn ? 'its rule' : JSON.stringify(p.inputs.sourceArn)}`);
    const policy = ofType(declared, 'aws:sqs/queuePolicy:QueuePolicy')
      .filter((p) => p.inputs.queueUrl === ref(QUEUE, dlqId, 'url'))
      .flatMap((p) => (JSON.parse(String(p.inputs.policy)) as { Statement: any[] }).Statement)
      .map((st) => {
        const conditions = Object.entries<any>(st.Condition ?? {}).flatMap(([test, byKey]) =>
          Object.entries<any>(byKey).map(([key, value]) => `${test} ${key} ${value === ruleArn ? 'its rule' : JSON.stringify(value)}`),
        );
        return policyLine(st.Effect, st.Principal.Service ?? st.Principal.AWS, st.Action, conditions.join(' and '));
      });
    out[functionKey(fn.name, project)] = {
      bus: String(rule.eventBusName ?? 'default'),
      pattern: JSON.parse(String(rule.eventPattern)),
      retry: { attempts: target.retryPolicy.maximumRetryAttempts, maxAgeSeconds: target.retryPolicy.maximumEventAgeInSeconds },
      functionDeadLettersSame: fn.deadLetterConfig?.targetArn === dlq,
      invokedBy: invokedBy.sort(),
      deadLetterPolicy: policy.sort(),
    };
  }
  return out;
}

/** The REST endpoint type, the access log's fields and the gateway responses. */
export function pulumiApiSettings(declared: readonly PulumiResource[]): ApiSettings {
  const rest = ofType(declared, 'aws:apigateway/restApi:RestApi')[0]?.inputs;
  const stage = [...ofType(declared, 'aws:apigateway/stage:Stage'), ...ofType(declared, 'aws:apigatewayv2/stage:Stage')][0]?.inputs;
  const format = stage?.accessLogSettings?.format;
  const gatewayResponses: ApiSettings['gatewayResponses'] = {};
  for (const { inputs: r } of ofType(declared, 'aws:apigateway/response:Response')) {
    const headers = Object.fromEntries(Object.entries<string>(r.responseParameters ?? {}).map(([k, v]) => [k.replace('gatewayresponse.header.', ''), v]));
    gatewayResponses[r.responseType] = { headers, template: r.responseTemplates?.['application/json'] };
  }
  return {
    ...(rest ? { endpointType: [rest.endpointConfiguration?.types ?? ['EDGE']].flat().join(',') } : {}),
    accessLog: format ? logFields(format) : [],
    gatewayResponses,
  };
}

/** The managed policies of the role the account's API Gateway setting names (REST), or undefined. */
export function pulumiAccountSetting(declared: readonly PulumiResource[]): { managed: string[] } | undefined {
  const accounts = ofType(declared, 'aws:apigateway/account:Account');
  if (accounts.length === 0) return undefined;
  const role = String(accounts[0]!.inputs.cloudwatchRoleArn).slice(`ref:${ROLE}:`.length, -'.arn'.length);
  return { managed: [ofType(declared, ROLE).find((r) => r.name === role)?.inputs.managedPolicyArns ?? []].flat().map(policyName) };
}

/** The physical names the program sets, for the stage it ran for. */
export const pulumiNames = (declared: readonly PulumiResource[]): string[] => readPulumi(declared).names;
