/**
 * The deployment model's readers at their edges (written against Stryker's survivors,
 * docs/mutation.md). `check` reads files a team edits by hand, so a reader must read any partial
 * resource without throwing: every key of a rich template is taken out, one at a time, and every
 * object emptied. And each form a reader tells apart is pinned by an example of the look-alike it
 * must not take for it.
 */
import { describe, expect, it } from 'vitest';
import {
  type CfnTemplate,
  functionActions,
  itemStatement,
  parseCloudFormationYaml,
  readCloudFormation,
  readTerraform,
  resolveNames,
} from '../../lib/iac/deployment.js';
import type { Hcl } from '../../lib/iac/hcl.js';

const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const ref = (id: string) => ({ Ref: id });

/** A template with every form the CloudFormation reader reads. */
const CFN: CfnTemplate = {
  Globals: { Function: { MemorySize: 128 } },
  Resources: {
    Books: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'status', AttributeType: 'S' },
          { AttributeName: 'id', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      },
    },
    Jobs: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        VisibilityTimeout: 60,
        MessageRetentionPeriod: 100,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: getAtt('Dead', 'Arn'), maxReceiveCount: 5 },
      },
    },
    Dead: { Type: 'AWS::SQS::Queue', Properties: {} },
    JobsPolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: { Queues: [ref('Jobs')], PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
    },
    Logs: { Type: 'AWS::Logs::LogGroup' },
    Topic: { Type: 'AWS::SNS::Topic' },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetRecords', Resource: getAtt('Books', 'StreamArn') }] } }],
        ManagedPolicyArns: ['arn:m'],
      },
    },
    Policy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [ref('Role')],
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [getAtt('Jobs', 'Arn'), getAtt('Logs', 'Arn'), { 'Fn::Sub': '${Books.Arn}/index/*' }] },
          ],
        },
      },
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'shop-dev-fn',
        Role: getAtt('Role', 'Arn'),
        LoggingConfig: { LogGroup: ref('Logs') },
        MemorySize: 256,
        Timeout: 3,
        Architectures: ['arm64'],
      },
    },
    Sam: {
      Type: 'AWS::Serverless::Function',
      Metadata: { BuildProperties: { Binary: 'sam' } },
      Properties: { Policies: ['Managed', { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, { DynamoDBReadPolicy: {} }] },
    },
    Stream: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        FunctionName: ref('Fn'),
        EventSourceArn: getAtt('Books', 'StreamArn'),
        BatchSize: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 60,
        StartingPosition: 'LATEST',
        DestinationConfig: { OnFailure: { Destination: getAtt('Dead', 'Arn') } },
      },
    },
    Uploads: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        NotificationConfiguration: {
          LambdaConfigurations: [
            { Function: getAtt('Fn', 'Arn'), Event: 's3:ObjectCreated:*', Filter: { S3Key: { Rules: [{ Name: 'Prefix', Value: 'in/' }] } } },
          ],
        },
      },
    },
    UploadsPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: ref('Uploads'), PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': false } } }] } },
    },
    Notifications: {
      Type: 'Custom::S3BucketNotifications',
      Properties: {
        BucketName: ref('Uploads'),
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            { LambdaFunctionArn: getAtt('Fn', 'Arn'), Events: ['s3:ObjectRemoved:*'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.csv' }] } } },
          ],
        },
      },
    },
    Invoke: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: getAtt('Fn', 'Arn'),
        Principal: 's3.amazonaws.com',
        SourceAccount: ref('AWS::AccountId'),
        SourceArn: getAtt('Uploads', 'Arn'),
      },
    },
    Named: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': '${Project}-${Stage}-role' } } },
    Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: ref('ApiName'), CorsConfiguration: { AllowOrigins: ['https://a.example'] } } },
    Jwt: { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: { JwtConfiguration: { Issuer: 'https://i.example', Audience: ['a'] } } },
    Route: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { RouteKey: 'GET /x', AuthorizationType: 'JWT', AuthorizerId: ref('Jwt'), AuthorizationScopes: ['s'] },
    },
    Items: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: getAtt('Rest', 'RootResourceId'), PathPart: 'items' } },
    Method: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'GET',
        ResourceId: ref('Items'),
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizationScopes: ['r'],
        Integration: { Credentials: 'arn:c' },
      },
    },
    Options: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'OPTIONS',
        ResourceId: ref('Items'),
        AuthorizationType: 'NONE',
        Integration: { IntegrationResponses: [{ ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://b.example'" } }] },
      },
    },
    Rest: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Body: {
          securityDefinitions: {
            Pool: { 'x-amazon-apigateway-authtype': 'cognito_user_pools' },
            Jwt: { 'x-amazon-apigateway-authorizer': { jwtConfiguration: { issuer: 'https://i.example', audience: ['a'] } } },
          },
          paths: {
            '/a': {
              get: { security: [{ Pool: ['x'] }], 'x-amazon-apigateway-integration': { credentials: 'arn:c' } },
              put: { security: [{ Jwt: [] }] },
              options: {
                'x-amazon-apigateway-integration': {
                  responses: { default: { responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://b.example'" } } },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Parsed Terraform with every form the Terraform reader reads. */
const TF = {
  variable: { memory: [{ default: 512 }] },
  locals: { '0': { project: '${local.name}-${var.stage}', name: 'shop' } },
  resource: {
    aws_s3_bucket: { uploads: [{ bucket_prefix: 'x' }] },
    aws_s3_bucket_versioning: { uploads: [{ bucket: '${aws_s3_bucket.uploads.id}', versioning_configuration: [{ status: 'Enabled' }] }] },
    aws_s3_bucket_server_side_encryption_configuration: {
      uploads: [{ bucket: '${aws_s3_bucket.uploads.id}', rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }] }],
    },
    aws_s3_bucket_public_access_block: {
      uploads: [
        { bucket: '${aws_s3_bucket.uploads.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      ],
    },
    aws_s3_bucket_policy: { uploads: [{ bucket: '${aws_s3_bucket.uploads.id}', policy: '${data.aws_iam_policy_document.tls.json}' }] },
    aws_s3_bucket_notification: {
      uploads: [
        {
          bucket: '${aws_s3_bucket.uploads.id}',
          lambda_function: [
            { lambda_function_arn: '${aws_lambda_function.fn.arn}', events: ['s3:ObjectCreated:*'], filter_prefix: 'in/', filter_suffix: '.csv' },
          ],
        },
      ],
    },
    aws_lambda_permission: {
      uploads: [
        {
          function_name: '${aws_lambda_function.fn.function_name}',
          principal: 's3.amazonaws.com',
          source_account: '${data.aws_caller_identity.current.account_id}',
          source_arn: '${aws_s3_bucket.uploads.arn}',
        },
      ],
    },
    aws_iam_role: { fn: [{ name: '${local.project}-fn' }] },
    aws_lambda_function: {
      fn: [
        {
          function_name: '${local.project}-fn',
          role: '${aws_iam_role.fn.arn}',
          memory_size: '${var.memory}',
          timeout: 3,
          architectures: ['arm64'],
          logging_config: [{ log_group: '${aws_cloudwatch_log_group.fn.name}' }],
        },
      ],
    },
    aws_iam_role_policy: { fn: [{ role: '${aws_iam_role.fn.id}', policy: '${data.aws_iam_policy_document.fn.json}' }] },
    aws_iam_role_policy_attachment: { fn: [{ role: '${aws_iam_role.fn.name}', policy_arn: 'arn:m' }] },
    aws_dynamodb_table: {
      books: [
        {
          hash_key: 'id',
          attribute: [{ name: 'id', type: 'S' }],
          stream_enabled: true,
          stream_view_type: 'NEW_IMAGE',
          global_secondary_index: [{ name: 'by-x', hash_key: 'x', projection_type: 'ALL' }],
        },
      ],
    },
    aws_sqs_queue: {
      jobs: [
        {
          visibility_timeout_seconds: 60,
          message_retention_seconds: 100,
          sqs_managed_sse_enabled: true,
          redrive_policy: '${jsonencode({ deadLetterTargetArn = aws_sqs_queue.dead.arn, maxReceiveCount = 5 })}',
        },
      ],
      dead: [{}],
    },
    aws_sqs_queue_policy: { jobs: [{ queue_url: '${aws_sqs_queue.jobs.id}', policy: '${data.aws_iam_policy_document.tls.json}' }] },
    aws_lambda_event_source_mapping: {
      stream: [
        {
          function_name: '${aws_lambda_function.fn.arn}',
          event_source_arn: '${aws_dynamodb_table.books.stream_arn}',
          batch_size: 5,
          function_response_types: ['ReportBatchItemFailures'],
          bisect_batch_on_function_error: true,
          maximum_retry_attempts: 3,
          maximum_record_age_in_seconds: 60,
          starting_position: 'LATEST',
          destination_config: [{ on_failure: [{ destination_arn: '${aws_sqs_queue.dead.arn}' }] }],
        },
      ],
    },
    aws_apigatewayv2_api: { api: [{ cors_configuration: [{ allow_origins: ['https://a.example'] }] }] },
    aws_apigatewayv2_authorizer: { api: [{ jwt_configuration: [{ issuer: 'https://i.example', audience: ['a'] }] }] },
    aws_apigatewayv2_route: { get: [{ route_key: 'GET /x', authorization_type: 'JWT', authorization_scopes: ['s'] }] },
    aws_api_gateway_resource: { items: [{ parent_id: '${aws_api_gateway_rest_api.api.root_resource_id}', path_part: 'items' }] },
    aws_api_gateway_method: {
      get: [{ http_method: 'GET', resource_id: '${aws_api_gateway_resource.items.id}', authorization: 'AWS_IAM' }],
      options: [{ http_method: 'OPTIONS', resource_id: '${aws_api_gateway_resource.items.id}', authorization: 'NONE' }],
    },
    aws_api_gateway_integration: { get: [{ credentials: 'arn:c' }] },
    aws_api_gateway_integration_response: {
      options: [{ response_parameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://b.example'" } }],
    },
  },
  data: {
    aws_iam_policy_document: {
      fn: [{ statement: [{ actions: ['logs:PutLogEvents'], resources: ['${aws_cloudwatch_log_group.fn.arn}:*'] }] }],
      tls: [{ statement: [{ effect: 'Deny', condition: [{ variable: 'aws:SecureTransport', values: ['false'] }] }] }],
    },
  },
};

/** Every way of taking one part out of a value: each key deleted, each object emptied, each array emptied, each value made null. */
function* partials(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    yield [];
    for (let i = 0; i < value.length; i++) {
      yield value.filter((_, j) => j !== i);
      for (const part of partials(value[i])) yield value.map((v, j) => (j === i ? part : v));
    }
  } else if (value !== null && typeof value === 'object') {
    yield {};
    for (const key of Object.keys(value)) {
      const { [key]: taken, ...rest } = value as Record<string, unknown>;
      yield rest;
      yield { ...rest, [key]: null };
      for (const part of partials(taken)) yield { ...value, [key]: part };
    }
  }
}

describe('reading partial resources (a hand-edited file)', () => {
  it('CloudFormation: every key out, every object and array empty, every value null: read, never thrown', () => {
    let count = 0;
    for (const template of partials(CFN)) {
      count++;
      expect(() => readCloudFormation(template as CfnTemplate, ['shop-dev-'])).not.toThrow();
    }
    expect(count).toBeGreaterThan(500);
  });

  it('Terraform: every key out, every object and array empty, every value null: read, never thrown', () => {
    let count = 0;
    for (const tf of partials(TF)) {
      count++;
      expect(() => readTerraform(tf as Hcl)).not.toThrow();
    }
    expect(count).toBeGreaterThan(300);
  });
});

describe('CloudFormation look-alikes', () => {
  it('reads the full template as the parts say', () => {
    const model = readCloudFormation(CFN, ['shop-dev-']);
    expect(model.functions).toEqual([
      {
        id: 'Fn',
        name: 'fn',
        memory: 256,
        timeout: 3,
        architecture: 'arm64',
        statements: [
          { actions: ['dynamodb:GetRecords'], resources: ['stream:Books'] },
          { actions: ['sqs:SendMessage'], resources: ['queue:Jobs', 'log-group:own', 'indexes:Books'] },
        ],
        managed: ['arn:m'],
        unread: [],
      },
      {
        id: 'Sam',
        name: 'sam',
        memory: 128,
        statements: [{ actions: ['s3:GetObject'], resources: ['*'] }],
        managed: ['Managed', 'DynamoDBReadPolicy', 'AWSLambdaBasicExecutionRole'],
        unread: [],
      },
    ]);
    expect(model.tables).toEqual({
      Books: {
        attributes: ['id S', 'status S'],
        keys: ['id HASH'],
        indexes: [{ name: 'by-status', keys: ['status HASH'], projection: 'ALL' }],
        stream: 'NEW_IMAGE',
      },
    });
    expect(model.api.routes).toEqual({
      'GET /x': { type: 'jwt', issuer: 'https://i.example', audience: ['a'], scopes: ['s'], ref: 'Route' },
      'GET /items': { type: 'user-pool', scopes: ['r'], credentials: 'arn:c', ref: 'Method' },
      'GET /a': { type: 'user-pool', scopes: ['x'], credentials: 'arn:c', ref: 'Rest' },
      'PUT /a': { type: 'jwt', issuer: 'https://i.example', audience: ['a'], scopes: [], ref: 'Rest' },
    });
  });

  it('takes no other resource with a FunctionName for a function, nor a function without one (or a crate)', () => {
    const model = readCloudFormation(
      {
        Resources: {
          Permission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: 'shop-dev-fn' } },
          Alias: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: 'shop-dev-fn' } },
          Helper: { Type: 'AWS::Lambda::Function', Properties: {} },
          Plain: {
            Type: 'AWS::Lambda::Function',
            Properties: { FunctionName: { 'Fn::Sub': ['shop-${Stage}-plain', { Stage: 'dev' }] }, Role: getAtt('NotARole', 'Arn') },
          },
          NotARole: {
            Type: 'AWS::IAM::Policy',
            Properties: { Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }], ManagedPolicyArns: ['arn:x'] },
          },
          NoRole: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'shop-dev-none' } },
        },
      },
      ['shop-${Stage}-', 'shop-dev-'],
    );
    // A function's name without its prefix; no settings it does not set; a role that is not a role gives nothing; a plain function without a role has no SAM defaults.
    expect(model.functions).toEqual([
      { id: 'Plain', name: 'plain', statements: [], managed: [], unread: [] },
      { id: 'NoRole', name: 'none', statements: [], managed: [], unread: [] },
    ]);
  });

  it("reads an inline policy without a document as unread, and a policy attached to several roles as each one's", () => {
    const model = readCloudFormation({
      Resources: {
        A: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: null }] } },
        B: { Type: 'AWS::IAM::Role', Properties: {} },
        Shared: {
          Type: 'AWS::IAM::Policy',
          Properties: { Roles: [ref('B'), ref('A')], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] } },
        },
        Fa: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'a', Role: getAtt('A', 'Arn') } },
      },
    });
    expect(model.functions[0]).toMatchObject({
      statements: [{ actions: ['sqs:SendMessage'], resources: ['*'] }],
      unread: ['{"PolicyName":"p","PolicyDocument":null}'],
    });
    expect(functionActions(model.functions[0]!)).toEqual(['sqs:SendMessage', 'inline:{"PolicyName":"p","PolicyDocument":null}']);
  });

  it('names a resource by what it is only for the attribute that is that thing', () => {
    const statement = (Resource: unknown) =>
      readCloudFormation({
        Resources: {
          Books: { Type: 'AWS::DynamoDB::Table' },
          Jobs: { Type: 'AWS::SQS::Queue' },
          Logs: { Type: 'AWS::Logs::LogGroup' },
          Topic: { Type: 'AWS::SNS::Topic' },
          R: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'x:Y', Resource }] } }] } },
          F: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'f', Role: getAtt('R', 'Arn') } },
        },
      }).functions[0]!.statements[0]!.resources;
    expect(statement(getAtt('Books', 'StreamArn'))).toEqual(['stream:Books']);
    expect(statement(getAtt('Books', 'Arn'))).toEqual(['table:Books']);
    expect(statement(getAtt('Books', 'Name'))).toEqual(['{"Fn::GetAtt":["Books","Name"]}']);
    expect(statement(getAtt('Jobs', 'Arn'))).toEqual(['queue:Jobs']);
    expect(statement(getAtt('Jobs', 'QueueUrl'))).toEqual(['{"Fn::GetAtt":["Jobs","QueueUrl"]}']);
    expect(statement(getAtt('Logs', 'Arn'))).toEqual(['log-group:Logs']);
    expect(statement(ref('Logs'))).toEqual(['{"Ref":"Logs"}']);
    expect(statement(getAtt('Topic', 'Arn'))).toEqual(['{"Fn::GetAtt":["Topic","Arn"]}']);
    expect(statement({ 'Fn::GetAtt': [42] })).toEqual(['{"Fn::GetAtt":[42]}']);
    // A table's indexes, substituted or joined, only whole and only of a table.
    expect(statement({ 'Fn::Sub': '${Books.Arn}/index/*' })).toEqual(['indexes:Books']);
    expect(statement({ 'Fn::Sub': ['${Books.Arn}/index/*', {}] })).toEqual(['indexes:Books']);
    expect(statement({ 'Fn::Sub': [42] })).toEqual(['{"Fn::Sub":[42]}']);
    expect(statement({ 'Fn::Sub': 'x${Books.Arn}/index/*' })).toEqual(['{"Fn::Sub":"x${Books.Arn}/index/*"}']);
    expect(statement({ 'Fn::Sub': '${Books.Arn}/index/*x' })).toEqual(['{"Fn::Sub":"${Books.Arn}/index/*x"}']);
    expect(statement({ 'Fn::Sub': '${Jobs.Arn}/index/*' })).toEqual(['{"Fn::Sub":"${Jobs.Arn}/index/*"}']);
    const join = (separator: string, parts: unknown[]) => ({ 'Fn::Join': [separator, parts] });
    expect(statement(join('', [getAtt('Books', 'Arn'), '/index/*']))).toEqual(['indexes:Books']);
    expect(statement(join('/', [getAtt('Books', 'Arn'), '/index/*']))).toEqual([JSON.stringify(join('/', [getAtt('Books', 'Arn'), '/index/*']))]);
    expect(statement(join('', [getAtt('Books', 'Arn'), '/index/*', 'x']))).toEqual([JSON.stringify(join('', [getAtt('Books', 'Arn'), '/index/*', 'x']))]);
    expect(statement(join('', [getAtt('Books', 'Arn'), '/other']))).toEqual([JSON.stringify(join('', [getAtt('Books', 'Arn'), '/other']))]);
    expect(statement(join('', [getAtt('Books', 'StreamArn'), '/index/*']))).toEqual([JSON.stringify(join('', [getAtt('Books', 'StreamArn'), '/index/*']))]);
    expect(statement(join('', [getAtt('Jobs', 'Arn'), '/index/*']))).toEqual([JSON.stringify(join('', [getAtt('Jobs', 'Arn'), '/index/*']))]);
    expect(statement(join('', ['x', '/index/*']))).toEqual([JSON.stringify(join('', ['x', '/index/*']))]);
    expect(statement('arn:aws:s3:::b/*')).toEqual(['arn:aws:s3:::b/*']);
  });

  it('reads a mapping of a table (not its stream), of something else, an ARN as written, without bisect, failures to a topic', () => {
    const mappings = readCloudFormation({
      Resources: {
        Books: { Type: 'AWS::DynamoDB::Table' },
        Topic: { Type: 'AWS::SNS::Topic' },
        M1: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: getAtt('F', 'Arn'),
            EventSourceArn: getAtt('Books', 'Arn'),
            BisectBatchOnFunctionError: false,
            DestinationConfig: { OnFailure: { Destination: ref('Topic') } },
          },
        },
        M2: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: 'f', EventSourceArn: getAtt('Topic', 'Arn') } },
        M3: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: 'f', EventSourceArn: { 'Fn::ImportValue': 'x' } } },
      },
    }).mappings;
    expect(mappings).toEqual([
      { function: 'F', source: '{"Fn::GetAtt":["Books","Arn"]}', responseTypes: [], bisect: false, onFailure: '{"Ref":"Topic"}' },
      { function: 'f', source: '{"Fn::GetAtt":["Topic","Arn"]}', responseTypes: [] },
      { function: 'f', source: '{"Fn::ImportValue":"x"}', responseTypes: [] },
    ]);
  });

  it('takes a queue as TLS-only only from a deny of requests without TLS, on that queue', () => {
    const tlsOnly = (policy: Record<string, unknown>) =>
      readCloudFormation({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: {} }, P: { Type: 'AWS::SQS::QueuePolicy', Properties: policy } } }).queues.Q!
        .tlsOnly;
    const deny = { Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    expect(tlsOnly({ Queues: [ref('Q')], PolicyDocument: { Statement: [deny] } })).toBe(true);
    expect(tlsOnly({ Queues: [ref('Other'), ref('Q')], PolicyDocument: { Statement: [{ Effect: 'Allow' }, deny] } })).toBe(true);
    expect(tlsOnly({ Queues: [ref('Other')], PolicyDocument: { Statement: [deny] } })).toBe(false);
    expect(tlsOnly({ Queues: [ref('Q')], PolicyDocument: { Statement: [{ ...deny, Effect: 'Allow' }] } })).toBe(false);
    expect(tlsOnly({ Queues: [ref('Q')], PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] } })).toBe(
      false,
    );
    expect(tlsOnly({ Queues: [ref('Q')], PolicyDocument: { Statement: [{ Effect: 'Deny' }] } })).toBe(false);
  });

  it("reads a REST API's preflights and origin without an HTTP API; a cycle of resources stops", () => {
    const { api } = readCloudFormation({
      Resources: {
        A: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: getAtt('Rest', 'RootResourceId'), PathPart: 'a' } },
        Loop: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: ref('Loop'), PathPart: 'l' } },
        Open: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'OPTIONS',
            ResourceId: ref('A'),
            AuthorizationType: 'NONE',
            Integration: { IntegrationResponses: [{ ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://b.example'" } }] },
          },
        },
        Signed: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'OPTIONS',
            ResourceId: getAtt('Rest', 'RootResourceId'),
            AuthorizationType: 'AWS_IAM',
            Integration: { IntegrationResponses: [{ ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://c.example'" } }] },
          },
        },
        Looped: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'GET', ResourceId: ref('Loop') } },
        Custom: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'POST', ResourceId: ref('A'), AuthorizationType: 'CUSTOM' } },
        NoKey: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 42 } },
        Text: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: 'paths: {}' } },
      },
    });
    expect(api.cors).toEqual({ origins: ['https://b.example'], preflight: ['/a'] });
    expect(Object.keys(api.routes)).toEqual(['GET ' + '/l'.repeat(64), 'POST /a']);
    expect(api.routes['POST /a']).toEqual({ type: 'custom', scopes: [], ref: 'Custom' });
  });

  it("reads an OpenAPI body's operations: none by default, a scheme it does not know as custom, preflights sorted", () => {
    const { api } = readCloudFormation({
      Resources: {
        Http: {
          Type: 'AWS::ApiGatewayV2::Api',
          Properties: {
            Body: {
              'x-amazon-apigateway-cors': { allowOrigins: ['https://z.example', 'https://a.example'] },
              components: { securitySchemes: { Lambda: { 'x-amazon-apigateway-authtype': 'custom' } } },
              paths: { '/b': { get: {}, post: { security: [{ Lambda: ['x'] }] }, options: {} }, '/a': { options: { security: [] } } },
            },
          },
        },
      },
    });
    expect(api).toEqual({
      routes: { 'GET /b': { type: 'none', scopes: [], ref: 'Http' }, 'POST /b': { type: 'custom', scopes: ['x'], ref: 'Http' } },
      cors: { origins: ['https://a.example', 'https://z.example'] },
    });
    const rest = readCloudFormation({
      Resources: {
        Rest: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: {
            Body: {
              paths: {
                '/b': {
                  options: {
                    'x-amazon-apigateway-integration': {
                      responses: { default: { responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'o'" } } },
                    },
                  },
                },
                '/a': { options: {} },
              },
            },
          },
        },
      },
    }).api;
    expect(rest.cors).toEqual({ origins: ['o'], preflight: ['/a', '/b'] });
  });
});

