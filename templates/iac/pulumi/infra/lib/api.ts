import { createHash } from 'node:crypto';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type {
  BucketSpec,
  ConsumerSpec,
  FunctionSpec,
  Manifest,
  RuleSpec,
  ScheduleSpec,
  Settings,
  StreamSpec,
  TableSpec,
} from './manifest';

/**
 * The API: one Rust function per route, each with its own role that allows only its logs and the
 * DynamoDB actions of its route, on its table; the functions not behind HTTP (queues, schedules,
 * event rules, buckets, streams), each with what invokes it. The functions, routes and tables come
 * from `manifest.ts`, which `serverless-api route`, `resource` and `function` rewrite; edit this
 * file for everything else.
 */
export interface ApiOptions {
  /** The stage (`dev`, `prod`, ...): part of every physical name, so stages share an account. */
  stage: string;
  /** The code of a function: the zip `cargo lambda build --release --output-format zip` writes. */
  code(name: string): pulumi.asset.Archive;
}

/** What the stack exports: the API's URL, the user pool's ids, and each table, queue and bucket's name. */
export type ApiOutputs = Record<string, pulumi.Output<string>>;

type AnySpec = FunctionSpec | ConsumerSpec | ScheduleSpec | RuleSpec | StreamSpec | BucketSpec;

/** Physical names' limits (IAM roles, functions, rules, schedules: 64; SQS queues: 80; bucket prefixes: 37). */
const LIMITS = { role: 64, function: 64, rule: 64, schedule: 64, queue: 80, bucketPrefix: 37 } as const;

/** The headers a browser may send and read, as in every flavour. */
const CORS_HEADERS = ['authorization', 'content-type', 'if-match'];
const CORS_EXPOSED = ['etag', 'location'];

