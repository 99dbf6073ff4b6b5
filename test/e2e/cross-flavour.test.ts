/**
 * For the same answers, CDK (its synthesized template), SAM (template.yaml, and the
 * CloudFormation SAM's translator makes of it), Terraform (the parsed HCL) and Pulumi (what its
 * program declares under Pulumi's mocks) describe the same functions, routes, memory, timeout,
 * architecture and IAM actions, and let API Gateway invoke each function exactly where the CDK
 * does: the AWS CDK encodes API Gateway's behaviour (REST APIs invoke with the concrete path, so a
 * `{param}` must be `*` in the permission's source ARN; HTTP APIs with the route's path), and SAM,
 * Terraform and Pulumi are held to it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { type DeploymentModel, readCloudFormation, readPulumi, readTerraform } from '../../lib/iac/deployment.js';
import { DEFAULT_STAGE } from '../../lib/stage.js';
import { parse as parseYaml } from 'yaml';
import { CLI, REPO_ROOT } from '../helpers/generators.js';
import {
  type Permissions,
  cdkPermissions,
  cloudFormationAccountSetting,
  cloudFormationApiSettings,
  cloudFormationBucketFunctions,
  cloudFormationConsumers,
  cloudFormationGrants,
  cloudFormationNames,
  cloudFormationRules,
  cloudFormationSchedules,
  fromCdkTemplate,
  fromSamTemplate,
  fromTerraform,
  parseTerraform,
  samPermissions,
  samTranslated,
  terraformAccountSetting,
  terraformApiSettings,
  terraformBucketFunctions,
  terraformConsumers,
  terraformGrants,
  terraformNames,
  terraformRules,
  terraformSchedules,
  terraformPermissions,
} from '../helpers/iac-model.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { generate, pulumiChecks, stackName, tofuValidate } from '../helpers/workspace.js';
import { pulumiDeclared } from '../helpers/pulumi.js';
import {
  fromPulumi,
  pulumiAccountSetting,
  pulumiApiSettings,
  pulumiBucketFunctions,
  pulumiConsumers,
  pulumiGrants,
  pulumiNames,
  pulumiPermissions,
  pulumiRules,
  pulumiSchedules,
} from '../helpers/pulumi-model.js';

const ROOT = path.join(E2E_DIR, 'cross');
// The resource has an index on its name sorted by a number, and its list is sorted by that number
// (a second index on the same attribute, a DynamoDB N): its list route queries them, never scans
// (and may, by IAM, query its indexes only).
// One origin that browsers call from (a REST API's preflight takes one).
const ORIGIN = 'https://app.example.com';
const ANSWERS = [
  '--cors',
  ORIGIN,
  '--arch',
  'x86_64',
  '--memory',
  '512',
  '--timeout',
  '15',
  '--resource',
  'category',
  '--fields',
  'name:string(200), description:string(2000)?, rank:integer',
  '--index',
  'name:rank',
  '--sort-key',
  'rank:desc',
];
// Nested parameters: each must become `*` in a REST permission.
const EXTRA_ROUTE = ['route', 'GET', '/categories/{id}/items/{itemId}', '--resource', 'category', '--access', 'read', '--yes'];
// Queue consumers: one with its own queue that writes the table, one of an existing queue.
const CONSUMERS = [
  ['function', 'store-messages', '--trigger', 'sqs', '--resource', 'category', '--access', 'write', '--batch-size', '5', '--timeout', '120', '--yes'],
  ['function', 'audit-orders', '--trigger', 'sqs', '--queue', 'arn:aws:sqs:eu-west-1:123456789012:orders', '--yes'],
  // And scheduled jobs: a cron in a time zone reading the table, a rate.
  [
    'function',
    'nightly-report',
    '--trigger',
    'schedule',
    '--cron',
    'cron(0 3 * * ? *)',
    '--timezone',
    'Europe/Paris',
    '--resource',
    'category',
    '--access',
    'read',
    '--yes',
  ],
  ['function', 'heartbeat', '--trigger', 'schedule', '--rate', 'rate(5 minutes)', '--yes'],
  // And event rules: one on the default bus writing the table, one on a bus of the account's.
  [
    'function',
    'store-orders',
    '--trigger',
    'eventbridge',
    '--source',
    'com.example.orders',
    '--detail-type',
    'Order Placed,Order Updated',
    '--resource',
    'category',
    '--access',
    'write',
    '--yes',
  ],
  [
    'function',
    'audit-events',
    '--trigger',
    'eventbridge',
    '--source',
    'com.example.orders,aws.s3',
    '--bus',
    'arn:aws:events:eu-west-1:123456789012:event-bus/orders',
    '--yes',
  ],
  // And a reader of the table's stream.
  ['function', 'on-category', '--trigger', 'dynamodb-stream', '--resource', 'category', '--batch-size', '50', '--yes'],
  // And a bucket's function, on a bucket of its own.
  ['function', 'on-upload', '--trigger', 's3', '--events', 's3:ObjectCreated:*,s3:ObjectRemoved:Delete', '--prefix', 'uploads/', '--suffix', '.csv', '--yes'],
];
const SQS_CONSUME = 'sqs:ChangeMessageVisibility, sqs:DeleteMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl, sqs:ReceiveMessage';

/** IAM's wildcard matching of ARNs: `*` is any run of characters, `?` any one. */
function arnMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(value);
}

