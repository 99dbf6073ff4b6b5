/**
 * `serverless-api function <name> --trigger sqs|schedule|eventbridge|dynamodb-stream`: a queue
 * consumer, a scheduled job, an event rule's function and a table's stream reader added to a
 * workspace in every flavour (the crate,
 * its sample events, the trigger's infrastructure), kept by check, idempotent; every bad input
 * refused in one line with nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it, vi } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI } from '../helpers/generators.js';

// A workspace and several commands a test: beyond the suite's 30 s when CI runs files side by side.
vi.setConfig({ testTimeout: 180_000 });

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

async function workspace(...flags: string[]): Promise<string> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'sa-function-'));
  const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', ...flags);
  expect(result.exitCode, result.all).toBe(0);
  return path.join(cwd, 'shop');
}

/** `args`, run in `cwd`, exit 1 with one line of error holding `message`, and change no file. */
async function expectRefused(cwd: string, args: string[], message: string): Promise<void> {
  const before = snapshot(cwd);
  const result = await cli(cwd, ...args);
  expect(result.exitCode, args.join(' ')).toBe(1);
  expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
  expect(result.stderr, args.join(' ')).toContain(message);
  expect(snapshot(cwd)).toEqual(before);
}

/** `check` passes on the workspace, and the same command again says so and changes nothing. */
async function expectCheckedAndIdempotent(dir: string, command: string[], name: string): Promise<void> {
  let result = await cli(dir, 'check');
  expect(result.exitCode, result.all).toBe(0);
  const before = snapshot(dir);
  result = await cli(dir, ...command);
  expect(result.exitCode, result.all).toBe(0);
  expect(result.all).toContain(`${name} is already in this workspace, as asked: nothing to change.`);
  expect(snapshot(dir)).toEqual(before);
}

const ADD = ['function', 'process-orders', '--trigger', 'sqs', '--batch-size', '5', '--resource', 'item', '--access', 'write', '--timeout', '120', '--yes'];

describe.each(['cdk', 'sam', 'terraform'] as const)('function --trigger sqs, %s', (iac) => {
  it('adds the consumer, its queue and mapping; check follows it; a second run changes nothing', async () => {
    const dir = await workspace('--iac', iac);
    const result = await cli(dir, ...ADD);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('Added process-orders: a queue consumer (lambdas/process-orders/), with its queue and dead-letter queue');
    for (const file of ['Cargo.toml', 'src/main.rs', 'src/handler.rs', 'events/ok.json', 'events/poison-message.json', 'events/no-message-id.json']) {
      expect(existsSync(path.join(dir, 'lambdas/process-orders', file)), file).toBe(true);
    }
    expect(readFileSync(path.join(dir, 'shared/src/lib.rs'), 'utf8')).toContain('pub mod batch;');
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toMatch(
      /aws_lambda_events = \{ version = "1\.2", default-features = false, features = \["sqs"\] \}/,
    );
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].functions;
    expect(stored).toEqual([
      {
        name: 'process-orders',
        trigger: { type: 'sqs', batchSize: 5 },
        resource: 'item',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        timeout: 120,
        afterRoutes: 5,
      },
    ]);
    const iacText = {
      cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
      sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
      terraform: () => readFileSync(path.join(dir, 'infra/consumer_process_orders.tf'), 'utf8'),
    }[iac]();
    expect(iacText).toMatch(
      iac === 'cdk'
        ? /name: 'process-orders',\s*batchSize: 5,/
        : iac === 'sam'
          ? /FunctionResponseTypes:\s*- ReportBatchItemFailures/
          : /function_response_types = \["ReportBatchItemFailures"\]/,
    );
    await expectCheckedAndIdempotent(dir, ADD, 'process-orders');
  });
});

const SCHEDULE = [
  'function',
  'nightly-report',
  '--trigger',
  'schedule',
  '--cron',
  'cron(0 3 * * ? *)',
  '--timezone',
  'Europe/Paris',
  '--resource',
  'item',
  '--access',
  'read',
  '--yes',
];

