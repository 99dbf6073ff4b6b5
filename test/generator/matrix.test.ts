/**
 * The covering array of options (test/helpers/matrix.ts) in `npm test`: every workspace of it is
 * generated with its routes and a function of every trigger kind, and then
 * - `check` finds nothing: each function's IAM actions and (Terraform, SAM) table resources are
 *   what `.yo-rc.json` gives it, each route asks of its caller what it records, no file drifted;
 * - every event source mapping, read as the cloud reads it (Terraform's parsed HCL, SAM's own
 *   translation), reports batch item failures, and a stream's also splits a failing batch,
 *   retries a bounded number of times and drops records past a bounded age, sending them to a
 *   dead-letter queue.
 * The same workspaces go through the real tools in test/e2e/matrix.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { STREAM_RETRY } from '../../lib/triggers/dynamodb-stream.js';
import { CLI } from '../helpers/generators.js';
import { samTranslated } from '../helpers/iac-model.js';
import { matrixWorkspace, optionMatrix } from '../helpers/matrix.js';

vi.setConfig({ testTimeout: 180_000 });

async function cli(cwd: string, ...args: string[]): Promise<string> {
  const result = await execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
  expect(result.exitCode, `${args.join(' ')}: ${result.all}`).toBe(0);
  return result.stdout;
}

interface Mapping {
  stream: boolean;
  responseTypes: unknown;
  bisect?: unknown;
  retries?: unknown;
  recordAge?: unknown;
  onFailure: boolean;
}

/** Each event source mapping of a Terraform folder. */
async function terraformMappings(infra: string): Promise<Mapping[]> {
  const tf: any = await parseTerraformDir(infra);
  return Object.values<any>(tf.resource.aws_lambda_event_source_mapping ?? {}).map(([m]) => ({
    stream: String(m.event_source_arn).includes('stream_arn'),
    responseTypes: m.function_response_types,
    bisect: m.bisect_batch_on_function_error,
    retries: m.maximum_retry_attempts,
    recordAge: m.maximum_record_age_in_seconds,
    onFailure: Boolean(m.destination_config?.[0]?.on_failure?.[0]?.destination_arn),
  }));
}

/** Each event source mapping of a SAM template, as SAM translates it. */
async function samMappings(dir: string): Promise<Mapping[]> {
  const { Resources } = await samTranslated(path.join(dir, 'template.yaml'));
  return Object.values<any>(Resources)
    .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping')
    .map(({ Properties: p }) => ({
      stream: p.EventSourceArn?.['Fn::GetAtt']?.[1] === 'StreamArn',
      responseTypes: p.FunctionResponseTypes,
      bisect: p.BisectBatchOnFunctionError,
      retries: p.MaximumRetryAttempts,
      recordAge: p.MaximumRecordAgeInSeconds,
      onFailure: Boolean(p.DestinationConfig?.OnFailure?.Destination),
    }));
}

const matrix = optionMatrix();

describe('every workspace of the covering array of options', () => {
  it.each(matrix.rows.map((row, i) => ({ number: i + 1, row })))('workspace $number: check finds nothing, every mapping reports batch item failures', async ({ row }) => {
    const ws = matrixWorkspace(row);
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-matrix-'));
    await cli(cwd, 'new', ws.name, '--yes', '--skip-install', '--no-git', ...ws.newArgs);
    const dir = path.join(cwd, ws.name);
    for (const addition of ws.additions) await cli(dir, ...addition);
    const report = JSON.parse(await cli(dir, 'check', '--json')) as { findings: unknown[] };
    expect(report.findings).toEqual([]);

    if (ws.iac === 'cdk') return; // the CDK's mappings are read from its synthesized template, in the e2e tests
    const mappings = ws.iac === 'terraform' ? await terraformMappings(path.join(dir, 'infra')) : await samMappings(dir);
    const streams = ws.additions.filter((a) => a.includes('dynamodb-stream')).length;
    const queues = ws.additions.filter((a) => a.includes('sqs')).length;
    expect(mappings).toHaveLength(streams + queues);
    for (const m of mappings) {
      expect(m.responseTypes).toEqual(['ReportBatchItemFailures']);
      if (!m.stream) continue;
      expect(m).toMatchObject({ bisect: true, retries: STREAM_RETRY.maximumRetryAttempts, recordAge: STREAM_RETRY.maximumRecordAgeInSeconds, onFailure: true });
    }
  });
});