describe('Terraform look-alikes', () => {
  const statement = (resource: string, logs = '${aws_cloudwatch_log_group.fn.name}') =>
    readTerraform({
      resource: {
        aws_lambda_function: { fn: [{ function_name: 'fn', role: '${aws_iam_role.fn.arn}', logging_config: [{ log_group: logs }] }] },
        aws_iam_role_policy: { fn: [{ role: '${aws_iam_role.fn.id}', policy: '${data.aws_iam_policy_document.fn.json}' }] },
      },
      data: { aws_iam_policy_document: { fn: [{ statement: [{ actions: ['x:Y'], resources: [resource] }] }] } },
    } as unknown as Hcl).functions[0]!.statements[0]!.resources[0];

  it('names a resource by what it is only when the reference is the whole text', () => {
    for (const [whole, kind] of [
      ['${aws_dynamodb_table.books.arn}', 'table:books'],
      ['${aws_dynamodb_table.books.arn}/index/*', 'indexes:books'],
      ['${aws_dynamodb_table.books.stream_arn}', 'stream:books'],
      ['${aws_sqs_queue.jobs.arn}', 'queue:jobs'],
      ['${aws_cloudwatch_log_group.fn.arn}:*', 'log-group:own'],
      ['${aws_cloudwatch_log_group.other.arn}:*', 'log-group:other'],
    ] as const) {
      expect(statement(whole), whole).toBe(kind);
      expect(statement(`x${whole}`), `x${whole}`).toBe(`x${whole}`);
      expect(statement(`${whole}x`), `${whole}x`).toBe(`${whole}x`);
    }
  });

  it("takes a function's own log group by its name when it names none in logging_config", () => {
    expect(statement('${aws_cloudwatch_log_group.fn.arn}:*', 'somewhere')).toBe('log-group:own');
  });

  it('reads variables only as a whole reference, at their defaults; leaves out what a function does not set', () => {
    const fn = (attributes: Record<string, unknown>) =>
      readTerraform({
        variable: { arch: [{ default: 'arm64' }] },
        resource: { aws_lambda_function: { fn: [{ function_name: 'fn', ...attributes }] } },
      } as unknown as Hcl).functions[0];
    expect(fn({ architectures: ['${var.arch}'] })?.architecture).toBe('arm64');
    expect(fn({ architectures: ['x${var.arch}'] })?.architecture).toBe('x${var.arch}');
    expect(fn({ architectures: ['${var.arch}x'] })?.architecture).toBe('${var.arch}x');
    expect(fn({ architectures: ['${var.missing}'] })?.architecture).toBe('undefined');
    expect(fn({})).toEqual({ id: 'fn', name: 'fn', statements: [], managed: [], unread: [] });
  });

  it("reads only the function's own role's policies and attachments", () => {
    const { functions } = readTerraform({
      resource: {
        aws_lambda_function: { fn: [{ function_name: 'fn', role: '${aws_iam_role.fn.arn}' }] },
        aws_iam_role_policy: { other: [{ role: '${aws_iam_role.other.id}', policy: '{}' }] },
        aws_iam_role_policy_attachment: {
          other: [{ role: '${aws_iam_role.other.name}', policy_arn: 'arn:x' }],
          fn: [{ role: '${aws_iam_role.fn.name}', policy_arn: 'arn:y' }],
        },
      },
    } as unknown as Hcl);
    expect(functions[0]).toMatchObject({ managed: ['arn:y'], unread: [] });
  });

  it('reads mappings without bisect or bounds, failures elsewhere; redrive policies however spaced', () => {
    const model = readTerraform({
      resource: {
        aws_lambda_event_source_mapping: {
          m: [
            {
              function_name: 'fn',
              event_source_arn: 'arn:q',
              bisect_batch_on_function_error: false,
              destination_config: [{ on_failure: [{ destination_arn: 'arn:topic' }] }],
            },
          ],
        },
        aws_sqs_queue: { q: [{ redrive_policy: '${jsonencode({deadLetterTargetArn=aws_sqs_queue.d.arn,maxReceiveCount=10})}' }], d: [{}] },
        aws_dynamodb_table: { t: [{ hash_key: 'id', stream_enabled: false, stream_view_type: 'NEW_IMAGE' }] },
      },
    } as unknown as Hcl);
    expect(model.mappings).toEqual([{ function: 'fn', source: 'arn:q', responseTypes: [], bisect: false, onFailure: 'arn:topic' }]);
    expect(model.queues.q).toEqual({ sse: false, tlsOnly: false, deadLetter: { queue: 'queue:d', maxReceiveCount: 10 } });
    expect(model.tables.t).toEqual({ attributes: [], keys: ['id HASH'], indexes: [] });
  });

  it('takes a queue as TLS-only only from a deny of requests without TLS, on that queue', () => {
    const tlsOnly = (policies: Record<string, unknown>, statements: unknown[]) =>
      readTerraform({
        resource: { aws_sqs_queue: { q: [{}] }, aws_sqs_queue_policy: policies },
        data: { aws_iam_policy_document: { d: [{ statement: statements }] } },
      } as unknown as Hcl).queues.q!.tlsOnly;
    const on = (queue: string) => ({ p: [{ queue_url: `\${aws_sqs_queue.${queue}.id}`, policy: '${data.aws_iam_policy_document.d.json}' }] });
    const deny = { effect: 'Deny', condition: [{ variable: 'aws:SecureTransport', values: ['false'] }] };
    expect(tlsOnly(on('q'), [deny])).toBe(true);
    expect(tlsOnly({ ...on('other'), ...{ p2: on('q').p } }, [{ effect: 'Allow' }, deny])).toBe(true);
    expect(tlsOnly(on('other'), [deny])).toBe(false);
    expect(tlsOnly(on('q'), [{ ...deny, effect: 'Allow' }])).toBe(false);
    expect(
      tlsOnly(on('q'), [
        {
          effect: 'Deny',
          condition: [
            { variable: 'aws:SourceVpc', values: ['false'] },
            { variable: 'aws:SecureTransport', values: ['true'] },
          ],
        },
      ]),
    ).toBe(false);
    expect(tlsOnly(on('q'), [{ effect: 'Deny', condition: [{ variable: 'aws:SourceVpc', values: ['x'] }, deny.condition[0]] }])).toBe(true);
  });

  it('reads routes and methods only with their key and verb; the root path; a cycle of resources stops', () => {
    const { api } = readTerraform({
      resource: {
        aws_apigatewayv2_route: { nokey: [{ authorization_type: 'NONE' }] },
        aws_api_gateway_resource: { loop: [{ parent_id: '${aws_api_gateway_resource.loop.id}', path_part: 'l' }] },
        aws_api_gateway_method: {
          root: [{ http_method: 'GET', resource_id: '${aws_api_gateway_rest_api.api.root_resource_id}', authorization: 'CUSTOM' }],
          noverb: [{ resource_id: '${aws_api_gateway_resource.loop.id}' }],
          looped: [{ http_method: 'PUT', resource_id: '${aws_api_gateway_resource.loop.id}' }],
        },
      },
    } as unknown as Hcl);
    expect(api.routes).toEqual({
      'GET /': { type: 'custom', scopes: [], ref: 'aws_api_gateway_method.root' },
      [`PUT ${'/l'.repeat(64)}`]: { type: 'none', scopes: [], ref: 'aws_api_gateway_method.looped' },
    });
  });
});