describe.each(['cdk', 'sam', 'terraform'] as const)('function --trigger schedule, %s', (iac) => {
  it('adds the job, its schedule, role and dead-letter queue; check follows it; a second run changes nothing', async () => {
    const dir = await workspace('--iac', iac);
    const result = await cli(dir, ...SCHEDULE);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain(
      'Added nightly-report: a scheduled job (lambdas/nightly-report/) on cron(0 3 * * ? *) (Europe/Paris), with its schedule and dead-letter queue',
    );
    for (const file of ['Cargo.toml', 'src/main.rs', 'src/handler.rs', 'events/ok.json', 'events/retry.json', 'events/not-a-run.json']) {
      expect(existsSync(path.join(dir, 'lambdas/nightly-report', file)), file).toBe(true);
    }
    // No queue consumer: no batch helper, no aws_lambda_events.
    expect(existsSync(path.join(dir, 'shared/src/batch.rs'))).toBe(false);
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).not.toContain('aws_lambda_events');
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].functions;
    expect(stored).toEqual([
      {
        name: 'nightly-report',
        trigger: { type: 'schedule', expression: 'cron(0 3 * * ? *)', timezone: 'Europe/Paris' },
        resource: 'item',
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
        afterRoutes: 5,
      },
    ]);
    const iacText = {
      cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
      sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
      terraform: () => readFileSync(path.join(dir, 'infra/schedule_nightly_report.tf'), 'utf8'),
    }[iac]();
    expect(iacText).toMatch(
      iac === 'cdk'
        ? /expression: 'cron\(0 3 \* \* \? \*\)',\s*timezone: 'Europe\/Paris',/
        : iac === 'sam'
          ? /Type: ScheduleV2[\s\S]*ScheduleExpressionTimezone: Europe\/Paris/
          : /schedule_expression_timezone = "Europe\/Paris"/,
    );
    await expectCheckedAndIdempotent(dir, SCHEDULE, 'nightly-report');
  });
});

describe('function --trigger schedule refuses', () => {
  it('bad expressions and options of another trigger, in one line each, with nothing written', async () => {
    const dir = await workspace('--iac', 'sam');
    const cases: [string[], string][] = [
      [['function', 'x', '--trigger', 'schedule', '--yes'], '--trigger schedule needs one of --cron'],
      [['function', 'x', '--trigger', 'schedule', '--cron', 'cron(0 3 * * ? *)', '--rate', 'rate(1 hour)', '--yes'], '--trigger schedule needs one of --cron'],
      [['function', 'x', '--trigger', 'schedule', '--cron', 'cron(0 3 * * *)', '--yes'], '--cron must be cron('],
      [['function', 'x', '--trigger', 'schedule', '--cron', 'cron(0 3 * * * *)', '--yes'], 'exactly one of day-of-month and day-of-week'],
      [['function', 'x', '--trigger', 'schedule', '--rate', 'rate(5 minute)', '--yes'], 'singular unit for 1 only'],
      [['function', 'x', '--trigger', 'schedule', '--rate', 'rate(1 hour)', '--timezone', 'Europe/Paris', '--yes'], '--timezone applies to --cron only'],
      [
        ['function', 'x', '--trigger', 'schedule', '--cron', 'cron(0 3 * * ? *)', '--timezone', 'Mars/Olympus', '--yes'],
        '--timezone must be an IANA time zone',
      ],
      [
        ['function', 'x', '--trigger', 'schedule', '--rate', 'rate(1 hour)', '--batch-size', '5', '--yes'],
        '--batch-size applies to --trigger sqs and dynamodb-stream only',
      ],
      [['function', 'x', '--trigger', 'sqs', '--cron', 'cron(0 3 * * ? *)', '--yes'], '--cron applies to --trigger schedule only'],
      // A FIFO queue's order would be lost by a consumer that fails messages one by one.
      [
        ['function', 'x', '--trigger', 'sqs', '--queue', 'arn:aws:sqs:eu-west-1:123456789012:orders.fifo', '--yes'],
        '--queue: arn:aws:sqs:eu-west-1:123456789012:orders.fifo is a FIFO queue',
      ],
    ];
    for (const [args, message] of cases) await expectRefused(dir, args, message);
  });
});

const RULE = [
  'function',
  'store-orders',
  '--trigger',
  'eventbridge',
  '--source',
  'com.example.orders',
  '--detail-type',
  'Order Placed, Order Updated',
  '--bus',
  'arn:aws:events:eu-west-1:123456789012:event-bus/orders',
  '--resource',
  'item',
  '--access',
  'write',
  '--yes',
];

