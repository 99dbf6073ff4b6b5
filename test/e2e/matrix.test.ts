/**
 * The covering array of options (test/helpers/matrix.ts), through the real tools: every pair of
 * option values is in one of these workspaces, and each workspace, with its routes and a function
 * of every trigger kind added, passes its flavour's whole tool set (CDK: tsc, the stack's tests,
 * cdk synth with cdk-nag; SAM: cfn-lint, sam validate --lint, checkov; Terraform: tofu fmt and
 * validate, tflint, checkov; Pulumi: tsc and the program's tests under Pulumi's mocks), redocly on openapi.yaml, the Rust checks of the generated CI
 * (fmt, clippy -D warnings, tests, cargo deny), `serverless-api check`, and the flavour contract
 * (test/helpers/flavour-contract.ts) on its deployment model: the CDK's from its synthesized
 * template, SAM's from SAM's translation, Terraform's from the parsed HCL, Pulumi's from the
 * resources its program declares under mocks.
 *
 * Two workspaces run at a time (vitest.e2e.config.ts's maxConcurrency).
 *
 * MATRIX_ROWS=3,7 runs only those workspaces (numbered from 1 as the printed matrix numbers them).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/generators.js';
import { expectFlavourContract, readDeployment } from '../helpers/flavour-contract.js';
import { matrixTable, matrixWorkspace, optionMatrix } from '../helpers/matrix.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { cdkChecks, generate, pulumiChecks, rustChecks, samChecks, terraformChecks } from '../helpers/workspace.js';

const ROOT = path.join(E2E_DIR, 'matrix');
const matrix = optionMatrix();
console.log(matrixTable(matrix));
const only = process.env.MATRIX_ROWS?.split(',').map(Number);
const rows = matrix.rows.map((row, i) => ({ number: i + 1, row })).filter(({ number }) => !only || only.includes(number));

describe('the covering array of options', () => {
  const started = Date.now();
  afterAll(() =>
    console.log(`covering array: ${rows.length} of ${matrix.rows.length} workspaces through the tools in ${((Date.now() - started) / 1000).toFixed(0)} s`),
  );

  // Two at a time: one workspace's IaC tools (single-threaded) run while the other's cargo builds;
  // cargo itself takes the shared target directory's lock in turn.
  it.concurrent.each(rows)("workspace $number passes its flavour's tools, the Rust checks and check", async ({ number, row }) => {
    const ws = matrixWorkspace(row);
    const started = Date.now();
    const dir = await generate(path.join(ROOT, String(number)), ws.name, ...ws.newArgs, ...(ws.iac === 'cdk' || ws.iac === 'pulumi' ? [] : ['--skip-install']));
    for (const addition of ws.additions) await tool(dir, 'node', [CLI, ...addition]);
    const cdkTemplate = ws.iac === 'cdk' ? await cdkChecks(dir, ws.name) : undefined;
    if (ws.iac === 'sam') await samChecks(dir);
    if (ws.iac === 'terraform') await terraformChecks(path.join(dir, 'infra'));
    if (ws.iac === 'pulumi') await pulumiChecks(dir);
    await tool(dir, path.join(REPO_ROOT, 'node_modules', '.bin', 'redocly'), ['lint', '--format', 'stylish', 'openapi.yaml']);
    await rustChecks(dir);
    const check = await tool(dir, 'node', [CLI, 'check']);
    expect(check).toContain('=> follows its standard');
    // The flavour contract on what the cloud would read: the CDK's synthesized template too.
    expectFlavourContract(ws.iac, dir, await readDeployment(ws.iac, dir, cdkTemplate));
    console.log(`matrix workspace ${number} (${ws.iac}, ${ws.api}): ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });
});
