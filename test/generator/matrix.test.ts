/**
 * The covering array of options (test/helpers/matrix.ts) in `npm test`: every workspace of it is
 * generated with its routes and a function of every trigger kind, and then
 * - `check` finds nothing: each function's IAM actions and (Terraform, SAM) table resources are
 *   what `.yo-rc.json` gives it, each route asks of its caller what it records, no file drifted;
 * - each function's table statement names exactly its table, and its indexes where it queries;
 * - every event source mapping, read as the cloud reads it (Terraform's parsed HCL, SAM's own
 *   translation, through lib/iac/deployment.ts, the reader `check` uses), reports batch item
 *   failures, and a stream's also splits a failing batch, retries a bounded number of times and
 *   drops records past a bounded age, sending them to a dead-letter queue.
 * The same workspaces go through the real tools in test/e2e/matrix.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { readCloudFormation, readTerraform } from '../../lib/iac/deployment.js';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { STREAM_RETRY } from '../../lib/triggers/dynamodb-stream.js';
import { CLI } from '../helpers/generators.js';
import { expectTableGrants } from '../helpers/deployment.js';
import { samTranslated } from '../helpers/iac-model.js';
import { matrixWorkspace, optionMatrix } from '../helpers/matrix.js';

vi.setConfig({ testTimeout: 180_000 });

async function cli(cwd: string, ...args: string[]): Promise<string> {
  const result = await execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
  expect(result.exitCode, `${args.join(' ')}: ${result.all}`).toBe(0);
  return result.stdout;
}

const matrix = optionMatrix();

describe('every workspace of the covering array of options', () => {
  it.each(matrix.rows.map((row, i) => ({ number: i + 1, row })))('workspace $number: check finds nothing, table statements name exactly their tables, every mapping reports batch item failures', async ({ row }) => {
    const ws = matrixWorkspace(row);
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-matrix-'));
    await cli(cwd, 'new', ws.name, '--yes', '--skip-install', '--no-git', ...ws.newArgs);
    const dir = path.join(cwd, ws.name);
    for (const addition of ws.additions) await cli(dir, ...addition);
    const report = JSON.parse(await cli(dir, 'check', '--json')) as { findings: unknown[] };
    expect(report.findings).toEqual([]);

    if (ws.iac === 'cdk') return; // the CDK's mappings are read from its synthesized template, in the e2e tests
    const deployment =
      ws.iac === 'terraform' ? readTerraform(await parseTerraformDir(path.join(dir, 'infra'))) : readCloudFormation(await samTranslated(path.join(dir, 'template.yaml')), [`${ws.name}-\${Stage}-`]);
    // Each table statement names exactly the function's table, and its indexes where it queries.
    expectTableGrants(ws.iac, dir, deployment);
    const streams = ws.additions.filter((a) => a.includes('dynamodb-stream')).length;
    const queues = ws.additions.filter((a) => a.includes('sqs')).length;
    expect(deployment.mappings).toHaveLength(streams + queues);
    for (const m of deployment.mappings) {
      expect(m.responseTypes).toEqual(['ReportBatchItemFailures']);
      if (!m.source.startsWith('stream:')) continue;
      expect(m).toMatchObject({ bisect: true, retries: STREAM_RETRY.maximumRetryAttempts, maxRecordAgeSeconds: STREAM_RETRY.maximumRecordAgeInSeconds });
      expect(m.onFailure).toMatch(/^queue:/);
    }
  });
});
