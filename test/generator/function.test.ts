/**
 * `serverless-api function <name> --trigger sqs`: a queue consumer added to a workspace in every
 * flavour (the crate, its sample batches, the queue and mapping in the IaC), kept by check,
 * idempotent; every bad input refused in one line with nothing written.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
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

const ADD = ['function', 'process-orders', '--trigger', 'sqs', '--batch-size', '5', '--resource', 'item', '--access', 'write', '--timeout', '120', '--yes'];

describe.each(['cdk', 'sam', 'terraform'] as const)('function --trigger sqs, %s', (iac) => {
  it('adds the consumer, its queue and mapping; check follows it; a second run changes nothing', async () => {
    const dir = await workspace('--iac', iac);
    let result = await cli(dir, ...ADD);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('Added process-orders: a queue consumer (lambdas/process-orders/), with its queue and dead-letter queue');
    for (const file of ['Cargo.toml', 'src/main.rs', 'src/handler.rs', 'events/ok.json', 'events/poison-message.json', 'events/no-message-id.json']) {
      expect(existsSync(path.join(dir, 'lambdas/process-orders', file)), file).toBe(true);
    }
    expect(readFileSync(path.join(dir, 'shared/src/lib.rs'), 'utf8')).toContain('pub mod batch;');
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toMatch(/aws_lambda_events = \{ version = "1\.2", default-features = false, features = \["sqs"\] \}/);
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].functions;
    expect(stored).toEqual([{ name: 'process-orders', trigger: { type: 'sqs', batchSize: 5 }, resource: 'item', actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], timeout: 120, afterRoutes: 5 }]);
    const iacText = {
      cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
      sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
      terraform: () => readFileSync(path.join(dir, 'infra/consumer_process_orders.tf'), 'utf8'),
    }[iac]();
    expect(iacText).toMatch(iac === 'cdk' ? /name: 'process-orders',\s*batchSize: 5,/ : iac === 'sam' ? /FunctionResponseTypes:\s*- ReportBatchItemFailures/ : /function_response_types = \["ReportBatchItemFailures"\]/);
    result = await cli(dir, 'check');
    expect(result.exitCode, result.all).toBe(0);
    const before = snapshot(dir);
    result = await cli(dir, ...ADD);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('process-orders is already in this workspace, as asked: nothing to change.');
    expect(snapshot(dir)).toEqual(before);
  });
});

const SCHEDULE = ['function', 'nightly-report', '--trigger', 'schedule', '--cron', 'cron(0 3 * * ? *)', '--timezone', 'Europe/Paris', '--resource', 'item', '--access', 'read', '--yes'];

describe.each(['cdk', 'sam', 'terraform'] as const)('function --trigger schedule, %s', (iac) => {
  it('adds the job, its schedule, role and dead-letter queue; check follows it; a second run changes nothing', async () => {
    const dir = await workspace('--iac', iac);
    let result = await cli(dir, ...SCHEDULE);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('Added nightly-report: a scheduled job (lambdas/nightly-report/) on cron(0 3 * * ? *) (Europe/Paris), with its schedule and dead-letter queue');
    for (const file of ['Cargo.toml', 'src/main.rs', 'src/handler.rs', 'events/ok.json', 'events/retry.json', 'events/not-a-run.json']) {
      expect(existsSync(path.join(dir, 'lambdas/nightly-report', file)), file).toBe(true);
    }
    // No queue consumer: no batch helper, no aws_lambda_events.
    expect(existsSync(path.join(dir, 'shared/src/batch.rs'))).toBe(false);
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).not.toContain('aws_lambda_events');
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].functions;
    expect(stored).toEqual([
      { name: 'nightly-report', trigger: { type: 'schedule', expression: 'cron(0 3 * * ? *)', timezone: 'Europe/Paris' }, resource: 'item', actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], afterRoutes: 5 },
    ]);
    const iacText = {
      cdk: () => readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8'),
      sam: () => readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
      terraform: () => readFileSync(path.join(dir, 'infra/schedule_nightly_report.tf'), 'utf8'),
    }[iac]();
    expect(iacText).toMatch(iac === 'cdk' ? /expression: 'cron\(0 3 \* \* \? \*\)',\s*timezone: 'Europe\/Paris',/ : iac === 'sam' ? /Type: ScheduleV2[\s\S]*ScheduleExpressionTimezone: Europe\/Paris/ : /schedule_expression_timezone = "Europe\/Paris"/);
    result = await cli(dir, 'check');
    expect(result.exitCode, result.all).toBe(0);
    const before = snapshot(dir);
    result = await cli(dir, ...SCHEDULE);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('nightly-report is already in this workspace, as asked: nothing to change.');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('function --trigger schedule refuses', () => {
  it('bad expressions and options of another trigger, in one line each, with nothing written', async () => {
    const dir = await workspace('--iac', 'sam');
    const before = snapshot(dir);
    const cases: [string[], string][] = [
      [['function', 'x', '--trigger', 'schedule', '--yes'], '--trigger schedule needs one of --cron'],
      [['function', 'x', '--trigger', 'schedule', '--cron', 'cron(0 3 * * ? *)', '--rate', 'rate(1 hour)', '--yes'], '--trigger schedule needs one of --cron'],
      [['function', 'x', '--trigger', 'schedule', '--cron', 'cron(0 3 * * *)', '--yes'], '--cron must be cron('],
      [['function', 'x', '--trigger', 'schedule', '--cron', 'cron(0 3 * * * *)', '--yes'], 'exactly one of day-of-month and day-of-week'],
      [['function', 'x', '--trigger', 'schedule', '--rate', 'rate(5 minute)', '--yes'], 'singular unit for 1 only'],
      [['function', 'x', '--trigger', 'schedule', '--rate', 'rate(1 hour)', '--timezone', 'Europe/Paris', '--yes'], '--timezone applies to --cron only'],
      [['function', 'x', '--trigger', 'schedule', '--cron', 'cron(0 3 * * ? *)', '--timezone', 'Mars/Olympus', '--yes'], '--timezone must be an IANA time zone'],
      [['function', 'x', '--trigger', 'schedule', '--rate', 'rate(1 hour)', '--batch-size', '5', '--yes'], '--batch-size applies to --trigger sqs only'],
      [['function', 'x', '--trigger', 'sqs', '--cron', 'cron(0 3 * * ? *)', '--yes'], '--cron applies to --trigger schedule only'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(dir, ...args);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(snapshot(dir)).toEqual(before);
    }
  });
});

describe('function refuses', () => {
  it('bad values, a taken name and a missing resource, in one line each, with nothing written', async () => {
    const dir = await workspace('--iac', 'terraform');
    const before = snapshot(dir);
    const cases: [string[], string][] = [
      [['function', 'x', '--trigger', 'cron', '--yes'], '--trigger must be one of sqs'],
      [['function', 'x', '--trigger', 'sqs', '--batch-size', '11', '--yes'], '--batch-size must be a whole number from 1 to 10'],
      [['function', 'x', '--trigger', 'sqs', '--queue', 'orders', '--yes'], '--queue must be an SQS queue ARN'],
      [['function', 'x', '--trigger', 'sqs', '--timeout', '901', '--yes'], 'timeout must be'],
      [['function', 'get-item', '--trigger', 'sqs', '--yes'], 'get-item is already a function of this workspace'],
      [['function', 'x', '--trigger', 'sqs', '--resource', 'order', '--access', 'write', '--yes'], '--resource order is not a resource of this workspace'],
      [['function', '--trigger', 'sqs', '--yes'], 'give the name of the function'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(dir, ...args);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(snapshot(dir)).toEqual(before);
    }
    // And a route may not take a consumer's name.
    expect((await cli(dir, 'function', 'process-orders', '--trigger', 'sqs', '--yes')).exitCode).toBe(0);
    const added = snapshot(dir);
    const route = await cli(dir, 'route', 'GET', '/orders', '--name', 'process-orders', '--yes');
    expect(route.exitCode).toBe(1);
    expect(route.stderr.trim()).toBe('Error: process-orders is already a function of this workspace (lambdas/process-orders/); choose another --name');
    expect(snapshot(dir)).toEqual(added);
  });
});
