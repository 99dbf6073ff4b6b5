import { describe, expect, it } from 'vitest';
import { PULUMI_MOCK_ACCOUNT, type PulumiResource, pulumiRef, readPulumi } from '../../lib/iac/deployment.js';

const ref = pulumiRef;
const FN = 'aws:lambda/function:Function';
const ROLE = 'aws:iam/role:Role';
const TABLE = 'aws:dynamodb/table:Table';
const QUEUE = 'aws:sqs/queue:Queue';
const LOGS = 'aws:cloudwatch/logGroup:LogGroup';
const BUCKET = 'aws:s3/bucket:Bucket';

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** What a program declares under mocks for a route, a queue consumer and a bucket's function. */
const declared: PulumiResource[] = [
  {
    type: TABLE,
    name: 'ItemsTable',
    inputs: {
      name: 'shop-dev-item',
      hashKey: 'id',
      attributes: [
        { name: 'shelf', type: 'S' },
        { name: 'id', type: 'S' },
      ],
      globalSecondaryIndexes: [{ name: 'by-shelf', hashKey: 'shelf', projectionType: 'ALL' }],
      streamEnabled: true,
      streamViewType: 'NEW_AND_OLD_IMAGES',
    },
  },
  ...['get-item', 'consume', 'on-upload'].flatMap((name): PulumiResource[] => [
    { type: LOGS, name: `${name}-logs`, inputs: { name: `/aws/lambda/shop-dev-${name}` } },
    { type: ROLE, name: `${name}-role`, inputs: { name: `shop-dev-${name}` } },
    {
      type: FN,
      name,
      inputs: {
        name: `shop-dev-${name}`,
        role: ref(ROLE, `${name}-role`, 'arn'),
        memorySize: 256,
        timeout: 10,
        architectures: ['arm64'],
        loggingConfig: { logFormat: 'JSON', logGroup: `/aws/lambda/shop-dev-${name}` },
      },
    },
  ]),
  {
    type: 'aws:iam/rolePolicy:RolePolicy',
    name: 'get-item-policy',
    inputs: {
      role: ref(ROLE, 'get-item-role', 'id'),
      policy: policy(
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${ref(LOGS, 'get-item-logs', 'arn')}:*` },
        { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [ref(TABLE, 'ItemsTable', 'arn'), `${ref(TABLE, 'ItemsTable', 'arn')}/index/*`] },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ),
    },
  },
  {
    type: 'aws:iam/rolePolicy:RolePolicy',
    name: 'consume-policy',
    inputs: {
      role: ref(ROLE, 'consume-role', 'id'),
      policy: policy({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: ref(QUEUE, 'consume', 'arn') }),
    },
  },
  { type: 'aws:iam/rolePolicy:RolePolicy', name: 'on-upload-policy', inputs: { role: ref(ROLE, 'on-upload-role', 'id'), policy: 'not JSON' } },
  { type: QUEUE, name: 'consume-dlq', inputs: { messageRetentionSeconds: 1209600, sqsManagedSseEnabled: true } },
  {
    type: QUEUE,
    name: 'consume',
    inputs: {
      visibilityTimeoutSeconds: 60,
      messageRetentionSeconds: 345600,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: ref(QUEUE, 'consume-dlq', 'arn'), maxReceiveCount: 5 }),
    },
  },
  {
    type: 'aws:sqs/queuePolicy:QueuePolicy',
    name: 'consume-policy',
    inputs: {
      queueUrl: ref(QUEUE, 'consume', 'url'),
      policy: policy({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:*',
        Resource: ref(QUEUE, 'consume', 'arn'),
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    },
  },
  {
    type: 'aws:lambda/eventSourceMapping:EventSourceMapping',
    name: 'consume',
    inputs: {
      eventSourceArn: ref(QUEUE, 'consume', 'arn'),
      functionName: ref(FN, 'consume', 'arn'),
      batchSize: 5,
      functionResponseTypes: ['ReportBatchItemFailures'],
    },
  },
  {
    type: 'aws:apigatewayv2/api:Api',
    name: 'api',
    inputs: { name: 'shop-dev', corsConfiguration: { allowOrigins: ['https://b.example.com', 'https://a.example.com'] } },
  },
  {
    type: 'aws:apigatewayv2/authorizer:Authorizer',
    name: 'authorizer',
    inputs: { jwtConfiguration: { issuer: `https://${ref('aws:cognito/userPool:UserPool', 'users', 'endpoint')}`, audiences: ['x'] } },
  },
  {
    type: 'aws:apigatewayv2/route:Route',
    name: 'get-item',
    inputs: { routeKey: 'GET /items/{id}', authorizationType: 'JWT', authorizationScopes: ['write', 'read'] },
  },
  { type: BUCKET, name: 'on-upload', inputs: { bucketPrefix: 'shop-dev-on-upload-' } },
  {
    type: 'aws:s3/bucketVersioning:BucketVersioning',
    name: 'on-upload',
    inputs: { bucket: ref(BUCKET, 'on-upload', 'id'), versioningConfiguration: { status: 'Enabled' } },
  },
  {
    type: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
    name: 'on-upload',
    inputs: { bucket: ref(BUCKET, 'on-upload', 'id'), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: false },
  },
  {
    type: 'aws:s3/bucketNotification:BucketNotification',
    name: 'on-upload',
    inputs: {
      bucket: ref(BUCKET, 'on-upload', 'id'),
      lambdaFunctions: [{ lambdaFunctionArn: ref(FN, 'on-upload', 'arn'), events: ['s3:ObjectCreated:*'], filterPrefix: 'in/' }],
    },
  },
  {
    type: 'aws:lambda/permission:Permission',
    name: 'on-upload-bucket',
    inputs: { function: 'shop-dev-on-upload', principal: 's3.amazonaws.com', sourceArn: ref(BUCKET, 'on-upload', 'arn'), sourceAccount: PULUMI_MOCK_ACCOUNT },
  },
];

describe('readPulumi: the deployment model of what a Pulumi program declares under mocks', () => {
  const model = readPulumi(declared, ['shop-dev-']);

  it('reads each function with its sizing and its role statements, each resource by what it is', () => {
    expect(model.functions.map((f) => f.name)).toEqual(['get-item', 'consume', 'on-upload']);
    expect(model.functions[0]).toEqual({
      id: 'get-item',
      name: 'get-item',
      memory: 256,
      timeout: 10,
      architecture: 'arm64',
      // The Deny statement is no grant.
      statements: [
        { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['log-group:own'] },
        { actions: ['dynamodb:Query'], resources: ['table:ItemsTable', 'indexes:ItemsTable'] },
      ],
      managed: [],
      unread: [],
    });
    expect(model.functions[1]?.statements).toEqual([{ actions: ['sqs:ReceiveMessage'], resources: ['queue:consume'] }]);
    expect(model.functions[2]?.unread).toEqual(['not JSON']);
  });

  it('reads mappings, queues with their dead letters and TLS-only policies, and tables', () => {
    expect(model.mappings).toEqual([{ function: 'consume', source: 'queue:consume', batchSize: 5, responseTypes: ['ReportBatchItemFailures'] }]);
    expect(model.queues).toEqual({
      'consume-dlq': { retention: 1209600, sse: true, tlsOnly: false },
      consume: { visibility: 60, retention: 345600, sse: true, tlsOnly: true, deadLetter: { queue: 'queue:consume-dlq', maxReceiveCount: 5 } },
    });
    expect(model.tables).toEqual({
      ItemsTable: {
        attributes: ['id S', 'shelf S'],
        keys: ['id HASH'],
        indexes: [{ name: 'by-shelf', keys: ['shelf HASH'], projection: 'ALL' }],
        stream: 'NEW_AND_OLD_IMAGES',
      },
    });
  });

  it("reads routes with what they ask of a caller (the stack's own user pool as such), and CORS", () => {
    expect(model.api).toEqual({
      routes: {
        'GET /items/{id}': {
          type: 'jwt',
          issuer: 'user-pool',
          audience: ['user-pool-client'],
          scopes: ['read', 'write'],
          ref: 'aws:apigatewayv2/route:Route.get-item',
        },
      },
      cors: { origins: ['https://a.example.com', 'https://b.example.com'] },
    });
  });

  it("reads buckets' settings and notifications, and who may invoke a function from where", () => {
    expect(model.buckets).toEqual({
      'on-upload': {
        versioned: true,
        publicAccessBlocked: false,
        tlsOnly: false,
        notifications: [{ function: 'on-upload', events: ['s3:ObjectCreated:*'], filter: { prefix: 'in/' } }],
      },
    });
    expect(model.permissions).toEqual([{ function: 'on-upload', principal: 's3.amazonaws.com', sourceAccount: true, source: 'bucket:on-upload' }]);
  });

  it('lists the physical names it sets', () => {
    expect(model.names).toContain(`${FN} shop-dev-get-item`);
    expect(model.names).toContain(`${TABLE} shop-dev-item`);
    expect(model.names).toContain('aws:apigatewayv2/api:Api shop-dev');
  });
});