describe.each(['cdk', 'sam', 'terraform'] as const)('function --trigger eventbridge, %s', (iac) => {
  it('adds the function, its rule, target, permission and dead-letter queue; check follows it; a second run changes nothing', async () => {
    const dir = await workspace('--iac', iac);
    const result = await cli(dir, ...RULE);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain(
      'Added store-orders: a function of an event rule (lambdas/store-orders/) on the bus arn:aws:events:eu-west-1:123456789012:event-bus/orders for com.example.orders (Order Placed, Order Updated), with its rule and dead-letter queue',
    );
    for (const file of ['Cargo.toml', 'src/main.rs', 'src/handler.rs', 'events/ok.json', 'events/bad-detail.json', 'events/not-an-event.json']) {
      expect(existsSync(path.join(dir, 'lambdas/store-orders', file)), file).toBe(true);
    }
    const ok = JSON.parse(readFileSync(path.join(dir, 'lambdas/store-orders/events/ok.json'), 'utf8'));
    expect(ok).toMatchObject({ source: 'com.example.orders', 'detail-type': 'Order Placed', detail: { name: 'Blue widget' } });
    // No queue consumer: no batch helper; aws_lambda_events for EventBridge's events only.
    expect(existsSync(path.join(dir, 'shared/src/batch.rs'))).toBe(false);
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toMatch(
      /aws_lambda_events = \{ version = "1\.2", default-features = false, features = \["eventbridge"\] \}/,
    );
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].functions;
    expect(stored).toEqual([
      {
        name: 'store-orders',
        trigger: {
          type: 'eventbridge',
          bus: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders',
          sources: ['com.example.orders'],
          detailTypes: ['Order Placed', 'Order Updated'],
        },
        resource: 'item',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        afterRoutes: 5,
      },
    ]);
    // The bus by its name in every flavour: a rule is made on a bus of its own account and region.
    const iacText = {
      cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
      sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
      terraform: () => readFileSync(path.join(dir, 'infra/rule_store_orders.tf'), 'utf8'),
    }[iac]();
    expect(iacText).toMatch(
      iac === 'cdk'
        ? /name: 'store-orders',\s*bus: 'orders',\s*pattern: \{ source: \['com\.example\.orders'\], 'detail-type': \['Order Placed', 'Order Updated'\] \},/
        : iac === 'sam'
          ? /Type: EventBridgeRule[\s\S]*EventBusName: orders\s*Pattern:\s*source:\s*- com\.example\.orders\s*detail-type:\s*- Order Placed\s*- Order Updated/
          : /event_bus_name = "orders"\s*event_pattern = jsonencode\(\{\s*"source"\s*= \["com\.example\.orders"\]\s*"detail-type" = \["Order Placed", "Order Updated"\]/,
    );
    await expectCheckedAndIdempotent(dir, RULE, 'store-orders');
  });
});

const STREAM = ['function', 'on-item-change', '--trigger', 'dynamodb-stream', '--resource', 'item', '--batch-size', '50', '--yes'];

describe.each(['cdk', 'sam', 'terraform'] as const)('function --trigger dynamodb-stream, %s', (iac) => {
  it("adds the reader, its table's stream, its mapping and on-failure queue; check follows it; a second run changes nothing", async () => {
    const dir = await workspace('--iac', iac);
    const result = await cli(dir, ...STREAM);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain(
      'Added on-item-change: a stream reader (lambdas/on-item-change/) of the item table, batches of up to 50, with its on-failure queue.',
    );
    for (const file of ['Cargo.toml', 'src/main.rs', 'src/handler.rs', 'events/ok.json', 'events/poison-record.json', 'events/no-sequence-number.json']) {
      expect(existsSync(path.join(dir, 'lambdas/on-item-change', file)), file).toBe(true);
    }
    const ok = JSON.parse(readFileSync(path.join(dir, 'lambdas/on-item-change/events/ok.json'), 'utf8'));
    expect(ok.Records.map((r: { eventName: string }) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(readFileSync(path.join(dir, 'shared/src/batch.rs'), 'utf8')).toContain('pub async fn each_record(');
    expect(readFileSync(path.join(dir, 'shared/src/batch.rs'), 'utf8')).not.toContain('each_message');
    const cargo = readFileSync(path.join(dir, 'Cargo.toml'), 'utf8');
    expect(cargo).toMatch(/aws_lambda_events = \{ version = "1\.2", default-features = false, features = \["dynamodb"\] \}/);
    // serde_dynamo reads the stream's images; the workspace has it for its stores already.
    expect(cargo).toMatch(/^serde_dynamo = \{ version = "4", features = \["aws-sdk-dynamodb\+1"\] \}$/m);
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].functions;
    expect(stored).toEqual([{ name: 'on-item-change', trigger: { type: 'dynamodb-stream', batchSize: 50 }, resource: 'item', actions: [], afterRoutes: 5 }]);
    const iacText = {
      cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
      sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
      terraform: () =>
        `${readFileSync(path.join(dir, 'infra/table_items.tf'), 'utf8')}${readFileSync(path.join(dir, 'infra/stream_on_item_change.tf'), 'utf8')}`,
    }[iac]();
    expect(iacText).toMatch(
      iac === 'cdk'
        ? /partitionKey: 'id', stream: true \}[\s\S]*name: 'on-item-change',\s*resource: 'item',\s*batchSize: 50,/
        : iac === 'sam'
          ? /StreamSpecification:\s*StreamViewType: NEW_AND_OLD_IMAGES[\s\S]*Type: DynamoDB\s*Properties:\s*Stream: !GetAtt ItemsTable\.StreamArn/
          : /stream_view_type = "NEW_AND_OLD_IMAGES"[\s\S]*event_source_arn\s+= aws_dynamodb_table\.items\.stream_arn/,
    );
    await expectCheckedAndIdempotent(dir, STREAM, 'on-item-change');
  });
});

describe('function --trigger dynamodb-stream refuses', () => {
  it('a missing or unknown resource, a bad batch size, a third reader of one stream, in one line each, with nothing written', async () => {
    const dir = await workspace('--iac', 'terraform');
    const bare = await workspace('--iac', 'sam', '--no-resource');
    const cases: [string, string[], string][] = [
      [bare, ['function', 'x', '--trigger', 'dynamodb-stream', '--yes'], '--trigger dynamodb-stream needs --resource'],
      [dir, ['function', 'x', '--trigger', 'dynamodb-stream', '--resource', 'order', '--yes'], '--resource order is not a resource of this workspace'],
      [
        dir,
        ['function', 'x', '--trigger', 'dynamodb-stream', '--resource', 'item', '--batch-size', '10001', '--yes'],
        '--batch-size must be a whole number from 1 to 10000 for a stream',
      ],
      [
        dir,
        ['function', 'x', '--trigger', 'dynamodb-stream', '--resource', 'item', '--queue', 'arn:aws:sqs:eu-west-1:123456789012:orders', '--yes'],
        '--queue applies to --trigger sqs only',
      ],
    ];
    for (const [cwd, args, message] of cases) await expectRefused(cwd, args, message);
    for (const name of ['first-reader', 'second-reader'])
      expect((await cli(dir, 'function', name, '--trigger', 'dynamodb-stream', '--resource', 'item', '--yes')).exitCode).toBe(0);
    const before = snapshot(dir);
    const third = await cli(dir, 'function', 'third-reader', '--trigger', 'dynamodb-stream', '--resource', 'item', '--yes');
    expect(third.exitCode).toBe(1);
    expect(third.stderr.trim()).toBe(
      "Error: the item table's stream has 2 readers already (first-reader, second-reader); AWS advises at most 2: extend one of them instead",
    );
    expect(snapshot(dir)).toEqual(before);
  });
});

const UPLOAD = [
  'function',
  'on-upload',
  '--trigger',
  's3',
  '--events',
  's3:ObjectCreated:*,s3:ObjectRemoved:Delete',
  '--prefix',
  'uploads/',
  '--suffix',
  '.csv',
  '--yes',
];

describe.each(['cdk', 'sam', 'terraform'] as const)('function --trigger s3, %s', (iac) => {
  it('adds the function, its bucket, notification, permission and dead-letter queue; check follows it; a second run changes nothing', async () => {
    const dir = await workspace('--iac', iac);
    const result = await cli(dir, ...UPLOAD);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain(
      'Added on-upload: a function of a bucket of its own (lambdas/on-upload/) for s3:ObjectCreated:*, s3:ObjectRemoved:Delete under uploads/*.csv, with its dead-letter queue.',
    );
    for (const file of ['Cargo.toml', 'src/main.rs', 'src/handler.rs', 'events/ok.json', 'events/empty-object.json', 'events/not-an-event.json']) {
      expect(existsSync(path.join(dir, 'lambdas/on-upload', file)), file).toBe(true);
    }
    const ok = JSON.parse(readFileSync(path.join(dir, 'lambdas/on-upload/events/ok.json'), 'utf8'));
    expect(ok.Records[0].s3.object.key).toBe('uploads/reports/2026-11-29+summary.csv');
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toMatch(
      /aws_lambda_events = \{ version = "1\.2", default-features = false, features = \["s3"\] \}/,
    );
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].functions;
    expect(stored).toEqual([
      {
        name: 'on-upload',
        trigger: { type: 's3', events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'], prefix: 'uploads/', suffix: '.csv' },
        actions: [],
        afterRoutes: 5,
      },
    ]);
    const iacText = {
      cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
      sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
      terraform: () => readFileSync(path.join(dir, 'infra/bucket_on_upload.tf'), 'utf8'),
    }[iac]();
    expect(iacText).toMatch(
      iac === 'cdk'
        ? /name: 'on-upload',\s*events: \['s3:ObjectCreated:\*', 's3:ObjectRemoved:Delete'\],\s*prefix: 'uploads\/',\s*suffix: '\.csv',/
        : iac === 'sam'
          ? /Type: S3\s*Properties:\s*Bucket: !Ref OnUploadBucket\s*Events:\s*- s3:ObjectCreated:\*\s*- s3:ObjectRemoved:Delete\s*Filter:/
          : /events\s+= \["s3:ObjectCreated:\*", "s3:ObjectRemoved:Delete"\]\s*filter_prefix\s+= "uploads\/"\s*filter_suffix\s+= "\.csv"/,
    );
    await expectCheckedAndIdempotent(dir, UPLOAD, 'on-upload');
  });
});

describe('function --trigger s3 refuses', () => {
  it('a bucket name S3 refuses, an unknown event type, an existing bucket outside the CDK, in one line each, with nothing written', async () => {
    const sam = await workspace('--iac', 'sam');
    const tf = await workspace('--iac', 'terraform');
    const cases: [string, string[], string][] = [
      [sam, ['function', 'x', '--trigger', 's3', '--bucket', 'My_Bucket', '--yes'], '--bucket "My_Bucket" is not a name S3 takes'],
      [sam, ['function', 'x', '--trigger', 's3', '--events', 's3:ObjectCreated', '--yes'], '"s3:ObjectCreated" is not an S3 event type'],
      [
        sam,
        ['function', 'x', '--trigger', 's3', '--bucket', 'shared-uploads', '--yes'],
        '--bucket with SAM: an S3 event can only name a bucket of the same template',
      ],
      [tf, ['function', 'x', '--trigger', 's3', '--bucket', 'shared-uploads', '--yes'], '--bucket with Terraform: aws_s3_bucket_notification owns the bucket'],
      [tf, ['function', 'x', '--trigger', 'sqs', '--prefix', 'a/', '--yes'], '--prefix applies to --trigger s3 only'],
    ];
    for (const [cwd, args, message] of cases) await expectRefused(cwd, args, message);
  });
});

describe('an addition to a workspace whose root Cargo.toml was edited', () => {
  it('adds the workspace dependencies it needs under the table header; a dependency without a needed feature stops it, naming the feature, with nothing written', async () => {
    const dir = await workspace('--iac', 'terraform');
    const cargo = path.join(dir, 'Cargo.toml');
    writeFileSync(cargo, `${readFileSync(cargo, 'utf8')}# my note\n`);
    let result = await cli(dir, ...STREAM);
    expect(result.exitCode, result.all).toBe(0);
    const text = readFileSync(cargo, 'utf8');
    expect(text).toContain(
      '[workspace.dependencies]\n# Added by `serverless-api function on-item-change --trigger dynamodb-stream`.\naws_lambda_events = { version = "1.2", default-features = false, features = ["dynamodb"] }\nlambda_runtime = "1.5"\n',
    );
    // The user's edit is kept, and no router entry is appended for a function not behind HTTP.
    expect(text.endsWith('# my note\n')).toBe(true);
    const dependencies = (parseToml(text) as any).workspace.dependencies;
    expect(Object.keys(dependencies)).toEqual(expect.arrayContaining(['aws_lambda_events', 'lambda_runtime', 'serde_dynamo', 'shared']));
    const before = snapshot(dir);
    result = await cli(dir, 'function', 'process-orders', '--trigger', 'sqs', '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Error: Cargo.toml was edited: aws_lambda_events in [workspace.dependencies] lacks the feature "sqs" that `serverless-api function process-orders --trigger sqs` needs; add it to its features (a new workspace has aws_lambda_events = { version = "1.2", default-features = false, features = ["dynamodb", "sqs"] }), then run again',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('a first resource adds the DynamoDB dependencies to it', async () => {
    const dir = await workspace('--iac', 'sam', '--no-resource');
    const cargo = path.join(dir, 'Cargo.toml');
    writeFileSync(cargo, `${readFileSync(cargo, 'utf8')}# my note\n`);
    const result = await cli(dir, 'resource', 'order', '--yes');
    expect(result.exitCode, result.all).toBe(0);
    const dependencies = (parseToml(readFileSync(cargo, 'utf8')) as any).workspace.dependencies;
    expect(Object.keys(dependencies)).toEqual(expect.arrayContaining(['aws-config', 'aws-sdk-dynamodb', 'base64', 'serde_dynamo', 'uuid']));
    expect(readFileSync(cargo, 'utf8')).toContain('# my note\n');
  });
});

describe('function --trigger eventbridge refuses', () => {
  it('a missing or bad source, a bad detail type or bus, and options of another trigger, in one line each, with nothing written', async () => {
    const dir = await workspace('--iac', 'terraform');
    const long = 'x'.repeat(129);
    const cases: [string[], string][] = [
      [['function', 'x', '--trigger', 'eventbridge', '--yes'], '--source is needed'],
      [
        ['function', 'x', '--trigger', 'eventbridge', '--source', 'com.example orders', '--yes'],
        '--source values are 1 to 256 printable characters without spaces',
      ],
      [['function', 'x', '--trigger', 'eventbridge', '--source', 'a,a', '--yes'], '--source names a source twice'],
      [
        ['function', 'x', '--trigger', 'eventbridge', '--source', 'a', '--detail-type', long, '--yes'],
        '--detail-type values are 1 to 128 printable characters',
      ],
      [['function', 'x', '--trigger', 'eventbridge', '--source', 'a', '--bus', 'aws.events', '--yes'], "--bus must be an event bus's name"],
      [
        ['function', 'x', '--trigger', 'eventbridge', '--source', 'a', '--bus', 'arn:aws:sqs:eu-west-1:123456789012:orders', '--yes'],
        "--bus must be an event bus's name",
      ],
      [['function', 'x', '--trigger', 'eventbridge', '--source', 'a', '--rate', 'rate(1 hour)', '--yes'], '--rate applies to --trigger schedule only'],
      [['function', 'x', '--trigger', 'sqs', '--source', 'a', '--yes'], '--source applies to --trigger eventbridge only'],
    ];
    for (const [args, message] of cases) await expectRefused(dir, args, message);
  });
});

describe('function refuses', () => {
  it('bad values, a taken name and a missing resource, in one line each, with nothing written', async () => {
    const dir = await workspace('--iac', 'terraform');
    const cases: [string[], string][] = [
      [['function', 'x', '--trigger', 'cron', '--yes'], '--trigger must be one of sqs'],
      [['function', 'x', '--trigger', 'sqs', '--batch-size', '11', '--yes'], '--batch-size must be a whole number from 1 to 10'],
      [['function', 'x', '--trigger', 'sqs', '--queue', 'orders', '--yes'], '--queue must be an SQS queue ARN'],
      [['function', 'x', '--trigger', 'sqs', '--timeout', '901', '--yes'], 'timeout must be'],
      [['function', 'get-item', '--trigger', 'sqs', '--yes'], 'get-item is already a function of this workspace'],
      [['function', 'x', '--trigger', 'sqs', '--resource', 'order', '--access', 'write', '--yes'], '--resource order is not a resource of this workspace'],
      [['function', '--trigger', 'sqs', '--yes'], 'give the name of the function'],
    ];
    for (const [args, message] of cases) await expectRefused(dir, args, message);
    // And a route may not take a consumer's name.
    expect((await cli(dir, 'function', 'process-orders', '--trigger', 'sqs', '--yes')).exitCode).toBe(0);
    const added = snapshot(dir);
    const route = await cli(dir, 'route', 'GET', '/orders', '--name', 'process-orders', '--yes');
    expect(route.exitCode).toBe(1);
    expect(route.stderr.trim()).toBe('Error: process-orders is already a function of this workspace (lambdas/process-orders/); choose another --name');
    expect(snapshot(dir)).toEqual(added);
  });
});
