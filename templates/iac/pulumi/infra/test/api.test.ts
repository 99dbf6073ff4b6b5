// What the program declares for the manifest under Pulumi's mocks (test/mocks.ts), resource by
// resource: the functions, their roles, the API, the tables and the mappings.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { zipOf } from '../lib/code';
import { type Declared, MOCK_ACCOUNT, declare } from './mocks';
import { manifest, settings } from '../lib/manifest';

const STAGE = 'dev';
let declared: Declared[] = [];

const ofType = (type: string) => declared.filter((r) => r.type === type);
const named = (type: string, name: string) => {
  const found = declared.find((r) => r.type === type && r.name === name);
  if (!found) throw new Error(`no ${type} ${name}`);
  return found;
};

/** Every function of the manifest, whatever invokes it. */
const everyFunction = [...manifest.functions, ...manifest.consumers, ...manifest.schedules, ...manifest.rules, ...manifest.buckets, ...manifest.streams];

beforeAll(async () => {
  declared = await declare(STAGE);
});

describe('the functions', () => {
  it('are one per function of the manifest, each sized as the manifest says', () => {
    expect(ofType('aws:lambda/function:Function').map((f) => f.name).sort()).toEqual(everyFunction.map((f) => f.name).sort());
    for (const spec of everyFunction) {
      const fn = named('aws:lambda/function:Function', spec.name).inputs;
      expect(fn.name).toBe(`${manifest.project}-${STAGE}-${spec.name}`);
      expect(fn.runtime).toBe('provided.al2023');
      expect(fn.handler).toBe('bootstrap');
      expect(fn.architectures).toEqual([manifest.architecture]);
      expect(fn.memorySize).toBe(spec.memorySize ?? manifest.memorySize);
      expect(fn.timeout).toBe(spec.timeoutSeconds ?? manifest.timeoutSeconds);
      expect(fn.loggingConfig).toEqual({ logFormat: 'JSON', logGroup: `/aws/lambda/${fn.name}` });
      expect(fn.role).toBe(`ref:aws:iam/role:Role:${spec.name}-role.arn`);
    }
  });

  it('each have a role of their own: their own logs, their table, what invokes them, and nothing else', () => {
    for (const spec of everyFunction) {
      const policies = ofType('aws:iam/rolePolicy:RolePolicy').filter((p) => p.inputs.role === `ref:aws:iam/role:Role:${spec.name}-role.id`);
      expect(policies).toHaveLength(1);
      const statements: { Sid: string; Effect: string; Action: string[]; Resource: string | string[] }[] = JSON.parse(policies[0]!.inputs.policy).Statement;
      expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
      expect(statements.find((s) => s.Sid === 'Logs')).toEqual({
        Sid: 'Logs',
        Effect: 'Allow',
        Action: settings.actions.logs,
        Resource: `ref:aws:cloudwatch/logGroup:LogGroup:${spec.name}-logs.arn:*`,
      });
      const table = manifest.tables.find((t) => t.resource === spec.resource);
      const onTable = statements.find((s) => s.Sid === 'Table');
      if (!table || spec.actions.length === 0) {
        expect(onTable).toBeUndefined();
      } else {
        const arn = `ref:aws:dynamodb/table:Table:${table.id}.arn`;
        const queries = (table.index || table.sorted) && spec.actions.includes('dynamodb:Query');
        expect(onTable?.Action).toEqual(spec.actions);
        expect(onTable?.Resource).toEqual(queries ? [arn, `${arn}/index/*`] : arn);
      }
      // Beyond its logs and its table, only what its trigger needs (none for a route).
      const others = statements.filter((s) => s.Sid !== 'Logs' && s.Sid !== 'Table').map((s) => s.Sid);
      const expected = manifest.functions.includes(spec as never)
        ? []
        : manifest.consumers.includes(spec as never)
          ? ['Queue']
          : manifest.streams.includes(spec as never)
            ? ['Stream', 'ListStreams', 'OnFailure']
            : ['DeadLetters'];
      expect(others).toEqual(expected);
      expect(statements.flatMap((s) => [s.Resource].flat()).filter((r) => r === '*')).toEqual(expected.includes('ListStreams') ? ['*'] : []);
    }
  });
});