describe('item statements', () => {
  it('are those with a DynamoDB action on items: any one of them, whole names only', () => {
    expect(itemStatement(['dynamodb:GetRecords', 'dynamodb:GetItem'])).toBe(true);
    expect(itemStatement(['dynamodb:GetRecords', 'dynamodb:ListStreams'])).toBe(false);
    expect(itemStatement('dynamodb:GetRecordsX')).toBe(true);
    expect(itemStatement([{ Ref: 'dynamodb:GetItem' }])).toBe(false);
    expect(itemStatement('sqs:SendMessage')).toBe(false);
  });
});

describe('CloudFormation YAML, tag by tag', () => {
  it('reads anchors, empty values, YAML core tags, conditions and both forms of GetAtt', () => {
    const template = parseCloudFormationYaml(
      [
        'Resources:',
        '  A: &shared 1',
        '  B: *shared',
        '  C:',
        '  D: !!str 5',
        '  E: !Condition IsProd',
        '  F: !GetAtt [Books, Arn]',
        '  G: !GetAtt Books',
        '  H: !GetAtt .Arn',
      ].join('\n'),
    );
    expect(template.Resources).toStrictEqual({
      A: 1,
      B: 1,
      C: null,
      D: '5',
      E: { Condition: 'IsProd' },
      F: { 'Fn::GetAtt': ['Books', 'Arn'] },
      G: { 'Fn::GetAtt': ['Books'] },
      H: { 'Fn::GetAtt': ['', 'Arn'] },
    });
    expect(parseCloudFormationYaml('')).toStrictEqual({});
    expect(parseCloudFormationYaml('# nothing but a comment')).toStrictEqual({});
  });
});

