/**
 * The deployment model's readers on the forms each flavour writes: the CDK's attached policies
 * and joined index ARNs, SAM's short intrinsic functions and SAM's own roles, Terraform's
 * references. The generated workspaces go through the same readers in test/generator/ and
 * test/e2e/; these pin the forms one at a time.
 */
import { describe, expect, it } from 'vitest';
import { functionActions, parseCloudFormationYaml, readCloudFormation, readTerraform, tableResources } from '../../lib/iac/deployment.js';
import type { Hcl } from '../../lib/iac/hcl.js';

describe('parseCloudFormationYaml', () => {
  it('writes the short forms of intrinsic functions in their long form', () => {
    const template = parseCloudFormationYaml(
      [
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      FunctionName: !Sub shop-${Stage}-get-item',
        '      Role: !GetAtt FnRole.Arn',
        '      Address: !GetAtt Db.Endpoint.Address',
        '      Table: !Ref BooksTable',
        '      Joined: !Join ["", [!GetAtt BooksTable.Arn, /index/*]]',
        '      Plain: text',
      ].join('\n'),
    );
    expect(template.Resources?.Fn?.Properties).toEqual({
      FunctionName: { 'Fn::Sub': 'shop-${Stage}-get-item' },
      Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
      Address: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      Table: { Ref: 'BooksTable' },
      Joined: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['BooksTable', 'Arn'] }, '/index/*']] },
      Plain: 'text',
    });
  });
});

const table = {
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  },
};