describe('the API', () => {
  const authOf = (spec: (typeof manifest.functions)[number]) => spec.auth?.type ?? 'none';

  it('routes each function, asking of its caller what the manifest says', () => {
    if (settings.api === 'http') {
      const routes = ofType('aws:apigatewayv2/route:Route');
      expect(routes.map((r) => r.inputs.routeKey).sort()).toEqual(manifest.functions.map((f) => `${f.method} ${f.path}`).sort());
      for (const spec of manifest.functions) {
        const route = named('aws:apigatewayv2/route:Route', spec.name).inputs;
        expect(route.target).toBe(`integrations/ref:aws:apigatewayv2/integration:Integration:${spec.name}.id`);
        const type = authOf(spec);
        expect(route.authorizationType).toBe(type === 'jwt' || type === 'cognito' ? 'JWT' : type === 'iam' ? 'AWS_IAM' : undefined);
        expect(route.authorizationScopes).toEqual(spec.auth?.scopes.length ? spec.auth.scopes : undefined);
      }
    } else {
      const methods = ofType('aws:apigateway/method:Method').filter((m) => m.inputs.httpMethod !== 'OPTIONS');
      expect(methods.map((m) => m.name).sort()).toEqual(manifest.functions.map((f) => f.name).sort());
      for (const spec of manifest.functions) {
        const method = named('aws:apigateway/method:Method', spec.name).inputs;
        expect(method.httpMethod).toBe(spec.method);
        const type = authOf(spec);
        expect(method.authorization).toBe(type === 'cognito' ? 'COGNITO_USER_POOLS' : type === 'iam' ? 'AWS_IAM' : 'NONE');
        expect(method.authorizationScopes).toEqual(type === 'cognito' && spec.auth?.scopes.length ? spec.auth.scopes : undefined);
        expect(named('aws:apigateway/integration:Integration', spec.name).inputs).toMatchObject({ type: 'AWS_PROXY', integrationHttpMethod: 'POST' });
      }
    }
  });

  it('lets API Gateway invoke each function, from its own route only', () => {
    for (const spec of manifest.functions) {
      const permission = named('aws:lambda/permission:Permission', `${spec.name}-api`).inputs;
      expect(permission.principal).toBe('apigateway.amazonaws.com');
      expect(permission.function).toBe(`${manifest.project}-${STAGE}-${spec.name}`);
      const path = settings.api === 'http' ? spec.path : spec.path.replace(/\{[^}]+\}/g, '*');
      expect(permission.sourceArn).toBe(
        `ref:${settings.api === 'http' ? 'aws:apigatewayv2/api:Api' : 'aws:apigateway/restApi:RestApi'}:api.executionArn/*/${spec.method}${path}`,
      );
    }
  });

  it("answers browsers' preflight from the manifest's origins, and only then", () => {
    if (settings.api === 'http') {
      const cors = named('aws:apigatewayv2/api:Api', 'api').inputs.corsConfiguration;
      expect(cors?.allowOrigins).toEqual(manifest.cors?.origins);
    } else {
      const preflight = ofType('aws:apigateway/method:Method').filter((m) => m.inputs.httpMethod === 'OPTIONS');
      expect(preflight.every((m) => m.inputs.authorization === 'NONE')).toBe(true);
      expect(preflight).toHaveLength(manifest.cors ? new Set(manifest.functions.map((f) => f.path)).size : 0);
    }
  });

  it('throttles its stage and writes its access log', () => {
    const stage =
      settings.api === 'http' ? named('aws:apigatewayv2/stage:Stage', 'default').inputs : named('aws:apigateway/stage:Stage', 'stage').inputs;
    expect(JSON.parse(stage.accessLogSettings.format)).toEqual(settings.accessLog);
    const throttling =
      settings.api === 'http' ? stage.defaultRouteSettings : named('aws:apigateway/methodSettings:MethodSettings', 'all').inputs.settings;
    expect(throttling).toMatchObject({ throttlingRateLimit: settings.throttling.rateLimit, throttlingBurstLimit: settings.throttling.burstLimit });
  });
});