describe('CloudFormation, more look-alikes', () => {
  it('reads nothing from no template, and no name from a substitution that is not text', () => {
    expect(readCloudFormation(null as unknown as CfnTemplate)).toStrictEqual({
      api: { routes: {} },
      functions: [],
      mappings: [],
      queues: {},
      tables: {},
      buckets: {},
      permissions: [],
      names: [],
    });
    expect(
      readCloudFormation({ Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: { 'Fn::Sub': [42] } } } } }, ['shop-']).functions,
    ).toEqual([]);
  });

  it('reads an action that is not text as its JSON, and a resource that is null as null', () => {
    const [fn] = readCloudFormation({
      Resources: {
        R: {
          Type: 'AWS::IAM::Role',
          Properties: {
            Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: [{ Ref: 'Action' }, 's3:GetObject'], Resource: [null, 'arn:x'] }] } }],
          },
        },
        F: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'f', Role: getAtt('R', 'Arn') } },
      },
    }).functions;
    expect(fn!.statements).toStrictEqual([{ actions: ['{"Ref":"Action"}', 's3:GetObject'], resources: ['null', 'arn:x'] }]);
  });

  it("counts a customer managed policy attached by its Roles as the role's, and no other resource that lists the role", () => {
    const [fn] = readCloudFormation({
      Resources: {
        R: { Type: 'AWS::IAM::Role', Properties: {} },
        Managed: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { Roles: [ref('R')], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } },
        },
        Profile: {
          Type: 'AWS::IAM::InstanceProfile',
          Properties: { Roles: [ref('R')], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
        },
        F: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'f', Role: getAtt('R', 'Arn') } },
      },
    }).functions;
    expect(fn!.statements).toStrictEqual([{ actions: ['dynamodb:*'], resources: ['*'] }]);
  });

  it("gives a route credentials only where its integration has them, as text; a REST API without CORS has none; an origin's inner quote stays", () => {
    const { api } = readCloudFormation({
      Resources: {
        Plain: {
          Type: 'AWS::ApiGateway::Method',
          Properties: { HttpMethod: 'GET', ResourceId: getAtt('Rest', 'RootResourceId'), Integration: { Credentials: null } },
        },
        Role: {
          Type: 'AWS::ApiGateway::Method',
          Properties: { HttpMethod: 'PUT', ResourceId: getAtt('Rest', 'RootResourceId'), Integration: { Credentials: getAtt('InvokeRole', 'Arn') } },
        },
      },
    });
    expect(api).toStrictEqual({
      routes: {
        'GET /': { type: 'none', scopes: [], ref: 'Plain' },
        'PUT /': { type: 'none', scopes: [], credentials: '{"Fn::GetAtt":["InvokeRole","Arn"]}', ref: 'Role' },
      },
    });
    const quoted = readCloudFormation({
      Resources: {
        O: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'OPTIONS',
            AuthorizationType: 'NONE',
            Integration: { IntegrationResponses: [{ ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'o'k'" } }] },
          },
        },
      },
    }).api;
    expect(quoted.cors).toStrictEqual({ origins: ["o'k"], preflight: ['/'] });
  });

  it('reads mappings and queues without the settings they do not set', () => {
    const model = readCloudFormation({
      Resources: {
        Global: { Type: 'AWS::DynamoDB::GlobalTable' },
        Q: { Type: 'AWS::SQS::Queue', Properties: {} },
        M: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: ref('F'), EventSourceArn: getAtt('Global', 'StreamArn') } },
        Fake: {
          Type: 'AWS::SNS::TopicPolicy',
          Properties: { Queues: [ref('Q')], PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
        },
      },
    });
    expect(model.mappings).toStrictEqual([{ function: 'F', source: '{"Fn::GetAtt":["Global","StreamArn"]}', responseTypes: [] }]);
    expect(model.queues).toStrictEqual({ Q: { sse: false, tlsOnly: false } });
  });

  it('reads routes, CORS and OpenAPI bodies from the API resources only; an empty requirement asks nothing', () => {
    const { api } = readCloudFormation({
      Resources: {
        Url: { Type: 'AWS::Lambda::Url', Properties: { CorsConfiguration: { AllowOrigins: ['https://url.example'] } } },
        Response: { Type: 'AWS::ApiGatewayV2::RouteResponse', Properties: { RouteKey: 'GET /not-a-route' } },
        Doc: { Type: 'AWS::ApiGateway::DocumentationPart', Properties: { Body: { paths: { '/doc': { get: {} } } } } },
        Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Body: { paths: { '/a': { get: { security: [{}] } } } } } },
      },
    });
    expect(api).toStrictEqual({ routes: { 'GET /a': { type: 'none', scopes: [], ref: 'Http' } } });
  });

  it("reads an OpenAPI body's preflight origin when it is the first the template has", () => {
    for (const template of partials({ Resources: { Rest: CFN.Resources!.Rest } })) expect(() => readCloudFormation(template as CfnTemplate)).not.toThrow();
  });
});

