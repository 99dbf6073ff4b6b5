/**
 * The covering array of options (test/helpers/matrix.ts) in `npm test`: every workspace of it is
 * generated with its routes and a function of every trigger kind, and then
 * - `check` finds nothing: each function's IAM actions and (Terraform, SAM) table resources are
 *   what `.yo-rc.json` gives it, each route asks of its caller what it records, no file drifted;
 * - the flavour contract (test/helpers/flavour-contract.ts) holds on the deployment model, read
 *   as the cloud reads it (Terraform's parsed HCL, SAM's own translation, through
 *   lib/iac/deployment.ts, the reader `check` uses): exactly the recorded functions, sized as
 *   recorded; each role with its own log group and exactly its table (and indexes where it
 *   queries); each route with what it asks of its caller; CORS; tables; every mapping reporting
 *   batch item failures, a stream's also splitting a failing batch, retrying a bounded number of
 *   times and dropping records past a bounded age into its own queue.
 * The same workspaces go through the real tools in test/e2e/matrix.test.ts, the CDK's contract
 * on its synthesized template.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { CLI } from '../helpers/generators.js';
import { expectFlavourContract, readDeployment } from '../helpers/flavour-contract.js';
import { matrixWorkspace, optionMatrix } from '../helpers/matrix.js';

vi.setConfig({ testTimeout: 180_000 });

async function cli(cwd: string, ...args: string[]): Promise<string> {
  const result = await execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
  expect(result.exitCode, `${args.join(' ')}: ${result.all}`).toBe(0);
  return result.stdout;
}

const matrix = optionMatrix();

describe('every workspace of the covering array of options', () => {
  it.each(matrix.rows.map((row, i) => ({ number: i + 1, row })))(
    'workspace $number: check finds nothing, and the flavour contract holds (functions, roles, routes, CORS, tables, mappings)',
    async ({ row }) => {
      const ws = matrixWorkspace(row);
      const cwd = mkdtempSync(path.join(tmpdir(), 'sa-matrix-'));
      await cli(cwd, 'new', ws.name, '--yes', '--skip-install', '--no-git', ...ws.newArgs);
      const dir = path.join(cwd, ws.name);
      for (const addition of ws.additions) await cli(dir, ...addition);
      const report = JSON.parse(await cli(dir, 'check', '--json')) as { findings: unknown[] };
      expect(report.findings).toEqual([]);

      // The CDK's is read from its synthesized template, Pulumi's from its program run under mocks: in test/e2e/matrix.test.ts.
      if (ws.iac === 'cdk' || ws.iac === 'pulumi') return;
      // The flavour contract: functions, roles (each table statement naming exactly the function's
      // table, and its indexes where it queries), routes and their authorization, CORS, tables,
      // mappings and queues, as `.yo-rc.json` records them.
      expectFlavourContract(ws.iac, dir, await readDeployment(ws.iac, dir));
    },
  );
});