describe('the tables', () => {
  it('are one per table of the manifest, with their indexes and streams', () => {
    expect(ofType('aws:dynamodb/table:Table').map((t) => t.name).sort()).toEqual(manifest.tables.map((t) => t.id).sort());
    for (const spec of manifest.tables) {
      const table = named('aws:dynamodb/table:Table', spec.id).inputs;
      expect(table).toMatchObject({ billingMode: 'PAY_PER_REQUEST', hashKey: spec.partitionKey, pointInTimeRecovery: { enabled: true } });
      const indexes = [spec.index, spec.sorted].filter((i) => i !== undefined);
      expect((table.globalSecondaryIndexes ?? []).map((i: { name: string }) => i.name)).toEqual(indexes.map((i) => i.name));
      expect(table.streamViewType).toBe(spec.stream ? 'NEW_AND_OLD_IMAGES' : undefined);
    }
  });
});

describe('the functions not behind HTTP', () => {
  it('read their queues in batches, reporting the failed messages', () => {
    for (const spec of manifest.consumers) {
      expect(named('aws:lambda/eventSourceMapping:EventSourceMapping', spec.name).inputs).toMatchObject({
        functionName: `ref:aws:lambda/function:Function:${spec.name}.arn`,
        batchSize: spec.batchSize,
        functionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('read their streams from the latest record, a failing batch split, bounded retries, then the on-failure queue', () => {
    for (const spec of manifest.streams) {
      const table = manifest.tables.find((t) => t.resource === spec.resource);
      expect(named('aws:lambda/eventSourceMapping:EventSourceMapping', spec.name).inputs).toEqual(
        expect.objectContaining({
          eventSourceArn: `ref:aws:dynamodb/table:Table:${table?.id}.streamArn`,
          startingPosition: 'LATEST',
          batchSize: spec.batchSize,
          bisectBatchOnFunctionError: true,
          maximumRetryAttempts: spec.retryAttempts,
          maximumRecordAgeInSeconds: spec.maxRecordAgeSeconds,
          functionResponseTypes: ['ReportBatchItemFailures'],
          destinationConfig: { onFailure: { destinationArn: `ref:aws:sqs/queue:Queue:${spec.name}-dlq.arn` } },
        }),
      );
    }
  });

  it('run on their schedules, and are invoked by their rules and buckets only', () => {
    for (const spec of manifest.schedules) {
      expect(named('aws:scheduler/schedule:Schedule', spec.name).inputs).toMatchObject({
        scheduleExpression: spec.expression,
        target: { arn: `ref:aws:lambda/function:Function:${spec.name}.arn`, deadLetterConfig: { arn: `ref:aws:sqs/queue:Queue:${spec.name}-dlq.arn` } },
      });
    }
    for (const spec of manifest.rules) {
      expect(named('aws:lambda/permission:Permission', `${spec.name}-rule`).inputs.sourceArn).toBe(`ref:aws:cloudwatch/eventRule:EventRule:${spec.name}.arn`);
    }
    for (const spec of manifest.buckets) {
      expect(named('aws:lambda/permission:Permission', `${spec.name}-bucket`).inputs).toMatchObject({
        principal: 's3.amazonaws.com',
        sourceArn: `ref:aws:s3/bucket:Bucket:${spec.name}.arn`,
        sourceAccount: MOCK_ACCOUNT,
      });
      expect(named('aws:s3/bucketNotification:BucketNotification', spec.name).inputs.lambdaFunctions[0].events).toEqual(spec.events);
    }
  });

  it('keep their queues encrypted and reachable over TLS only', () => {
    for (const queue of ofType('aws:sqs/queue:Queue')) {
      expect(queue.inputs.sqsManagedSseEnabled).toBe(true);
      const policy = ofType('aws:sqs/queuePolicy:QueuePolicy').find((p) => p.inputs.queueUrl === `ref:aws:sqs/queue:Queue:${queue.name}.url`);
      expect(JSON.parse(policy?.inputs.policy ?? '{}').Statement?.[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    }
  });
});

describe("the functions' code", () => {
  it('is the zip cargo lambda writes, and a missing one stops the program with the command that builds it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lambda-'));
    mkdirSync(path.join(dir, 'built'));
    writeFileSync(path.join(dir, 'built', 'bootstrap.zip'), '');
    expect(zipOf(dir, 'built')).toBeInstanceOf(pulumi.asset.FileArchive);
    expect(() => zipOf(dir, 'missing')).toThrow(`${path.join(dir, 'missing', 'bootstrap.zip')} is missing. Build the functions first: make build-zip`);
  });
});