describe('Terraform, more look-alikes', () => {
  it('reads the full input as the parts say', () => {
    const model = readTerraform(TF as unknown as Hcl);
    expect(model.mappings).toStrictEqual([
      {
        function: 'fn',
        source: 'stream:books',
        batchSize: 5,
        responseTypes: ['ReportBatchItemFailures'],
        bisect: true,
        retries: 3,
        maxRecordAgeSeconds: 60,
        startingPosition: 'LATEST',
        onFailure: 'queue:dead',
      },
    ]);
    expect(model.functions[0]).toStrictEqual({
      id: 'fn',
      name: 'fn',
      memory: 512,
      timeout: 3,
      architecture: 'arm64',
      statements: [{ actions: ['logs:PutLogEvents'], resources: ['log-group:own'] }],
      managed: ['arn:m'],
      unread: [],
    });
  });

  it("takes the log group logging_config names as the function's own", () => {
    const [fn] = readTerraform({
      resource: {
        aws_lambda_function: {
          fn: [{ function_name: 'fn', role: '${aws_iam_role.fn.arn}', logging_config: [{ log_group: '${aws_cloudwatch_log_group.logs_of_fn.name}' }] }],
        },
        aws_iam_role_policy: { fn: [{ role: '${aws_iam_role.fn.id}', policy: '${data.aws_iam_policy_document.fn.json}' }] },
      },
      data: {
        aws_iam_policy_document: {
          fn: [
            {
              statement: [
                { actions: ['logs:PutLogEvents'], resources: ['${aws_cloudwatch_log_group.logs_of_fn.arn}:*', '${aws_cloudwatch_log_group.fn.arn}:*'] },
              ],
            },
          ],
        },
      },
    } as unknown as Hcl).functions;
    expect(fn!.statements[0]!.resources).toEqual(['log-group:own', 'log-group:fn']);
  });

  it('reads a function without a role, beside policies and attachments that are not blocks', () => {
    const model = readTerraform({
      resource: { aws_lambda_function: { fn: [{ function_name: 'fn' }] }, aws_iam_role_policy: { p: [null] }, aws_iam_role_policy_attachment: { a: ['text'] } },
    } as unknown as Hcl);
    expect(model.functions).toStrictEqual([{ id: 'fn', name: 'fn', statements: [], managed: [], unread: [] }]);
  });
});

