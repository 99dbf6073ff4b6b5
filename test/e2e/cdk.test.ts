/**
 * The CDK flavour, proven by the real tools: a default workspace (HTTP API, arm64) and a REST
 * API on x86_64 are generated with the package's own command, then checked the way their CI
 * and their README check them.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { versions } from '../../lib/versions.js';
import { CARGO_TARGET_DIR, E2E_DIR, tool } from '../helpers/run.js';
import { generate as generateWorkspace, generateWithInstall, nagFindings as nagReport, newOutput, rustChecks, stackName } from '../helpers/workspace.js';

const ROOT = path.join(E2E_DIR, 'cdk');

const generate = (name: string, ...flags: string[]) => generateWorkspace(ROOT, name, ...flags);

interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
  DeletionPolicy?: string;
}

function synthesized(dir: string, stack: string): Record<string, CfnResource> {
  return JSON.parse(readFileSync(path.join(dir, 'infra', 'cdk.out', `${stack}.template.json`), 'utf8')).Resources;
}

function ofType(resources: Record<string, CfnResource>, type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

/** DynamoDB actions of a function's role, and the resources they are granted on. */
function dynamoGrants(resources: Record<string, CfnResource>, fn: CfnResource) {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const statements = ofType(resources, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
  const dynamo = statements.filter((s: { Action: string | string[] }) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
  return {
    actions: dynamo.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort(),
    resources: dynamo.map((s: { Resource: unknown }) => s.Resource),
  };
}

const nagFindings = (dir: string, stack: string) => nagReport(path.join(dir, 'infra'), stack);

beforeAll(() => {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  console.log(`CARGO_TARGET_DIR=${CARGO_TARGET_DIR}`);
});

describe('default workspace: CDK, HTTP API, arm64', () => {
  let dir = '';

  beforeAll(async () => {
    // As a user runs it: `new` runs npm install in infra/ itself (the other CDK workspaces copy the dependencies).
    dir = await generateWithInstall(ROOT, 'demo');
  });

  it('has the Cargo.lock that CI builds with --locked, and pins its toolchain', async () => {
    // Before any other cargo command could update it: the lock file `new` wrote is complete.
    await tool(dir, 'cargo', ['metadata', '--locked', '--format-version', '1', '--no-deps']);
    await tool(dir, 'cargo', ['fetch', '--locked']);
    const toolchain = await tool(dir, 'rustup', ['show', 'active-toolchain']);
    expect(toolchain).toContain(`${versions.toolchain}-`);
    expect(toolchain).toContain('rust-toolchain.toml');
  });

  it('declares a rust-version that every locked crate builds with, and new printed no "requires Rust" warning', async () => {
    expect(newOutput.get(dir)).toContain('cargo generate-lockfile');
    expect(newOutput.get(dir)).not.toMatch(/requires rust/i);
    const declared = /^rust-version = "([\d.]+)"$/m.exec(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8'))?.[1];
    expect(declared).toBe(versions.rustVersion);
    const metadata = JSON.parse(
      await tool(dir, 'cargo', ['metadata', '--locked', '--format-version', '1'], { CARGO_TERM_QUIET: 'true' }).then((out) => out.slice(out.indexOf('{'))),
    );
    const parts = (v: string) => v.split('.').map(Number).concat([0, 0, 0]).slice(0, 3);
    const newer = (a: string, b: string) =>
      (parts(a)
        .map((n, i) => n - (parts(b)[i] ?? 0))
        .find((d) => d !== 0) ?? 0) > 0;
    const tooNew = metadata.packages.filter((p: { rust_version?: string }) => p.rust_version && newer(p.rust_version, declared!));
    expect(tooNew.map((p: { name: string; rust_version: string }) => `${p.name} ${p.rust_version}`)).toEqual([]);
    expect(newer(versions.toolchain, declared!) || versions.toolchain.startsWith(`${declared}.`)).toBe(true);
  });

  it('passes cargo fmt, clippy -D warnings and its tests', async () => {
    await rustChecks(dir);
  });

  it("infra/: type-checks and passes the stack's own tests", async () => {
    await tool(path.join(dir, 'infra'), 'npx', ['tsc', '--noEmit']);
    const out = await tool(path.join(dir, 'infra'), 'npm', ['test']);
    expect(out).toMatch(/Tests\s+\d+ passed/);
  });

  it('synthesizes (bundling skipped: arm64 cannot be compiled here) five arm64 functions with least-privilege roles', async () => {
    await tool(path.join(dir, 'infra'), 'npx', ['cdk', 'synth', '--quiet', '--no-notices'], { SKIP_BUNDLING: '1' });
    const resources = synthesized(dir, stackName('demo'));
    const functions = ofType(resources, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(5);
    const expected: Record<string, string[]> = {
      'demo-dev-create-item': ['dynamodb:PutItem'],
      'demo-dev-get-item': ['dynamodb:GetItem'],
      'demo-dev-list-items': ['dynamodb:Scan'],
      'demo-dev-update-item': ['dynamodb:UpdateItem'],
      'demo-dev-delete-item': ['dynamodb:DeleteItem'],
    };
    const [[tableId, table]] = ofType(resources, 'AWS::DynamoDB::Table') as [[string, CfnResource]];
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'provided.al2023', Architectures: ['arm64'], Handler: 'bootstrap', MemorySize: 256, Timeout: 10 });
      const grants = dynamoGrants(resources, fn);
      expect(grants.actions).toEqual(expected[fn.Properties.FunctionName]);
      expect(grants.resources).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }]);
    }
    expect(
      ofType(resources, 'AWS::ApiGatewayV2::Route')
        .map(([, r]) => r.Properties.RouteKey)
        .sort(),
    ).toEqual(['DELETE /items/{id}', 'GET /items', 'GET /items/{id}', 'POST /items', 'PUT /items/{id}']);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(nagFindings(dir, stackName('demo'))).toEqual([]);
  });

  it('has CI and upgrade workflows that actionlint accepts', async () => {
    await tool(dir, 'actionlint', ['-no-color', '.github/workflows/ci.yml', '.github/workflows/upgrade.yml']);
  });
});

