/**
 * The SAM flavour, proven by its own validators: cfn-lint, `sam validate --lint`, checkov, and
 * `sam build` (cargo-lambda) for an x86_64 workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/generators.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { AWS_DUMMY, generate, newOutput, rustChecks, samChecks } from '../helpers/workspace.js';
import { fromSamTemplate, functionKey } from '../helpers/iac-model.js';

const ROOT = path.join(E2E_DIR, 'sam');

describe.each([
  ['sam-http', ['--api', 'http'], 'arm64'],
  ['sam-rest', ['--api', 'rest', '--arch', 'x86_64'], 'x86_64'],
] as const)('%s', (name, flags, arch) => {
  let dir = '';

  beforeAll(async () => {
    dir = await generate(ROOT, name, '--iac', 'sam', ...flags);
  });

  it('generates template.yaml and samconfig.toml at the root', async () => {
    expect(existsSync(path.join(dir, 'samconfig.toml'))).toBe(true);
    expect(existsSync(path.join(dir, 'infra'))).toBe(false);
    const deployed = fromSamTemplate(path.join(dir, 'template.yaml'), name);
    expect(deployed).toEqual({
      'create-item': { route: 'POST /items', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:PutItem'] },
      'get-item': { route: 'GET /items/{id}', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:GetItem'] },
      'list-items': { route: 'GET /items', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:Scan'] },
      'update-item': { route: 'PUT /items/{id}', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:UpdateItem'] },
      'delete-item': { route: 'DELETE /items/{id}', memory: 256, timeout: 10, architecture: arch, actions: ['dynamodb:DeleteItem'] },
    });
    const template = parseYaml(readFileSync(path.join(dir, 'template.yaml'), 'utf8'), { logLevel: 'silent' });
    for (const r of Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Serverless::Function')) {
      expect(r.Metadata).toMatchObject({ BuildMethod: 'rust-cargolambda', BuildProperties: { Binary: functionKey(r.Properties.FunctionName, name) } });
      expect(r.Properties.CodeUri).toBe('.');
      expect(r.Properties.Events.Api.Type).toBe((flags as readonly string[]).includes('rest') ? 'Api' : 'HttpApi');
    }
    expect(template.Resources.ItemsTable).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });

  it('has CI and upgrade workflows that actionlint accepts', async () => {
    await tool(dir, 'actionlint', ['-no-color', '.github/workflows/ci.yml', '.github/workflows/upgrade.yml']);
  });

  it('passes cargo fmt, clippy -D warnings and its tests', async () => {
    await rustChecks(dir);
  });

  it('passes cfn-lint, sam validate --lint and checkov (every skip with its reason)', async () => {
    await samChecks(dir);
  });
});

// arm64 cannot be compiled here; an x86_64 workspace is built for real. SAM's wiring (each
// function's BuildMethod, Binary and CodeUri) is what this proves: the release build of the CRUD
// crates themselves (the same Rust in every flavour) is the CDK test's `cargo lambda build
// --release`, so a workspace with a route and a queue consumer keeps this build to a few small crates.
describe('sam build', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await generate(ROOT, 'sam-build', '--iac', 'sam', '--api', 'rest', '--arch', 'x86_64', '--no-resource', '--skip-install');
  });

  it('under --skip-install, passes the cargo steps of its own CI once the next steps printed by new are followed', async () => {
    expect(existsSync(path.join(dir, 'Cargo.lock'))).toBe(false);
    // Without the lock file, CI's --locked builds refuse: the reason the next steps start with it.
    await expect(tool(dir, 'cargo', ['metadata', '--locked', '--format-version', '1'])).rejects.toThrow(/--locked/);
    const next = (newOutput.get(dir) ?? '')
      .split('Next steps:')[1]!
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim());
    expect(next).toContain('cargo generate-lockfile');
    await tool(dir, 'cargo', ['generate-lockfile']);
    const ci = parseYaml(readFileSync(path.join(dir, '.github/workflows/ci.yml'), 'utf8'));
    const cargoSteps: string[] = ci.jobs.rust.steps.map((step: { run?: string }) => step.run ?? '').filter((run: string) => run.startsWith('cargo '));
    expect(cargoSteps.filter((run) => run.includes('--locked')).length).toBeGreaterThanOrEqual(3);
    for (const run of cargoSteps) {
      const [command = '', ...args] = run.split(/\s+/);
      await tool(dir, command, args, { CARGO_LAMBDA_COMPILER: 'cargo' });
    }
  });

  it('builds one bootstrap per function with cargo-lambda, without --beta-features', async () => {
    await tool(dir, 'node', [CLI, 'function', 'log-messages', '--trigger', 'sqs', '--yes']);
    const template = parseYaml(readFileSync(path.join(dir, 'template.yaml'), 'utf8'), { logLevel: 'silent' });
    const ids = Object.entries<any>(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
      .map(([id]) => id)
      .sort();
    expect(ids).toEqual(['HealthFunction', 'LogMessagesFunction']);
    await tool(dir, 'sam', ['build'], AWS_DUMMY);
    for (const id of ids) expect(existsSync(path.join(dir, '.aws-sam', 'build', id, 'bootstrap')), id).toBe(true);
  });
});