const lambdaTrust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** An IAM policy document of Allow statements. */
function document(statements: { Sid?: string; Action: string[] | string; Resource: pulumi.Input<string> | pulumi.Input<string>[]; [key: string]: unknown }[]) {
  return pulumi.jsonStringify({ Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', ...s })) });
}

/** A resource policy's statement that refuses every request not over TLS. */
function tlsOnly(action: string, resource: pulumi.Input<string> | pulumi.Input<string>[]) {
  return { Sid: 'TlsOnly', Effect: 'Deny', Principal: { AWS: '*' }, Action: action, Resource: resource, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

export function deployApi(manifest: Manifest, settings: Settings, options: ApiOptions): ApiOutputs {
  const prefix = `${manifest.project}-${options.stage}`;
  const outputs: ApiOutputs = {};
  const caller = aws.getCallerIdentityOutput();
  const partition = aws.getPartitionOutput();
  const region = aws.getRegionOutput();

  /** `<project>-<stage>-<stem><suffix>`, or its head and a hash of it where that passes `limit`. */
  const physical = (stem: string, suffix: string, limit: number): string => {
    const whole = `${prefix}-${stem}`;
    if (whole.length + suffix.length <= limit) return `${whole}${suffix}`;
    const hash = createHash('sha1').update(whole).digest('hex').slice(0, 6);
    return `${whole.slice(0, limit - suffix.length - 7)}-${hash}${suffix}`;
  };

  const logGroup = (id: string, name: string) =>
    new aws.cloudwatch.LogGroup(id, { name, retentionInDays: settings.logRetentionDays });

  /** A queue's policy that refuses every request not over TLS, with `statements` of its own. */
  const tlsOnlyQueue = (id: string, queue: aws.sqs.Queue, statements: Record<string, unknown>[] = []) =>
    new aws.sqs.QueuePolicy(`${id}-policy`, {
      queueUrl: queue.url,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [tlsOnly('sqs:*', queue.arn), ...statements],
      }),
    });

  /**
   * A dead-letter queue: kept 14 days (SQS's longest), SQS-managed encryption, TLS only. Its
   * policy (one per queue) is written here unless `policy` is false: then by the caller, with
   * statements of its own.
   */
  const deadLetters = (name: string, policy = true) => {
    const queue = new aws.sqs.Queue(`${name}-dlq`, {
      name: physical(name, '-dlq', LIMITS.queue),
      messageRetentionSeconds: settings.deadLetterRetentionSeconds,
      sqsManagedSseEnabled: true,
    });
    if (policy) tlsOnlyQueue(`${name}-dlq`, queue);
    return queue;
  };

  // The tables: on demand, point-in-time recovery, encrypted, kept when the stack goes.
  const tables = new Map<string, { spec: TableSpec; table: aws.dynamodb.Table }>();
  for (const spec of manifest.tables) {
    const indexes = [spec.index, spec.sorted].filter((i) => i !== undefined);
    const attributes = new Map<string, string>([[spec.partitionKey, 'S']]);
    for (const index of indexes) {
      attributes.set(index.partitionKey, 'S');
      if (index.sortKey) attributes.set(index.sortKey, index.numericSortKey ? 'N' : 'S');
    }
    const table = new aws.dynamodb.Table(
      spec.id,
      {
        name: physical(spec.resource, '', 255),
        billingMode: 'PAY_PER_REQUEST',
        hashKey: spec.partitionKey,
        attributes: [...attributes].map(([name, type]) => ({ name, type })),
        globalSecondaryIndexes: indexes.map((index) => ({
          name: index.name,
          hashKey: index.partitionKey,
          ...(index.sortKey ? { rangeKey: index.sortKey } : {}),
          projectionType: 'ALL',
        })),
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        // The item before and after each change, for the functions that read the table's stream.
        ...(spec.stream ? { streamEnabled: true, streamViewType: 'NEW_AND_OLD_IMAGES' } : {}),
      },
      { retainOnDelete: true },
    );
    tables.set(spec.resource, { spec, table });
    outputs[`${spec.id}Name`] = table.name;
  }

  /** A function of the workspace, with a role of its own and a log group with bounded retention. */
  const rustFunction = (
    spec: AnySpec,
    description: string,
    extra: { statements?: Record<string, unknown>[]; deadLetterQueue?: aws.sqs.Queue } = {},
  ): aws.lambda.Function => {
    const name = physical(spec.name, '', LIMITS.function);
    const logs = logGroup(`${spec.name}-logs`, `/aws/lambda/${name}`);
    const role = new aws.iam.Role(`${spec.name}-role`, {
      name: physical(spec.name, '', LIMITS.role),
      description: `Role of ${name}: writes its logs, and only its own actions.`,
      assumeRolePolicy: lambdaTrust,
    });
    const table = spec.resource ? tables.get(spec.resource) : undefined;
    const statements: Parameters<typeof document>[0] = [
      { Sid: 'Logs', Action: settings.actions.logs, Resource: pulumi.interpolate`${logs.arn}:*` },
      ...((extra.statements ?? []) as Parameters<typeof document>[0]),
    ];
    if (table && spec.actions.length > 0) {
      // A function that may query its table may query its indexes too.
      const indexed = (table.spec.index || table.spec.sorted) && spec.actions.includes('dynamodb:Query');
      statements.push({
        Sid: 'Table',
        Action: spec.actions,
        Resource: indexed ? [table.table.arn, pulumi.interpolate`${table.table.arn}/index/*`] : table.table.arn,
      });
    }
    const policy = new aws.iam.RolePolicy(`${spec.name}-policy`, { name: spec.name, role: role.id, policy: document(statements) });
    return new aws.lambda.Function(
      spec.name,
      {
        name,
        description,
        role: role.arn,
        code: options.code(spec.name),
        handler: 'bootstrap',
        runtime: 'provided.al2023',
        architectures: [manifest.architecture],
        memorySize: spec.memorySize ?? manifest.memorySize,
        timeout: spec.timeoutSeconds ?? manifest.timeoutSeconds,
        loggingConfig: { logFormat: 'JSON', logGroup: logs.name },
        ...(table ? { environment: { variables: { [table.spec.env]: table.table.name } } } : {}),
        ...(extra.deadLetterQueue ? { deadLetterConfig: { targetArn: extra.deadLetterQueue.arn } } : {}),
      },
      { dependsOn: [policy] },
    );
  };

  /** The permission of a service to invoke a function, from one source. */
  const invokePermission = (id: string, fn: aws.lambda.Function, statementId: string, principal: string, sourceArn: pulumi.Input<string>, sourceAccount?: pulumi.Input<string>) =>
    new aws.lambda.Permission(id, {
      statementId,
      action: 'lambda:InvokeFunction',
      function: fn.name,
      principal,
      sourceArn,
      ...(sourceAccount ? { sourceAccount } : {}),
    });

  // The API's access log: the same fields in every flavour.
  const accessLogs = logGroup('api-access-logs', `/aws/apigateway/${prefix}`);
  const accessLogSettings = { destinationArn: accessLogs.arn, format: JSON.stringify(settings.accessLog) };

  // Users of this API (--auth cognito): a user pool with an app client for your front end (no
  // secret: SRP sign-in; admin password sign-in for tokens from the AWS CLI).
  let users: { pool: aws.cognito.UserPool; client: aws.cognito.UserPoolClient } | undefined;
  if (manifest.auth?.kind === 'cognito') {
    const pool = new aws.cognito.UserPool(
      'users',
      {
        name: prefix,
        usernameAttributes: ['email'],
        autoVerifiedAttributes: ['email'],
        mfaConfiguration: 'OPTIONAL',
        softwareTokenMfaConfiguration: { enabled: true },
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
        accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
      },
      // The users outlive the stack, as the tables do.
      { retainOnDelete: true },
    );
    const client = new aws.cognito.UserPoolClient('app', {
      name: prefix,
      userPoolId: pool.id,
      generateSecret: false,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
    });
    users = { pool, client };
    outputs.UserPoolId = pool.id;
    outputs.UserPoolClientId = client.id;
  }

  if (settings.api === 'http') {
    const api = new aws.apigatewayv2.Api('api', {
      name: prefix,
      description: settings.description,
      protocolType: 'HTTP',
      // Browsers' preflight (OPTIONS) is answered by API Gateway: no route, so no authorizer sees it.
      ...(manifest.cors
        ? {
            corsConfiguration: {
              allowOrigins: manifest.cors.origins,
              allowMethods: ['*'],
              allowHeaders: CORS_HEADERS,
              exposeHeaders: CORS_EXPOSED,
              maxAge: 3600,
            },
          }
        : {}),
    });
    const authorizer =
      manifest.auth?.kind === 'jwt' || manifest.auth?.kind === 'cognito'
        ? new aws.apigatewayv2.Authorizer('authorizer', {
            apiId: api.id,
            name: `${prefix}-authorizer`,
            authorizerType: 'JWT',
            identitySources: ['$request.header.Authorization'],
            jwtConfiguration: users
              ? { issuer: pulumi.interpolate`https://${users.pool.endpoint}`, audiences: [users.client.id] }
              : { issuer: manifest.auth.issuer ?? '', audiences: manifest.auth.audience ?? [] },
          })
        : undefined;
    const stage = new aws.apigatewayv2.Stage('default', {
      apiId: api.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: { throttlingRateLimit: settings.throttling.rateLimit, throttlingBurstLimit: settings.throttling.burstLimit },
      accessLogSettings,
    });
    for (const spec of manifest.functions) {
      const fn = rustFunction(spec, `${spec.method} ${spec.path}`);
      const integration = new aws.apigatewayv2.Integration(spec.name, {
        apiId: api.id,
        integrationType: 'AWS_PROXY',
        integrationUri: fn.invokeArn,
        payloadFormatVersion: '2.0',
      });
      // What a caller needs (manifest.ts): the API's authorizer (with these scopes), IAM, or nothing.
      const type = spec.auth?.type ?? 'none';
      const jwt = (type === 'jwt' || type === 'cognito') && authorizer;
      new aws.apigatewayv2.Route(spec.name, {
        apiId: api.id,
        routeKey: `${spec.method} ${spec.path}`,
        target: pulumi.interpolate`integrations/${integration.id}`,
        ...(jwt ? { authorizationType: 'JWT', authorizerId: authorizer.id } : type === 'iam' ? { authorizationType: 'AWS_IAM' } : {}),
        ...(jwt && spec.auth?.scopes.length ? { authorizationScopes: spec.auth.scopes } : {}),
      });
      // HTTP APIs invoke with the route's path as declared.
      invokePermission(`${spec.name}-api`, fn, 'AllowApiGatewayInvoke', 'apigateway.amazonaws.com', pulumi.interpolate`${api.executionArn}/*/${spec.method}${spec.path}`);
    }
    outputs.ApiUrl = stage.invokeUrl;
  } else {
    outputs.ApiUrl = restApi(manifest, settings, {
      prefix,
      users,
      accessLogSettings,
      stage: options.stage,
      partition: partition.partition,
      route: (spec) => rustFunction(spec, `${spec.method} ${spec.path}`),
      invokePermission,
    });
  }

  // Queue consumers: each reads its queue in batches, and only the messages it reports as failed
  // return to the queue (then, after five receives, to the dead-letter queue).
  for (const spec of manifest.consumers) {
    let queueArn: pulumi.Input<string> = spec.queueArn ?? '';
    if (!spec.queueArn) {
      const dlq = deadLetters(spec.name);
      const queue = new aws.sqs.Queue(spec.name, {
        name: physical(spec.name, '', LIMITS.queue),
        // At least six times the function's timeout, so that a batch still retried is not handed out again.
        visibilityTimeoutSeconds: (spec.timeoutSeconds ?? manifest.timeoutSeconds) * 6,
        messageRetentionSeconds: 345600,
        sqsManagedSseEnabled: true,
        redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
      });
      tlsOnlyQueue(spec.name, queue);
      queueArn = queue.arn;
      outputs[`${spec.name}QueueUrl`] = queue.url;
    }
    const fn = rustFunction(spec, `Consumes ${spec.queueArn ?? 'its queue'}`, {
      statements: [{ Sid: 'Queue', Action: settings.actions.consume, Resource: queueArn }],
    });
    new aws.lambda.EventSourceMapping(spec.name, {
      eventSourceArn: queueArn,
      functionName: fn.arn,
      batchSize: spec.batchSize,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
  }

  // Scheduled jobs: EventBridge Scheduler invokes each function asynchronously, through a role of
  // its own. A delivery that fails the schedule's retries and a run that fails Lambda's retries
  // both end in the job's dead-letter queue.
  for (const spec of manifest.schedules) {
    const dlq = deadLetters(spec.name);
    const fn = rustFunction(spec, `Runs on ${spec.expression}`, {
      statements: [{ Sid: 'DeadLetters', Action: settings.actions.deadLetterSend, Resource: dlq.arn }],
      deadLetterQueue: dlq,
    });
    const role = new aws.iam.Role(`${spec.name}-schedule-role`, {
      name: physical(spec.name, '-schedule', LIMITS.role),
      // Assumed by this account's scheduler, for the default group only.
      assumeRolePolicy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: {
                'aws:SourceAccount': caller.accountId,
                'aws:SourceArn': pulumi.interpolate`arn:${partition.partition}:scheduler:${region.region}:${caller.accountId}:schedule-group/default`,
              },
            },
          },
        ],
      }),
    });
    new aws.iam.RolePolicy(`${spec.name}-schedule-policy`, {
      name: `${spec.name}-schedule`,
      role: role.id,
      policy: document([
        { Sid: 'Invoke', Action: settings.actions.scheduleInvoke, Resource: [fn.arn, pulumi.interpolate`${fn.arn}:*`] },
        { Sid: 'DeadLetters', Action: settings.actions.deadLetterSend, Resource: dlq.arn },
      ]),
    });
    new aws.scheduler.Schedule(spec.name, {
      name: physical(spec.name, '', LIMITS.schedule),
      scheduleExpression: spec.expression,
      ...(spec.timezone ? { scheduleExpressionTimezone: spec.timezone } : {}),
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: fn.arn,
        roleArn: role.arn,
        input: JSON.stringify(spec.input),
        retryPolicy: { maximumRetryAttempts: spec.retryAttempts, maximumEventAgeInSeconds: spec.maxEventAgeSeconds },
        deadLetterConfig: { arn: dlq.arn },
      },
    });
  }

  // Event rules: EventBridge invokes each function asynchronously for each event its rule matches,
  // and may send what it cannot deliver to the dead-letter queue, from that rule only.
  for (const spec of manifest.rules) {
    const dlq = deadLetters(spec.name, false);
    const fn = rustFunction(spec, `Handles ${spec.pattern.source.join(', ')} events`, {
      statements: [{ Sid: 'DeadLetters', Action: settings.actions.deadLetterSend, Resource: dlq.arn }],
      deadLetterQueue: dlq,
    });
    const rule = new aws.cloudwatch.EventRule(spec.name, {
      name: physical(spec.name, '', LIMITS.rule),
      ...(spec.bus ? { eventBusName: spec.bus } : {}),
      eventPattern: JSON.stringify(spec.pattern),
    });
    // The dead-letter queue takes what the rule cannot deliver, from that rule only.
    tlsOnlyQueue(`${spec.name}-dlq`, dlq, [
      {
        Sid: 'FromRule',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: settings.actions.deadLetterSend,
        Resource: dlq.arn,
        Condition: { ArnEquals: { 'aws:SourceArn': rule.arn } },
      },
    ]);
    new aws.cloudwatch.EventTarget(spec.name, {
      rule: rule.name,
      ...(spec.bus ? { eventBusName: rule.eventBusName } : {}),
      arn: fn.arn,
      retryPolicy: { maximumRetryAttempts: spec.retryAttempts, maximumEventAgeInSeconds: spec.maxEventAgeSeconds },
      deadLetterConfig: { arn: dlq.arn },
    });
    invokePermission(`${spec.name}-rule`, fn, 'AllowEventRule', 'events.amazonaws.com', rule.arn);
  }

  // Bucket functions: S3 invokes each asynchronously for the object events of its bucket that
  // match its key filter; an event that fails Lambda's two retries goes to its dead-letter queue.
  for (const spec of manifest.buckets) {
    if (spec.bucket) {
      throw new Error(`${spec.name}: a bucket notification owns the bucket's whole configuration and would remove the others of ${spec.bucket}`);
    }
    const dlq = deadLetters(spec.name);
    const fn = rustFunction(spec, 'Handles the object events of its bucket', {
      statements: [{ Sid: 'DeadLetters', Action: settings.actions.deadLetterSend, Resource: dlq.arn }],
      deadLetterQueue: dlq,
    });
    // SSE-S3, public access blocked, TLS only, versioned, kept when the stack goes.
    const bucket = new aws.s3.Bucket(spec.name, { bucketPrefix: physical(spec.name, '-', LIMITS.bucketPrefix) }, { retainOnDelete: true });
    new aws.s3.BucketVersioning(spec.name, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new aws.s3.BucketServerSideEncryptionConfiguration(spec.name, {
      bucket: bucket.id,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new aws.s3.BucketPublicAccessBlock(spec.name, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new aws.s3.BucketPolicy(spec.name, {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [tlsOnly('s3:*', [bucket.arn, pulumi.interpolate`${bucket.arn}/*`])],
      }),
    });
    const permission = invokePermission(`${spec.name}-bucket`, fn, 'AllowBucket', 's3.amazonaws.com', bucket.arn, caller.accountId);
    new aws.s3.BucketNotification(
      spec.name,
      {
        bucket: bucket.id,
        lambdaFunctions: [
          {
            lambdaFunctionArn: fn.arn,
            events: spec.events,
            ...(spec.prefix !== undefined ? { filterPrefix: spec.prefix } : {}),
            ...(spec.suffix !== undefined ? { filterSuffix: spec.suffix } : {}),
          },
        ],
      },
      { dependsOn: [permission] },
    );
    outputs[`${spec.name}BucketName`] = bucket.bucket;
  }

  // Stream readers: each reads its table's stream from the latest record in batches, a failing
  // batch split in two, up to the first record that fails (the checkpoint); after its retries, the
  // description of what failed goes to its on-failure queue.
  for (const spec of manifest.streams) {
    const table = tables.get(spec.resource);
    if (!table) throw new Error(`${spec.name} reads the stream of ${spec.resource}, which is not a table of the manifest`);
    const onFailure = deadLetters(spec.name);
    const fn = rustFunction(spec, `Reads the stream of the ${spec.resource} table`, {
      statements: [
        { Sid: 'Stream', Action: settings.actions.streamRead, Resource: table.table.streamArn },
        // ListStreams names no stream: IAM takes only * for it.
        { Sid: 'ListStreams', Action: [settings.actions.streamList], Resource: '*' },
        { Sid: 'OnFailure', Action: settings.actions.onFailureSend, Resource: onFailure.arn },
      ],
    });
    new aws.lambda.EventSourceMapping(spec.name, {
      eventSourceArn: table.table.streamArn,
      functionName: fn.arn,
      startingPosition: 'LATEST',
      batchSize: spec.batchSize,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: spec.retryAttempts,
      maximumRecordAgeInSeconds: spec.maxRecordAgeSeconds,
      functionResponseTypes: ['ReportBatchItemFailures'],
      destinationConfig: { onFailure: { destinationArn: onFailure.arn } },
    });
  }

  return outputs;
}

/**
 * The REST API: a resource per path, a method and integration per route (with what a caller
 * needs), preflight methods with CORS, API Gateway's own errors in the functions' shape, a
 * deployment that changes with any of them, and the stage with its throttling and access log.
 */
function restApi(
  manifest: Manifest,
  settings: Settings,
  context: {
    prefix: string;
    stage: string;
    users?: { pool: aws.cognito.UserPool; client: aws.cognito.UserPoolClient };
    accessLogSettings: { destinationArn: pulumi.Output<string>; format: string };
    partition: pulumi.Output<string>;
    route(spec: FunctionSpec): aws.lambda.Function;
    invokePermission(id: string, fn: aws.lambda.Function, statementId: string, principal: string, sourceArn: pulumi.Input<string>): aws.lambda.Permission;
  },
): pulumi.Output<string> {
  const api = new aws.apigateway.RestApi('api', {
    name: context.prefix,
    description: settings.description,
    // Regional, as in every flavour (API Gateway's default, EDGE, adds a CloudFront hop).
    endpointConfiguration: { types: 'REGIONAL' },
  });
  const authorizer = context.users
    ? new aws.apigateway.Authorizer('authorizer', {
        name: `${context.prefix}-authorizer`,
        restApi: api.id,
        type: 'COGNITO_USER_POOLS',
        providerArns: [context.users.pool.arn],
        identitySource: 'method.request.header.Authorization',
      })
    : undefined;
  const validator = new aws.apigateway.RequestValidator('parameters', { restApi: api.id, name: 'parameters', validateRequestParameters: true });
  // Every part of the API, whole: a change to any must reach the stage through a new deployment.
  const parts: pulumi.Resource[] = [validator, ...(authorizer ? [authorizer] : [])];
  const digest: unknown[] = [];

  // The resource tree: one resource per path segment.
  const resources = new Map<string, pulumi.Output<string>>([['/', api.rootResourceId]]);
  const resourceOf = (path: string): pulumi.Output<string> => {
    const known = resources.get(path);
    if (known) return known;
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    const pathPart = path.slice(path.lastIndexOf('/') + 1);
    const resource = new aws.apigateway.Resource(`path${path.replace(/[{}]/g, '').replace(/\//g, '-')}`, {
      restApi: api.id,
      parentId: resourceOf(parent),
      pathPart,
    });
    parts.push(resource);
    digest.push(['resource', path]);
    resources.set(path, resource.id);
    return resource.id;
  };

  for (const spec of manifest.functions) {
    const fn = context.route(spec);
    const resourceId = resourceOf(spec.path);
    const type = spec.auth?.type ?? 'none';
    const cognito = type === 'cognito' && authorizer;
    const method = new aws.apigateway.Method(spec.name, {
      restApi: api.id,
      resourceId,
      httpMethod: spec.method,
      authorization: cognito ? 'COGNITO_USER_POOLS' : type === 'iam' ? 'AWS_IAM' : 'NONE',
      ...(cognito ? { authorizerId: authorizer.id } : {}),
      ...(cognito && spec.auth?.scopes.length ? { authorizationScopes: spec.auth.scopes } : {}),
      requestValidatorId: validator.id,
      requestParameters: Object.fromEntries([...spec.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [`method.request.path.${name}`, true])),
    });
    const integration = new aws.apigateway.Integration(spec.name, {
      restApi: api.id,
      resourceId,
      httpMethod: method.httpMethod,
      integrationHttpMethod: 'POST',
      type: 'AWS_PROXY',
      uri: fn.invokeArn,
    });
    parts.push(method, integration);
    digest.push(['method', spec.method, spec.path, type, spec.auth?.scopes ?? []]);
    // REST APIs invoke with the concrete path: each `{param}` is `*` in the source ARN.
    context.invokePermission(
      `${spec.name}-api`,
      fn,
      'AllowApiGatewayInvoke',
      'apigateway.amazonaws.com',
      pulumi.interpolate`${api.executionArn}/*/${spec.method}${spec.path.replace(/\{[^}]+\}/g, '*')}`,
    );
  }

  // With origins in manifest.cors, every resource answers browsers' preflight: an OPTIONS method
  // whose authorization is NONE (a preflight never carries a token), answered by API Gateway.
  if (manifest.cors) {
    for (const path of [...new Set(manifest.functions.map((f) => f.path))].sort()) {
      const id = `${path.replace(/[{}]/g, '').replace(/\//g, '-')}-preflight`;
      const where = { restApi: api.id, resourceId: resourceOf(path), httpMethod: 'OPTIONS' };
      const method = new aws.apigateway.Method(id, { ...where, authorization: 'NONE' });
      const integration = new aws.apigateway.Integration(id, { ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, { dependsOn: [method] });
      const response = new aws.apigateway.MethodResponse(
        id,
        { ...where, statusCode: '200', responseParameters: Object.fromEntries(settings.preflightHeaders.map(([h]) => [`method.response.header.${h}`, true])) },
        { dependsOn: [method] },
      );
      const integrationResponse = new aws.apigateway.IntegrationResponse(
        id,
        {
          ...where,
          statusCode: response.statusCode,
          responseParameters: Object.fromEntries(settings.preflightHeaders.map(([h, v]) => [`method.response.header.${h}`, `'${v}'`])),
        },
        { dependsOn: [integration] },
      );
      parts.push(method, integration, response, integrationResponse);
      digest.push(['preflight', path, settings.preflightHeaders]);
    }
  }

  // API Gateway's own errors (an authorizer's 401, a throttle's 429, ...) in the functions' shape.
  for (const response of settings.gatewayResponses) {
    parts.push(
      new aws.apigateway.Response(response.type.toLowerCase().replace('_', '-'), {
        restApiId: api.id,
        responseType: response.type,
        responseTemplates: { 'application/json': response.template },
        ...(response.headers.length
          ? { responseParameters: Object.fromEntries(response.headers.map(([h, v]) => [`gatewayresponse.header.${h}`, v])) }
          : {}),
      }),
    );
    digest.push(['response', response]);
  }

  const deployment = new aws.apigateway.Deployment(
    'api',
    {
      restApi: api.id,
      triggers: { redeployment: createHash('sha1').update(JSON.stringify(digest)).digest('hex') },
    },
    { dependsOn: parts },
  );

  // A REST stage logs only once the account (per region) names API Gateway's CloudWatch role. It
  // is one setting per account and region, shared by every REST API there: kept when the stack goes.
  const cloudwatchRole = new aws.iam.Role(
    'apigateway-cloudwatch',
    {
      name: `${context.prefix}-apigateway-cloudwatch`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      managedPolicyArns: [pulumi.interpolate`arn:${context.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`],
    },
    { retainOnDelete: true },
  );
  const account = new aws.apigateway.Account('account', { cloudwatchRoleArn: cloudwatchRole.arn }, { retainOnDelete: true });
  const stage = new aws.apigateway.Stage(
    'stage',
    {
      restApi: api.id,
      deployment: deployment.id,
      stageName: context.stage,
      accessLogSettings: context.accessLogSettings,
    },
    { dependsOn: [account] },
  );
  new aws.apigateway.MethodSettings('all', {
    restApi: api.id,
    stageName: stage.stageName,
    methodPath: '*/*',
    settings: { throttlingRateLimit: settings.throttling.rateLimit, throttlingBurstLimit: settings.throttling.burstLimit },
  });
  return pulumi.interpolate`${stage.invokeUrl}/`;
}