describe('readCloudFormation', () => {
  it("reads a CDK function: its name without the prefix, sizing, the role's attached policies, the table and its joined index ARN, its own log group", () => {
    const model = readCloudFormation(
      {
        Resources: {
          Books: table,
          Logs: { Type: 'AWS::Logs::LogGroup' },
          OtherLogs: { Type: 'AWS::Logs::LogGroup' },
          FnRole: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } },
          FnPolicy: {
            Type: 'AWS::IAM::Policy',
            Properties: {
              Roles: [{ Ref: 'FnRole' }],
              PolicyDocument: {
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: ['dynamodb:Query', 'dynamodb:GetItem'],
                    Resource: [{ 'Fn::GetAtt': ['Books', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Books', 'Arn'] }, '/index/*']] }],
                  },
                  { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: { 'Fn::GetAtt': ['Logs', 'Arn'] } },
                  { Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: { 'Fn::GetAtt': ['OtherLogs', 'Arn'] } },
                  { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' },
                ],
              },
            },
          },
          // A policy of another role: not this function's.
          Unrelated: {
            Type: 'AWS::IAM::Policy',
            Properties: { Roles: [{ Ref: 'OtherRole' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
          },
          Fn: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              FunctionName: 'shop-dev-list-books',
              MemorySize: 256,
              Timeout: 10,
              Architectures: ['arm64'],
              Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
              LoggingConfig: { LogGroup: { Ref: 'Logs' } },
            },
          },
          // The CDK's own helper function has no name: not the workspace's.
          Helper: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] } } },
        },
      },
      ['shop-dev-'],
    );
    expect(model.functions).toEqual([
      {
        id: 'Fn',
        name: 'list-books',
        memory: 256,
        timeout: 10,
        architecture: 'arm64',
        statements: [
          { actions: ['dynamodb:Query', 'dynamodb:GetItem'], resources: ['table:Books', 'indexes:Books'] },
          { actions: ['logs:PutLogEvents'], resources: ['log-group:own'] },
          { actions: ['logs:CreateLogStream'], resources: ['log-group:OtherLogs'] },
        ],
        managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        unread: [],
      },
    ]);
    const [fn] = model.functions;
    expect(tableResources(fn!)).toEqual(['table:Books', 'indexes:Books']);
    expect(functionActions(fn!)).toEqual([
      'dynamodb:Query',
      'dynamodb:GetItem',
      'logs:PutLogEvents',
      'logs:CreateLogStream',
      'managed:arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    expect(model.tables).toEqual({ Books: { attributes: ['id S'], keys: ['id HASH'], indexes: [], stream: 'NEW_AND_OLD_IMAGES' } });
  });

  it("reads a SAM template as written: the crate from the build metadata, Globals, a substituted index ARN, and a function on SAM's own role", () => {
    const model = readCloudFormation(
      parseCloudFormationYaml(
        [
          'Globals:',
          '  Function:',
          '    MemorySize: 128',
          '    Timeout: 3',
          '    Architectures: [x86_64]',
          'Resources:',
          '  BooksTable:',
          '    Type: AWS::DynamoDB::Table',
          '  GetRole:',
          '    Type: AWS::IAM::Role',
          '    Properties:',
          '      Policies:',
          '        - PolicyName: get',
          '          PolicyDocument:',
          '            Statement:',
          '              - Effect: Allow',
          '                Action: [dynamodb:Query]',
          '                Resource: [!GetAtt BooksTable.Arn, !Sub "${BooksTable.Arn}/index/*"]',
          '        - PolicyName: text',
          '          PolicyDocument: "{}"',
          '  GetFunction:',
          '    Type: AWS::Serverless::Function',
          '    Metadata: { BuildProperties: { Binary: get-book } }',
          '    Properties:',
          '      FunctionName: !Sub shop-${Stage}-get-book',
          '      Role: !GetAtt GetRole.Arn',
          '      Timeout: 9',
          '  Edited:',
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          '      FunctionName: !Sub shop-${Stage}-edited',
          '      Policies:',
          '        - AmazonDynamoDBFullAccess',
          '        - DynamoDBCrudPolicy: { TableName: !Ref BooksTable }',
          '        - Statement: [{ Effect: Allow, Action: "dynamodb:*", Resource: "*" }]',
        ].join('\n'),
      ),
      ['shop-${Stage}-'],
    );
    expect(
      model.functions.map((f) => ({
        name: f.name,
        memory: f.memory,
        timeout: f.timeout,
        architecture: f.architecture,
        statements: f.statements,
        managed: f.managed,
        unread: f.unread,
      })),
    ).toEqual([
      {
        name: 'get-book',
        memory: 128,
        timeout: 9,
        architecture: 'x86_64',
        statements: [{ actions: ['dynamodb:Query'], resources: ['table:BooksTable', 'indexes:BooksTable'] }],
        managed: [],
        unread: [JSON.stringify({ PolicyName: 'text', PolicyDocument: '{}' })],
      },
      {
        name: 'edited',
        memory: 128,
        timeout: 3,
        architecture: 'x86_64',
        statements: [{ actions: ['dynamodb:*'], resources: ['*'] }],
        managed: ['AmazonDynamoDBFullAccess', 'DynamoDBCrudPolicy', 'AWSLambdaBasicExecutionRole'],
        unread: [],
      },
    ]);
  });

  it('reads event source mappings: a stream with its settings and on-failure queue, a queue, an ARN as written; and the queues', () => {
    const model = readCloudFormation({
      Resources: {
        Books: table,
        Jobs: {
          Type: 'AWS::SQS::Queue',
          Properties: {
            VisibilityTimeout: 60,
            MessageRetentionPeriod: 100,
            SqsManagedSseEnabled: true,
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dead', 'Arn'] }, maxReceiveCount: 5 },
          },
        },
        Dead: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } },
        JobsPolicy: {
          Type: 'AWS::SQS::QueuePolicy',
          Properties: {
            Queues: [{ Ref: 'Jobs' }],
            PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
          },
        },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'x' } },
        Stream: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: { Ref: 'Fn' },
            EventSourceArn: { 'Fn::GetAtt': ['Books', 'StreamArn'] },
            BatchSize: 50,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
            BisectBatchOnFunctionError: true,
            MaximumRetryAttempts: 3,
            MaximumRecordAgeInSeconds: 3600,
            StartingPosition: 'LATEST',
            DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Dead', 'Arn'] } } },
          },
        },
        Queue: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['Jobs', 'Arn'] } } },
        Existing: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: 'arn:aws:sqs:eu-west-1:1:orders', BatchSize: 10 },
        },
      },
    });
    expect(model.mappings).toEqual([
      {
        function: 'Fn',
        source: 'stream:Books',
        batchSize: 50,
        responseTypes: ['ReportBatchItemFailures'],
        bisect: true,
        retries: 3,
        maxRecordAgeSeconds: 3600,
        startingPosition: 'LATEST',
        onFailure: 'queue:Dead',
      },
      { function: 'Fn', source: 'queue:Jobs', responseTypes: [] },
      { function: 'Fn', source: 'arn:aws:sqs:eu-west-1:1:orders', batchSize: 10, responseTypes: [] },
    ]);
    expect(model.queues).toEqual({
      Jobs: { visibility: 60, retention: 100, sse: true, tlsOnly: true, deadLetter: { queue: 'queue:Dead', maxReceiveCount: 5 } },
      Dead: { retention: 1209600, sse: false, tlsOnly: false },
    });
  });
});

describe('readTerraform', () => {
  const tf = {
    variable: { memory_size: [{ default: 512 }], architecture: [{ default: 'arm64' }] },
    resource: {
      aws_lambda_function: {
        get_book: [
          {
            function_name: '${local.project}-get-book',
            role: '${aws_iam_role.get_book.arn}',
            memory_size: '${var.memory_size}',
            timeout: 7,
            architectures: ['${var.architecture}'],
            logging_config: [{ log_group: '${aws_cloudwatch_log_group.get_book.name}' }],
          },
        ],
      },
      aws_iam_role_policy: {
        get_book: [{ role: '${aws_iam_role.get_book.id}', policy: '${data.aws_iam_policy_document.get_book.json}' }],
        by_hand: [{ role: '${aws_iam_role.get_book.name}', policy: '{"Statement":[]}' }],
        other: [{ role: '${aws_iam_role.other.id}', policy: '${data.aws_iam_policy_document.other.json}' }],
      },
      aws_iam_role_policy_attachment: { ro: [{ role: '${aws_iam_role.get_book.name}', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] },
      aws_dynamodb_table: {
        books: [
          {
            hash_key: 'id',
            range_key: 'rank',
            attribute: [
              { name: 'rank', type: 'N' },
              { name: 'id', type: 'S' },
            ],
            stream_enabled: true,
            stream_view_type: 'NEW_IMAGE',
            global_secondary_index: [{ name: 'by-rank', hash_key: 'rank', projection_type: 'ALL' }],
          },
        ],
      },
      aws_sqs_queue: {
        jobs: [
          {
            visibility_timeout_seconds: 60,
            redrive_policy: '${jsonencode({\n    deadLetterTargetArn = aws_sqs_queue.dead.arn\n    maxReceiveCount     = 5\n  })}',
          },
        ],
        dead: [{ message_retention_seconds: 1209600, sqs_managed_sse_enabled: true }],
      },
      aws_sqs_queue_policy: { jobs: [{ queue_url: '${aws_sqs_queue.jobs.id}', policy: '${data.aws_iam_policy_document.jobs_tls.json}' }] },
      aws_lambda_event_source_mapping: {
        stream: [
          {
            function_name: '${aws_lambda_function.get_book.arn}',
            event_source_arn: '${aws_dynamodb_table.books.stream_arn}',
            function_response_types: ['ReportBatchItemFailures'],
            bisect_batch_on_function_error: true,
            destination_config: [{ on_failure: [{ destination_arn: '${aws_sqs_queue.dead.arn}' }] }],
          },
        ],
        queue: [{ function_name: '${aws_lambda_function.get_book.function_name}', event_source_arn: '${aws_sqs_queue.jobs.arn}', batch_size: 5 }],
      },
    },
    data: {
      aws_iam_policy_document: {
        get_book: [
          {
            statement: [
              { actions: ['logs:PutLogEvents'], resources: ['${aws_cloudwatch_log_group.get_book.arn}:*'] },
              { actions: ['dynamodb:Query'], resources: ['${aws_dynamodb_table.books.arn}', '${aws_dynamodb_table.books.arn}/index/*'] },
              { actions: ['dynamodb:GetRecords'], resources: ['${aws_dynamodb_table.books.stream_arn}'] },
              { actions: ['sqs:SendMessage'], resources: ['${aws_sqs_queue.dead.arn}'] },
              { effect: 'Deny', actions: ['dynamodb:DeleteItem'], resources: ['*'] },
            ],
          },
        ],
        other: [{ statement: [{ actions: ['s3:*'], resources: ['*'] }] }],
        jobs_tls: [{ statement: [{ effect: 'Deny', actions: ['sqs:*'], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }] }],
      },
    },
  } as unknown as Hcl;

  it('reads a function: its name without the prefix, variables at their defaults, its own policies and attachments, what each statement names', () => {
    const { functions } = readTerraform(tf);
    expect(functions).toEqual([
      {
        id: 'get_book',
        name: 'get-book',
        memory: 512,
        timeout: 7,
        architecture: 'arm64',
        statements: [
          { actions: ['logs:PutLogEvents'], resources: ['log-group:own'] },
          { actions: ['dynamodb:Query'], resources: ['table:books', 'indexes:books'] },
          { actions: ['dynamodb:GetRecords'], resources: ['stream:books'] },
          { actions: ['sqs:SendMessage'], resources: ['queue:dead'] },
        ],
        managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        unread: ['{"Statement":[]}'],
      },
    ]);
    expect(tableResources(functions[0]!)).toEqual(['table:books', 'indexes:books']);
  });

  it('reads mappings, queues with their dead letters and TLS-only policy, and tables', () => {
    const model = readTerraform(tf);
    expect(model.mappings).toEqual([
      { function: 'get_book', source: 'stream:books', responseTypes: ['ReportBatchItemFailures'], bisect: true, onFailure: 'queue:dead' },
      { function: 'get_book', source: 'queue:jobs', batchSize: 5, responseTypes: [] },
    ]);
    expect(model.queues).toEqual({
      jobs: { visibility: 60, sse: false, tlsOnly: true, deadLetter: { queue: 'queue:dead', maxReceiveCount: 5 } },
      dead: { retention: 1209600, sse: true, tlsOnly: false },
    });
    expect(model.tables).toEqual({
      books: {
        attributes: ['id S', 'rank N'],
        keys: ['id HASH', 'rank RANGE'],
        indexes: [{ name: 'by-rank', keys: ['rank HASH'], projection: 'ALL' }],
        stream: 'NEW_IMAGE',
      },
    });
  });
});

describe('the API in the model', () => {
  it('reads CDK routes and methods: JWT with its issuer, the stack user pool, IAM, none; REST paths from their resources, credentials, preflights and the origin they answer', () => {
    const { api } = readCloudFormation({
      Resources: {
        Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { CorsConfiguration: { AllowOrigins: ['https://b.example', 'https://a.example'] } } },
        Jwt: { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: { JwtConfiguration: { Issuer: 'https://issuer.example', Audience: ['web', 'cli'] } } },
        Pool: {
          Type: 'AWS::ApiGatewayV2::Authorizer',
          Properties: { JwtConfiguration: { Issuer: { 'Fn::Join': ['', ['https://cognito-idp/', { Ref: 'UserPool6BA7E5F2' }]] } } },
        },
        Get: {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: { RouteKey: 'GET /items/{id}', AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Jwt' }, AuthorizationScopes: ['b', 'a'] },
        },
        Mine: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'GET /me', AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Pool' } } },
        Signed: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'POST /items', AuthorizationType: 'AWS_IAM' } },
        Open: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'GET /health', AuthorizationType: 'NONE' } },
        Items: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { 'Fn::GetAtt': ['Rest', 'RootResourceId'] }, PathPart: 'items' } },
        Item: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { Ref: 'Items' }, PathPart: '{id}' } },
        Put: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'PUT',
            ResourceId: { Ref: 'Item' },
            AuthorizationType: 'COGNITO_USER_POOLS',
            AuthorizationScopes: ['w'],
            Integration: { Credentials: 'arn:aws:iam::*:user/*' },
          },
        },
        Root: {
          Type: 'AWS::ApiGateway::Method',
          Properties: { HttpMethod: 'GET', ResourceId: { 'Fn::GetAtt': ['Rest', 'RootResourceId'] }, AuthorizationType: 'NONE' },
        },
        Preflight: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'OPTIONS',
            ResourceId: { Ref: 'Item' },
            AuthorizationType: 'NONE',
            Integration: { IntegrationResponses: [{ ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://c.example'" } }] },
          },
        },
        Signed2: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'OPTIONS', ResourceId: { Ref: 'Items' }, AuthorizationType: 'AWS_IAM' } },
      },
    });
    expect(api.routes).toEqual({
      'GET /items/{id}': { type: 'jwt', issuer: 'https://issuer.example', audience: ['cli', 'web'], scopes: ['a', 'b'], ref: 'Get' },
      'GET /me': { type: 'jwt', issuer: 'user-pool', audience: ['user-pool-client'], scopes: [], ref: 'Mine' },
      'POST /items': { type: 'iam', scopes: [], ref: 'Signed' },
      'GET /health': { type: 'none', scopes: [], ref: 'Open' },
      'PUT /items/{id}': { type: 'user-pool', scopes: ['w'], credentials: 'arn:aws:iam::*:user/*', ref: 'Put' },
      'GET /': { type: 'none', scopes: [], ref: 'Root' },
    });
    // An HTTP API's origins, sorted (the HTTP API's configuration is read first).
    expect(api.cors).toEqual({ origins: ['https://a.example', 'https://b.example'] });
  });

  it("reads SAM's translation: the OpenAPI body's security per operation, by its scheme; unsecured preflights and their origin", () => {
    const { api } = readCloudFormation({
      Resources: {
        Rest: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: {
            Body: {
              securityDefinitions: { AWS_IAM: { 'x-amazon-apigateway-authtype': 'awsSigv4' }, Pool: { 'x-amazon-apigateway-authtype': 'cognito_user_pools' } },
              paths: {
                '/items': {
                  get: { security: [{ Pool: ['read', 'admin'] }] },
                  post: { security: [{ AWS_IAM: [] }], 'x-amazon-apigateway-integration': { credentials: 'arn:aws:iam::*:user/*' } },
                  options: {
                    'x-amazon-apigateway-integration': {
                      responses: { default: { responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://c.example'" } } },
                    },
                  },
                },
                '/health': { get: {}, options: { security: [{ AWS_IAM: [] }] } },
              },
            },
          },
        },
      },
    });
    expect(api).toEqual({
      routes: {
        'GET /items': { type: 'user-pool', scopes: ['admin', 'read'], ref: 'Rest' },
        'POST /items': { type: 'iam', scopes: [], credentials: 'arn:aws:iam::*:user/*', ref: 'Rest' },
        'GET /health': { type: 'none', scopes: [], ref: 'Rest' },
      },
      cors: { origins: ['https://c.example'], preflight: ['/items'] },
    });
    const http = readCloudFormation({
      Resources: {
        Http: {
          Type: 'AWS::ApiGatewayV2::Api',
          Properties: {
            Body: {
              'x-amazon-apigateway-cors': { allowOrigins: ['https://a.example'] },
              components: {
                securitySchemes: { Jwt: { 'x-amazon-apigateway-authorizer': { jwtConfiguration: { issuer: 'https://issuer.example', audience: ['web'] } } } },
              },
              paths: { '/items': { get: { security: [{ Jwt: ['read'] }] } } },
            },
          },
        },
      },
    }).api;
    expect(http).toEqual({
      routes: { 'GET /items': { type: 'jwt', issuer: 'https://issuer.example', audience: ['web'], scopes: ['read'], ref: 'Http' } },
      cors: { origins: ['https://a.example'] },
    });
  });

  it('reads Terraform routes with the authorizer, REST methods with their paths and credentials, and the CORS of each API type', () => {
    const http = readTerraform({
      resource: {
        aws_apigatewayv2_api: { api: [{ cors_configuration: [{ allow_origins: ['https://a.example'] }] }] },
        aws_apigatewayv2_authorizer: { api: [{ jwt_configuration: [{ issuer: '${aws_cognito_user_pool.users.endpoint}', audience: ['x'] }] }] },
        aws_apigatewayv2_route: {
          get_item: [{ route_key: 'GET /items/{id}', authorization_type: 'JWT', authorization_scopes: ['read'] }],
          health: [{ route_key: 'GET /health', authorization_type: 'NONE' }],
        },
      },
    } as unknown as Hcl).api;
    expect(http).toEqual({
      routes: {
        'GET /items/{id}': { type: 'jwt', issuer: 'user-pool', audience: ['user-pool-client'], scopes: ['read'], ref: 'aws_apigatewayv2_route.get_item' },
        'GET /health': { type: 'none', scopes: [], ref: 'aws_apigatewayv2_route.health' },
      },
      cors: { origins: ['https://a.example'] },
    });
    const rest = readTerraform({
      resource: {
        aws_api_gateway_resource: {
          items: [{ parent_id: '${aws_api_gateway_rest_api.api.root_resource_id}', path_part: 'items' }],
          item: [{ parent_id: '${aws_api_gateway_resource.items.id}', path_part: '{id}' }],
        },
        aws_api_gateway_method: {
          put_item: [{ http_method: 'PUT', resource_id: '${aws_api_gateway_resource.item.id}', authorization: 'AWS_IAM' }],
          item_options: [{ http_method: 'OPTIONS', resource_id: '${aws_api_gateway_resource.item.id}', authorization: 'NONE' }],
          items_options: [{ http_method: 'OPTIONS', resource_id: '${aws_api_gateway_resource.items.id}', authorization: 'AWS_IAM' }],
          list_items: [
            { http_method: 'GET', resource_id: '${aws_api_gateway_resource.items.id}', authorization: 'COGNITO_USER_POOLS', authorization_scopes: ['b', 'a'] },
          ],
        },
        aws_api_gateway_integration: { put_item: [{ credentials: 'arn:aws:iam::*:user/*' }] },
        aws_api_gateway_integration_response: {
          item_options: [{ response_parameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://c.example'" } }],
        },
      },
    } as unknown as Hcl).api;
    expect(rest).toEqual({
      routes: {
        'PUT /items/{id}': { type: 'iam', scopes: [], credentials: 'arn:aws:iam::*:user/*', ref: 'aws_api_gateway_method.put_item' },
        'GET /items': { type: 'user-pool', scopes: ['a', 'b'], ref: 'aws_api_gateway_method.list_items' },
      },
      cors: { origins: ['https://c.example'], preflight: ['/items/{id}'] },
    });
  });
});