/** The `METHOD /path` of the ARN API Gateway invokes a route with: the concrete path for REST, the route's path for HTTP. */
function invocation(api: 'http' | 'rest', route: string): string {
  const [method, routePath] = route.split(' ') as [string, string];
  return `${method} ${api === 'rest' ? routePath.replace(/\{[^}]+\}/g, 'some-value') : routePath}`;
}

/** Which routes' invocations each function's permissions allow. */
function allowed(permissions: Permissions, invocations: string[]): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(permissions).map(([fn, patterns]) => [
      fn,
      invocations.filter((inv) => patterns.some((p) => arnMatches(p.replace(' ', '/'), inv.replace(' ', '/')))),
    ]),
  );
}

/** The stack a stage of a SAM workspace deploys to: its environment of samconfig.toml. */
function samStackName(dir: string, stage: string): string {
  const config = parseToml(readFileSync(path.join(dir, 'samconfig.toml'), 'utf8')) as any;
  return config[stage].global.parameters.stack_name;
}

describe.each(['http', 'rest'] as const)('the four flavours agree (%s API)', (api) => {
  it('on functions, routes, queue consumers, memory, timeout, architecture, IAM and who may invoke each function', async () => {
    const names = { cdk: `same-cdk-${api}`, sam: `same-sam-${api}`, tf: `same-tf-${api}`, pl: `same-pl-${api}` };
    const cdk = await generate(ROOT, names.cdk, '--iac', 'cdk', '--api', api, ...ANSWERS);
    const sam = await generate(ROOT, names.sam, '--iac', 'sam', '--api', api, ...ANSWERS, '--skip-install');
    const tf = await generate(ROOT, names.tf, '--iac', 'terraform', '--api', api, ...ANSWERS, '--skip-install');
    const pl = await generate(ROOT, names.pl, '--iac', 'pulumi', '--api', api, ...ANSWERS);
    for (const dir of [cdk, sam, tf, pl]) for (const command of [EXTRA_ROUTE, ...CONSUMERS]) await tool(dir, 'node', [CLI, ...command]);
    await tool(path.join(cdk, 'infra'), 'npx', ['cdk', 'synth', '--quiet', '--no-notices'], { SKIP_BUNDLING: '1' });
    await tofuValidate(path.join(tf, 'infra'));
    const cdkTemplate = path.join(cdk, 'infra', 'cdk.out', `${stackName(names.cdk)}.template.json`);
    // Pulumi's program, checked by tsc and its own tests, then run under Pulumi's mocks: what it declares.
    await pulumiChecks(pl);
    const declared = await pulumiDeclared(pl);

    const fromCdk = fromCdkTemplate(cdkTemplate, names.cdk);
    expect(Object.keys(fromCdk).sort()).toEqual([
      'audit-events',
      'audit-orders',
      'create-category',
      'delete-category',
      'get-category',
      'get-category-item',
      'heartbeat',
      'list-categories',
      'nightly-report',
      'on-category',
      'on-upload',
      'store-messages',
      'store-orders',
      'update-category',
    ]);
    expect(fromCdk['get-category']).toEqual({ route: 'GET /categories/{id}', memory: 512, timeout: 15, architecture: 'x86_64', actions: ['dynamodb:GetItem'] });
    expect(fromCdk['store-messages']).toEqual({
      route: '',
      memory: 512,
      timeout: 120,
      architecture: 'x86_64',
      actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    });
    expect(fromSamTemplate(path.join(sam, 'template.yaml'), names.sam)).toEqual(fromCdk);
    expect(await fromTerraform(path.join(tf, 'infra'))).toEqual(fromCdk);
    expect(fromPulumi(declared, names.pl)).toEqual(fromCdk);

    // Lambda permissions: every flavour lets API Gateway invoke each function on its own route...
    const routes = Object.fromEntries(Object.entries(fromCdk).filter(([, f]) => f.route !== ''));

    // The contract: openapi.yaml has exactly the IaC's routes, each operation named after its
    // function, and a real validator accepts it.
    for (const dir of [cdk, sam, tf, pl]) {
      const document = parseYaml(readFileSync(path.join(dir, 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> };
      const operations = Object.entries(document.paths).flatMap(([where, item]) =>
        Object.entries(item).map(([method, op]) => [op.operationId, `${method.toUpperCase()} ${where}`]),
      );
      expect(Object.fromEntries(operations), dir).toEqual(Object.fromEntries(Object.entries(routes).map(([fn, f]) => [fn, f.route])));
      expect(operations).toHaveLength(Object.keys(routes).length);
      await tool(dir, path.join(REPO_ROOT, 'node_modules', '.bin', 'redocly'), ['lint', '--format', 'stylish', 'openapi.yaml']);
    }
    const invocations = Object.values(routes).map((f) => invocation(api, f.route));
    const samGranted = await samPermissions(path.join(sam, 'template.yaml'), names.sam);
    const raw = {
      cdk: cdkPermissions(cdkTemplate, names.cdk),
      sam: samGranted,
      tf: await terraformPermissions(path.join(tf, 'infra')),
      pl: pulumiPermissions(declared, names.pl),
    };
    const byFlavour = {
      cdk: allowed(raw.cdk, invocations),
      sam: allowed(raw.sam, invocations),
      tf: allowed(raw.tf, invocations),
      pl: allowed(raw.pl, invocations),
    };
    for (const [flavour, allowedBy] of Object.entries(byFlavour)) {
      for (const [fn, f] of Object.entries(routes)) expect(allowedBy[fn], `${flavour}: ${fn} invocable on ${f.route}`).toContain(invocation(api, f.route));
      // A queue consumer is invoked by its event source mapping only: API Gateway may not invoke it.
      expect(Object.keys(raw[flavour as keyof typeof raw]).sort(), flavour).toEqual(Object.keys(routes).sort());
    }
    // ...and on no route the CDK does not allow it on. One known exception, pinned here: for an
    // HTTP API, SAM writes the permission of an `HttpApi` event itself, with each `{param}` as `*`,
    // which also matches deeper paths (`GET /categories/*` covers `/categories/{id}/items/{itemId}`,
    // a route of another function). API Gateway only ever invokes the function a route
    // integrates, so no call reaches the wrong function; matching the CDK exactly would mean
    // replacing SAM's events by routes, integrations and permissions of our own.
    const held = api === 'http' ? (['tf', 'pl'] as const) : (['sam', 'tf', 'pl'] as const);
    for (const flavour of held) {
      for (const [fn, routes] of Object.entries(byFlavour[flavour])) {
        for (const route of routes) expect(byFlavour.cdk[fn], `${flavour}: ${fn} on ${route}`).toContain(route);
      }
    }
    if (api === 'http') {
      for (const [fn, f] of Object.entries(routes)) expect(samGranted[fn], fn).toEqual([f.route.replace(/\{[^}]+\}/g, '*')]);
    }

    // Every role: exactly the same statements (logs on the function's own log group, its actions
    // on its table), and no managed policy (SAM's default role would attach one with logs on *).
    // As CloudFormation runs SAM's transform: with the parameters' values, here the defaults.
    const translated = await samTranslated(path.join(sam, 'template.yaml'), { Stage: DEFAULT_STAGE });

    // The API itself: a REST API regional in all three, the same access log fields, and API
    // Gateway's own errors in the functions' shape with the CORS headers browsers need.
    const settings = cloudFormationApiSettings(JSON.parse(readFileSync(cdkTemplate, 'utf8')).Resources);
    expect(settings.accessLog).toContain(api === 'http' ? 'routeKey=$context.routeKey' : 'resourcePath=$context.resourcePath');
    expect(settings.accessLog).toContain('integrationError=$context.integrationErrorMessage');
    if (api === 'rest') {
      expect(settings.endpointType).toBe('REGIONAL');
      const error = {
        headers: { 'Access-Control-Allow-Origin': `'${ORIGIN}'`, Vary: "'Origin'" },
        template: '{"code":"$context.error.responseType","message":$context.error.messageString,"requestId":"$context.requestId"}',
      };
      expect(settings.gatewayResponses).toEqual({ DEFAULT_4XX: error, DEFAULT_5XX: error });
    } else {
      // HTTP APIs have no gateway responses; API Gateway adds the CORS headers to every answer.
      expect(settings.gatewayResponses).toEqual({});
    }
    expect(cloudFormationApiSettings(translated.Resources)).toEqual(settings);
    expect(await terraformApiSettings(path.join(tf, 'infra'))).toEqual(settings);
    expect(pulumiApiSettings(declared)).toEqual(settings);
    // The default tags: the project and the stage on every resource (the CDK's on each, SAM's on
    // the stack, Terraform's through the provider), for the default stage.
    const tagged = Object.values<any>(JSON.parse(readFileSync(cdkTemplate, 'utf8')).Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName,
    );
    expect(tagged.length).toBeGreaterThan(10);
    for (const fn of tagged) {
      const tags = Object.fromEntries(fn.Properties.Tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
      expect(tags).toMatchObject({ Project: names.cdk, Stage: DEFAULT_STAGE, ManagedBy: 'cdk' });
    }
    const samTags = JSON.parse(await tool(sam, 'python3', [path.join(REPO_ROOT, 'test/helpers/sam-tags.py'), 'samconfig.toml', 'default']));
    expect(samTags).toEqual({ Project: names.sam, Stage: DEFAULT_STAGE, ManagedBy: 'sam' });
    const providerTags = (await parseTerraform(path.join(tf, 'infra'))).provider.aws[0].default_tags[0].tags;
    expect(providerTags).toEqual({ Project: names.tf, Stage: '${var.stage}', ManagedBy: 'terraform' });
    // Pulumi's: the AWS provider's default tags in each stage's stack file.
    const stackFile = parseYaml(readFileSync(path.join(pl, 'infra', `Pulumi.${DEFAULT_STAGE}.yaml`), 'utf8')) as { config: Record<string, any> };
    expect(stackFile.config['aws:defaultTags'].tags).toEqual({ Project: names.pl, Stage: DEFAULT_STAGE, ManagedBy: 'pulumi' });
    const cdkGrants = cloudFormationGrants(JSON.parse(readFileSync(cdkTemplate, 'utf8')).Resources, names.cdk);
    expect(cdkGrants['get-category']).toEqual({
      statements: ['dynamodb:GetItem -> table', 'logs:CreateLogStream, logs:PutLogEvents -> own log group'],
      managed: [],
    });
    // The list route queries the indexes, and never scans: the table and its indexes' ARN
    // (`<table>/index/*`, as the CDK's grants write it).
    expect(cdkGrants['list-categories']?.statements).toContain('dynamodb:Query -> table + its indexes');
    // The tables: the same keys and the same indexes (name, keys, projection) in every flavour;
    // the attribute the two indexes share defined once.
    const tablesOf = (deployment: DeploymentModel) => Object.values(deployment.tables).map(({ stream: _, ...table }) => table);
    const cdkTables = tablesOf(readCloudFormation(JSON.parse(readFileSync(cdkTemplate, 'utf8'))));
    expect(cdkTables).toEqual([
      {
        attributes: ['_list S', 'id S', 'name S', 'rank N'],
        keys: ['id HASH'],
        indexes: [
          { name: 'by-name', keys: ['name HASH', 'rank RANGE'], projection: 'ALL' },
          { name: 'sorted-by-rank', keys: ['_list HASH', 'rank RANGE'], projection: 'ALL' },
        ],
      },
    ]);
    expect(tablesOf(readCloudFormation(translated))).toEqual(cdkTables);
    const tfTables = tablesOf(readTerraform(await parseTerraform(path.join(tf, 'infra'))));
    expect(tfTables).toEqual(cdkTables);
    expect(tablesOf(readPulumi(declared))).toEqual(cdkTables);
    // A consumer: the queue's consume actions as the CDK's grantConsumeMessages writes them, on its
    // own queue or on the existing queue's ARN.
    expect(cdkGrants['store-messages']?.statements).toEqual([
      'dynamodb:DeleteItem, dynamodb:PutItem, dynamodb:UpdateItem -> table',
      'logs:CreateLogStream, logs:PutLogEvents -> own log group',
      `${SQS_CONSUME} -> own queue`,
    ]);
    expect(cdkGrants['audit-orders']?.statements).toEqual([
      'logs:CreateLogStream, logs:PutLogEvents -> own log group',
      `${SQS_CONSUME} -> "arn:aws:sqs:eu-west-1:123456789012:orders"`,
    ]);
    // A scheduled job's function: its logs, its table (read access includes Query: the index too),
    // and sending a run that failed Lambda's retries to its dead-letter queue.
    expect(cdkGrants['nightly-report']?.statements).toEqual([
      'dynamodb:GetItem, dynamodb:Query, dynamodb:Scan -> table + its indexes',
      'logs:CreateLogStream, logs:PutLogEvents -> own log group',
      'sqs:SendMessage -> own queue',
    ]);
    // An event rule's function: the same, its table's write actions for the one that stores events.
    expect(cdkGrants['store-orders']?.statements).toEqual([
      'dynamodb:DeleteItem, dynamodb:PutItem, dynamodb:UpdateItem -> table',
      'logs:CreateLogStream, logs:PutLogEvents -> own log group',
      'sqs:SendMessage -> own queue',
    ]);
    expect(cdkGrants['audit-events']?.statements).toEqual(['logs:CreateLogStream, logs:PutLogEvents -> own log group', 'sqs:SendMessage -> own queue']);
    // A stream reader: the stream's read actions on the table's stream and ListStreams on `*`, as
    // the CDK's grantStreamRead writes them, and sending to its on-failure queue (SqsDlq's grantSendMessages).
    expect(cdkGrants['on-category']?.statements).toEqual([
      'dynamodb:DescribeStream, dynamodb:GetRecords, dynamodb:GetShardIterator -> table stream',
      'dynamodb:ListStreams -> "*"',
      'logs:CreateLogStream, logs:PutLogEvents -> own log group',
      'sqs:GetQueueAttributes, sqs:GetQueueUrl, sqs:SendMessage -> own queue',
    ]);
    // A bucket's function: its logs, and sending a run that failed Lambda's retries to its dead-letter queue.
    expect(cdkGrants['on-upload']?.statements).toEqual(['logs:CreateLogStream, logs:PutLogEvents -> own log group', 'sqs:SendMessage -> own queue']);
    expect(cloudFormationGrants(translated.Resources, names.sam)).toEqual(cdkGrants);
    expect(await terraformGrants(path.join(tf, 'infra'))).toEqual(cdkGrants);
    expect(pulumiGrants(declared, names.pl)).toEqual(cdkGrants);

    // Event source mappings and queues: batch size, partial batch responses, the queue's
    // visibility (six times the function's timeout), retention, encryption, TLS-only policy, and
    // its dead-letter queue after five receives.
    const cdkConsumers = cloudFormationConsumers(JSON.parse(readFileSync(cdkTemplate, 'utf8')).Resources, names.cdk);
    expect(cdkConsumers).toEqual({
      'store-messages': {
        queue: 'own queue',
        batchSize: 5,
        responseTypes: ['ReportBatchItemFailures'],
        ownQueue: {
          visibility: 720,
          retention: 345600,
          sse: true,
          tlsOnly: true,
          maxReceiveCount: 5,
          deadLetters: { retention: 1209600, sse: true, tlsOnly: true },
        },
      },
      'audit-orders': { queue: 'arn:aws:sqs:eu-west-1:123456789012:orders', batchSize: 10, responseTypes: ['ReportBatchItemFailures'] },
      // The stream reader: new and old images, from the latest record, a failing batch split,
      // bounded retries and age, then the failure's description in its own queue.
      'on-category': {
        queue: 'table stream',
        batchSize: 50,
        responseTypes: ['ReportBatchItemFailures'],
        stream: {
          viewType: 'NEW_AND_OLD_IMAGES',
          startingPosition: 'LATEST',
          bisect: true,
          retries: 3,
          maxRecordAgeSeconds: 3600,
          onFailure: { retention: 1209600, sse: true, tlsOnly: true },
        },
      },
    });
    expect(cloudFormationConsumers(translated.Resources, names.sam)).toEqual(cdkConsumers);
    expect(await terraformConsumers(path.join(tf, 'infra'))).toEqual(cdkConsumers);
    expect(pulumiConsumers(declared, names.pl)).toEqual(cdkConsumers);

    // Schedules: expression and zone, no flexible window, the same input of context attributes,
    // retries, the dead-letter queue shared with the function's own, and the schedule's role as
    // the CDK's LambdaInvoke target makes it (the scheduler of this account's default group;
    // invoke on the function and its versions; send to the dead-letter queue).
    const cdkSchedules = cloudFormationSchedules(JSON.parse(readFileSync(cdkTemplate, 'utf8')).Resources, names.cdk);
    const job = {
      flexibleWindow: 'OFF',
      input: {
        scheduleArn: '<aws.scheduler.schedule-arn>',
        scheduledTime: '<aws.scheduler.scheduled-time>',
        executionId: '<aws.scheduler.execution-id>',
        attemptNumber: '<aws.scheduler.attempt-number>',
      },
      retry: { attempts: 3, maxAgeSeconds: 3600 },
      deadLetters: 'own queue',
      functionDeadLettersSame: true,
      role: {
        principal: 'scheduler.amazonaws.com',
        conditions: ['aws:SourceAccount this account', 'aws:SourceArn the default schedule group'],
        statements: ['lambda:InvokeFunction -> function + function:*', 'sqs:SendMessage -> dead-letter queue'],
      },
    };
    expect(cdkSchedules).toEqual({
      'nightly-report': { ...job, expression: 'cron(0 3 * * ? *)', timezone: 'Europe/Paris' },
      heartbeat: { ...job, expression: 'rate(5 minutes)', timezone: 'UTC' },
    });
    expect(cloudFormationSchedules(translated.Resources, names.sam)).toEqual(cdkSchedules);
    expect(await terraformSchedules(path.join(tf, 'infra'))).toEqual(cdkSchedules);
    expect(pulumiSchedules(declared, names.pl)).toEqual(cdkSchedules);

    // Event rules: the bus (by name: a rule is on a bus of its own account), the pattern, the
    // target's retries and the dead-letter queue shared with the function's own; EventBridge may
    // invoke the function from its rule only (the CDK's LambdaFunction target adds that
    // permission), and the queue's policy lets the rule send to it (addToDeadLetterQueueResourcePolicy)
    // beside refusing every request not over TLS.
    const cdkRules = cloudFormationRules(JSON.parse(readFileSync(cdkTemplate, 'utf8')).Resources, names.cdk);
    const rule = {
      retry: { attempts: 3, maxAgeSeconds: 3600 },
      functionDeadLettersSame: true,
      invokedBy: ['lambda:InvokeFunction by events.amazonaws.com from its rule'],
      deadLetterPolicy: ['Allow events.amazonaws.com sqs:SendMessage if ArnEquals aws:SourceArn its rule', 'Deny * sqs:* if Bool aws:SecureTransport "false"'],
    };
    expect(cdkRules).toEqual({
      'store-orders': { ...rule, bus: 'default', pattern: { source: ['com.example.orders'], 'detail-type': ['Order Placed', 'Order Updated'] } },
      'audit-events': { ...rule, bus: 'orders', pattern: { source: ['com.example.orders', 'aws.s3'] } },
    });
    expect(cloudFormationRules(translated.Resources, names.sam)).toEqual(cdkRules);
    expect(await terraformRules(path.join(tf, 'infra'))).toEqual(cdkRules);
    expect(pulumiRules(declared, names.pl)).toEqual(cdkRules);

    // Bucket functions: the notification's events and key filter, the bucket (versioned, SSE-S3,
    // public access blocked, TLS only), and S3's permission to invoke, from this account and (CDK,
    // Terraform) from that bucket. One known exception, pinned here: SAM's S3 event writes the
    // permission without the bucket's ARN (the bucket, whose notification names the function,
    // would depend on the permission that names the bucket); the account condition holds.
    const cdkBuckets = cloudFormationBucketFunctions(JSON.parse(readFileSync(cdkTemplate, 'utf8')).Resources, names.cdk);
    expect(cdkBuckets).toEqual({
      'on-upload': {
        events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'],
        filter: { prefix: 'uploads/', suffix: '.csv' },
        bucket: { versioned: true, sse: 'AES256', publicAccessBlocked: true, tlsOnly: true },
        permission: { principal: 's3.amazonaws.com', sourceAccount: true, sourceArn: 'its bucket' },
      },
    });
    const samBuckets = cloudFormationBucketFunctions(translated.Resources, names.sam);
    expect(samBuckets).toEqual({ 'on-upload': { ...cdkBuckets['on-upload']!, permission: { ...cdkBuckets['on-upload']!.permission, sourceArn: 'none' } } });
    expect(await terraformBucketFunctions(path.join(tf, 'infra'))).toEqual(cdkBuckets);
    expect(pulumiBucketFunctions(declared, names.pl)).toEqual(cdkBuckets);

    // A REST stage logs only once the account names API Gateway's CloudWatch role: every flavour
    // sets it, with the role API Gateway documents; the CloudFormation flavours keep both when the
    // stack goes (other APIs of the account may log through them), as the CDK's RestApi does.
    const cdkResources = JSON.parse(readFileSync(cdkTemplate, 'utf8')).Resources;
    const expected = api === 'rest' ? { managed: ['service-role/AmazonAPIGatewayPushToCloudWatchLogs'], retained: true } : undefined;
    expect(cloudFormationAccountSetting(cdkResources)).toEqual(expected);
    expect(cloudFormationAccountSetting(translated.Resources)).toEqual(expected);
    expect(await terraformAccountSetting(path.join(tf, 'infra'))).toEqual(expected && { ...expected, retained: false });
    // (Pulumi's program keeps both too, by retainOnDelete: a resource option its mocks do not show.)
    expect(pulumiAccountSetting(declared)).toEqual(expected && { managed: expected.managed });

    // SAM deploys the one stage it declares (no extra stage named "Stage"); CloudFormation
    // resolves a Ref to the Stage parameter to its value, the default here.
    const withDefaults = (v: unknown) => (typeof v === 'object' && (v as { Ref?: string })?.Ref === 'Stage' ? DEFAULT_STAGE : v);
    const stages = Object.values(translated.Resources)
      .filter((r) => r.Type === 'AWS::ApiGateway::Stage' || r.Type === 'AWS::ApiGatewayV2::Stage')
      .map((r) => withDefaults(r.Properties.StageName));
    const deploymentStages = Object.values(translated.Resources)
      .filter((r) => r.Type === 'AWS::ApiGateway::Deployment')
      .map((r) => withDefaults(r.Properties.StageName))
      .filter(Boolean);
    expect([...stages, ...deploymentStages]).toEqual([api === 'http' ? '$default' : DEFAULT_STAGE]);

    // Stages side by side in one account: the stage's deployment shares no physical name with
    // another's (CDK: synthesized per stage; SAM: translated per Stage parameter; Terraform: the
    // names resolved per stage variable), and the stack (or state) names differ too.
    const stageNames = async (stage: string) => {
      await tool(path.join(cdk, 'infra'), 'npx', ['cdk', 'synth', '--quiet', '--no-notices', '-c', `stage=${stage}`], { SKIP_BUNDLING: '1' });
      const cdkStage = JSON.parse(readFileSync(path.join(cdk, 'infra', 'cdk.out', `${stackName(names.cdk, stage)}.template.json`), 'utf8')).Resources;
      const samStage = (await samTranslated(path.join(sam, 'template.yaml'), { Stage: stage })).Resources;
      return {
        cdk: [`stack ${stackName(names.cdk, stage)}`, ...cloudFormationNames(cdkStage, {})],
        sam: [`stack ${samStackName(sam, stage)}`, ...cloudFormationNames(samStage, { Stage: stage })],
        tf: await terraformNames(path.join(tf, 'infra'), stage),
        // A Pulumi stack per stage, named after it.
        pl: [`stack ${stage}`, ...pulumiNames(await pulumiDeclared(pl, stage))],
      };
    };
    // One after the other: two cdk synth runs cannot share cdk.out.
    const dev = await stageNames('dev');
    const prod = await stageNames('prod');
    for (const flavour of ['cdk', 'sam', 'tf', 'pl'] as const) {
      expect(dev[flavour].length, flavour).toBeGreaterThan(6);
      expect(
        dev[flavour].filter((n) => prod[flavour].includes(n)),
        `${flavour}: names of dev also in prod`,
      ).toEqual([]);
      // Every name a flavour sets itself carries the stage.
      for (const n of dev[flavour]) expect(n, flavour).toMatch(/dev|Dev/);
    }
    expect(dev.sam.some((n) => n.startsWith('AWS::Lambda::Function') && n.endsWith('-dev-get-category'))).toBe(true);
  });
});