describe('buckets, permissions and physical names', () => {
  const bucket = { versioned: true, sse: 'AES256', publicAccessBlocked: true, tlsOnly: true };

  it("CloudFormation: a bucket with its own notifications and the CDK's, its settings, the permission of S3 from its account and bucket", () => {
    const model = readCloudFormation(CFN, ['shop-dev-']);
    expect(model.buckets).toStrictEqual({
      Uploads: {
        ...bucket,
        notifications: [
          { function: 'Fn', events: ['s3:ObjectCreated:*'], filter: { prefix: 'in/' } },
          { function: 'Fn', events: ['s3:ObjectRemoved:*'], filter: { suffix: '.csv' } },
        ],
      },
    });
    expect(model.permissions).toStrictEqual([{ function: 'Fn', principal: 's3.amazonaws.com', sourceAccount: true, source: 'bucket:Uploads' }]);
    expect(model.names).toStrictEqual(['AWS::Lambda::Function shop-dev-fn', 'AWS::IAM::Role ${Project}-${Stage}-role', 'AWS::ApiGatewayV2::Api ${ApiName}']);
    expect(resolveNames(model.names, { Project: 'shop', Stage: 'prod' })).toStrictEqual([
      'AWS::Lambda::Function shop-dev-fn',
      'AWS::IAM::Role shop-prod-role',
      'AWS::ApiGatewayV2::Api ${ApiName}',
    ]);
  });

  it("Terraform: a bucket's settings from the resources that name it, its notification, the permission; names with locals resolved", () => {
    const model = readTerraform(TF as unknown as Hcl);
    expect(model.buckets).toStrictEqual({
      uploads: { ...bucket, notifications: [{ function: 'fn', events: ['s3:ObjectCreated:*'], filter: { prefix: 'in/', suffix: '.csv' } }] },
    });
    expect(model.permissions).toStrictEqual([{ function: 'fn', principal: 's3.amazonaws.com', sourceAccount: true, source: 'bucket:uploads' }]);
    expect(model.names).toStrictEqual(['aws_lambda_function shop-${var.stage}-fn', 'aws_iam_role shop-${var.stage}-fn']);
    expect(resolveNames(model.names, { 'var.stage': 'dev' })).toStrictEqual(['aws_lambda_function shop-dev-fn', 'aws_iam_role shop-dev-fn']);
  });

  it('CloudFormation look-alikes: settings of another bucket, a policy that allows, three of four blocks, a permission from elsewhere', () => {
    const model = readCloudFormation({
      Resources: {
        A: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: 'true' },
          },
        },
        B: {
          Type: 'AWS::S3::Bucket',
          Properties: { VersioningConfiguration: { Status: 'Suspended' }, BucketEncryption: { ServerSideEncryptionConfiguration: [{}] } },
        },
        PolicyOfB: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: { Bucket: ref('B'), PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
        },
        AllowOnA: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: { Bucket: ref('A'), PolicyDocument: { Statement: [{ Effect: 'Allow', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
        },
        QueuePolicyOnA: {
          Type: 'AWS::SQS::QueuePolicy',
          Properties: { Queues: [ref('A')], PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
        },
        OfMissing: {
          Type: 'Custom::S3BucketNotifications',
          Properties: {
            BucketName: 'elsewhere',
            NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: 'arn:f', Events: 's3:ObjectCreated:Put' }] },
          },
        },
        FromApi: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            FunctionName: 'arn:f',
            Principal: 'apigateway.amazonaws.com',
            SourceAccount: '123',
            SourceArn: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:*' },
          },
        },
        FromTable: {
          Type: 'AWS::Lambda::Permission',
          Properties: { FunctionName: ref('F'), Principal: 's3.amazonaws.com', SourceArn: getAtt('B', 'DomainName') },
        },
        Bare: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: ref('F') } },
        ByAttribute: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: getAtt('B', 'Name') } },
        Unnamed: { Type: 'AWS::DynamoDB::Table', Properties: {} },
        NotNamed: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'b' } },
      },
    });
    const none = { versioned: false, publicAccessBlocked: false, tlsOnly: false, notifications: [] };
    expect(model.buckets).toStrictEqual({ A: none, B: { ...none, tlsOnly: true }, NotNamed: none });
    expect(model.permissions).toStrictEqual([
      { function: '"arn:f"', principal: 'apigateway.amazonaws.com', sourceAccount: false, source: '{"Fn::Sub":"arn:aws:execute-api:${AWS::Region}:*"}' },
      { function: 'F', principal: 's3.amazonaws.com', sourceAccount: false, source: '{"Fn::GetAtt":["B","DomainName"]}' },
      { function: 'F', principal: 'undefined', sourceAccount: false },
    ]);
    expect(model.names).toStrictEqual(['AWS::DynamoDB::Table {"Fn::GetAtt":["B","Name"]}']);
  });

  it('Terraform look-alikes: settings of another bucket, a policy that allows, a permission from elsewhere, locals in a cycle', () => {
    const model = readTerraform({
      locals: { '0': { a: '${local.b}', b: '${local.a}', n: 5 } },
      resource: {
        aws_s3_bucket: { a: [{}], b: [{}] },
        aws_s3_bucket_versioning: { b: [{ bucket: '${aws_s3_bucket.b.id}', versioning_configuration: [{ status: 'Suspended' }] }] },
        aws_s3_bucket_public_access_block: {
          a: [
            { bucket: '${aws_s3_bucket.a.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: 'true' },
          ],
        },
        aws_s3_bucket_policy: {
          a: [{ bucket: '${aws_s3_bucket.a.id}', policy: '${data.aws_iam_policy_document.allow.json}' }],
          b: [{ bucket: '${aws_s3_bucket.b.id}', policy: '${data.aws_iam_policy_document.deny.json}' }],
        },
        aws_s3_bucket_notification: { other: [{ bucket: '${aws_s3_bucket.other.id}', lambda_function: [{ lambda_function_arn: 'arn:f' }] }] },
        aws_lambda_permission: {
          api: [
            {
              function_name: 'arn:f',
              principal: 'apigateway.amazonaws.com',
              source_account: '123',
              source_arn: '${aws_api_gateway_rest_api.api.execution_arn}/*',
            },
          ],
          bare: [{ function_name: '${aws_lambda_function.f.arn}' }],
        },
        aws_dynamodb_table: { t: [{ name: '${local.a}-${local.n}-${local.missing}' }], unnamed: [{}] },
      },
      data: {
        aws_iam_policy_document: {
          allow: [{ statement: [{ effect: 'Allow', condition: [{ variable: 'aws:SecureTransport', values: ['false'] }] }] }],
          deny: [{ statement: [{ effect: 'Deny', condition: [{ variable: 'aws:SecureTransport', values: ['false'] }] }] }],
        },
      },
    } as unknown as Hcl);
    const none = { versioned: false, publicAccessBlocked: false, tlsOnly: false, notifications: [] };
    expect(model.buckets).toStrictEqual({ a: none, b: { ...none, tlsOnly: true } });
    expect(model.permissions).toStrictEqual([
      { function: 'arn:f', principal: 'apigateway.amazonaws.com', sourceAccount: false, source: '${aws_api_gateway_rest_api.api.execution_arn}/*' },
      { function: 'f', principal: 'undefined', sourceAccount: false },
    ]);
    // A cycle of locals stops, as written; a local that is not text, or none, stays.
    expect(model.names).toHaveLength(1);
    expect(model.names[0]).toMatch(/^aws_dynamodb_table \$\{local\.[ab]\}-\$\{local\.n\}-\$\{local\.missing\}$/);
  });
});