describe('REST API on x86_64', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await generate('rest-x86', '--api', 'rest', '--arch', 'x86_64');
  });

  it('passes cargo fmt, clippy -D warnings and its tests', async () => {
    await rustChecks(dir);
  });

  it('builds one bootstrap per function with cargo lambda build --release', async () => {
    // Into a folder of its own: the shared target folder holds what earlier builds left.
    const lambdaDir = mkdtempSync(path.join(CARGO_TARGET_DIR, 'lambda-rest-x86-'));
    await tool(dir, 'cargo', ['lambda', 'build', '--release', '--x86-64', '--lambda-dir', lambdaDir]);
    expect(readdirSync(lambdaDir).sort()).toEqual(['create-item', 'delete-item', 'get-item', 'list-items', 'update-item']);
    for (const fn of readdirSync(lambdaDir)) expect(existsSync(path.join(lambdaDir, fn, 'bootstrap')), fn).toBe(true);
  });

  it('infra/: passes its tests and synthesizes with real cargo-lambda bundling and no cdk-nag finding', async () => {
    const infra = path.join(dir, 'infra');
    await tool(infra, 'npx', ['tsc', '--noEmit']);
    await tool(infra, 'npm', ['test']);
    await tool(infra, 'npx', ['cdk', 'synth', '--quiet', '--no-notices']);
    const resources = synthesized(dir, stackName('rest-x86'));
    const functions = ofType(resources, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(5);
    for (const [, fn] of functions) expect(fn.Properties.Architectures).toEqual(['x86_64']);
    expect(ofType(resources, 'AWS::ApiGateway::Method')).toHaveLength(5);
    const assets = readdirSync(path.join(infra, 'cdk.out')).filter((d) => d.startsWith('asset.'));
    const bootstraps = assets.filter((a) => existsSync(path.join(infra, 'cdk.out', a, 'bootstrap')));
    expect(bootstraps).toHaveLength(5);
    expect(nagFindings(dir, stackName('rest-x86'))).toEqual([]);
  });

  it('has CI and upgrade workflows that actionlint accepts', async () => {
    await tool(dir, 'actionlint', ['-no-color', '.github/workflows/ci.yml', '.github/workflows/upgrade.yml']);
  });
});
