/**
 * `serverless-api check`: each rule finds what it is for, in every flavour, and a workspace as
 * generated (and after additions) follows its standard. Nothing is ever written.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../lib/version.js';
import { snapshot } from '../helpers/fs.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples/presets/acme');

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

const made: Record<string, string> = {};
/** A fresh workspace (a copy of one generated once per set of flags). */
async function workspace(...flags: string[]): Promise<string> {
  const key = flags.join(' ');
  if (!made[key]) {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-check-'));
    const result = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', ...flags);
    expect(result.exitCode, result.all).toBe(0);
    made[key] = path.join(cwd, 'shop');
  }
  const copy = mkdtempSync(path.join(tmpdir(), 'sa-check-copy-'));
  await execa('cp', ['-r', made[key]!, copy]);
  return path.join(copy, 'shop');
}

async function checkJson(dir: string, ...args: string[]) {
  const result = await cli(dir, 'check', '--json', ...args);
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout) };
}

const messages = (report: { findings: { rule: string; message: string }[] }) => report.findings.map((f) => `${f.rule}: ${f.message}`);

describe.each(['cdk', 'sam', 'terraform'] as const)('check, %s', (iac) => {
  it('passes a workspace as generated, and after a route and a resource are added', async () => {
    const dir = await workspace('--iac', iac);
    let result = await cli(dir, 'check');
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain(`shop (${iac}): generator ${GENERATOR_VERSION}`);
    expect(result.stdout).toContain('=> follows its standard');
    expect((await cli(dir, 'route', 'GET', '/orders/{orderId}', '--resource', 'item', '--access', 'read', '--yes')).exitCode).toBe(0);
    expect((await cli(dir, 'resource', 'category', '--yes')).exitCode).toBe(0);
    const before = snapshot(dir);
    result = await cli(path.join(dir, 'lambdas'), 'check');
    expect(result.exitCode, result.all).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('finds a crate the configuration does not know, a route without events or tests, and a drifted file', async () => {
    const dir = await workspace('--iac', iac);
    mkdirSync(path.join(dir, 'lambdas/stray'));
    rmSync(path.join(dir, 'lambdas/list-items/events'), { recursive: true });
    const handler = path.join(dir, 'lambdas/get-item/src/handler.rs');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace(/#\[cfg\(test\)\][\s\S]*$/, ''));
    appendFileSync(path.join(dir, 'Makefile'), '\nextra:\n\techo extra\n');
    const { exitCode, report } = await checkJson(dir);
    expect(exitCode).toBe(1);
    expect(messages(report)).toEqual([
      `drift: Makefile differs from what generator ${GENERATOR_VERSION} renders (+3 -0)`,
      'structure: lambdas/stray is not a route of .yo-rc.json: add it with `serverless-api route`, or remove the folder',
      'structure: lambdas/get-item has no tests (no #[cfg(test)] module, no tests/)',
      'structure: lambdas/list-items has no sample events (events/*.json)',
    ]);
    expect(report.findings[0]).toMatchObject({ file: 'Makefile', added: 3, removed: 0 });
  });
});

describe('check: IAM as recorded, no "*"', () => {
  it('finds an action added by hand to a SAM role, and a wildcard', async () => {
    const dir = await workspace('--iac', 'sam');
    const file = path.join(dir, 'template.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('                  - dynamodb:GetItem\n', '                  - dynamodb:GetItem\n                  - dynamodb:*\n'));
    const { exitCode, report } = await checkJson(dir);
    expect(exitCode).toBe(1);
    expect(messages(report)).toEqual([
      'iam: get-item may call dynamodb:*, dynamodb:GetItem in template.yaml; .yo-rc.json records dynamodb:GetItem',
      'iam: template.yaml: dynamodb:*: an action with "*" grants more than a route needs',
    ]);
  });

  it('finds a Terraform policy document that grants another action, and a function the configuration does not know', async () => {
    const dir = await workspace('--iac', 'terraform');
    const file = path.join(dir, 'infra/route_list_items.tf');
    writeFileSync(file, readFileSync(file, 'utf8').replace('actions   = ["dynamodb:Scan"]', 'actions   = ["dynamodb:Scan", "dynamodb:DeleteItem"]'));
    const extra = readFileSync(path.join(dir, 'infra/route_get_item.tf'), 'utf8').replaceAll('get_item', 'get_item_copy').replaceAll('get-item', 'get-item-copy');
    writeFileSync(path.join(dir, 'infra/route_get_item_copy.tf'), extra);
    const { report } = await checkJson(dir);
    expect(messages(report)).toEqual([
      'structure: infra/*.tf (aws_lambda_function.get_item_copy) deploys get-item-copy, which is not a route of .yo-rc.json',
      'iam: list-items may call dynamodb:DeleteItem, dynamodb:Scan in infra/*.tf (aws_lambda_function.list_items); .yo-rc.json records dynamodb:Scan',
    ]);
  });

  it('finds a CDK grant of "*" written into the stack, and a route the manifest lost', async () => {
    const dir = await workspace('--iac', 'cdk');
    const stack = path.join(dir, 'infra/lib/api-stack.ts');
    writeFileSync(stack, `${readFileSync(stack, 'utf8')}\n// added by hand\nexport const extra = { actions: ['s3:*'] };\n`);
    const manifest = path.join(dir, 'infra/lib/manifest.ts');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/\n\s*\{ name: 'delete-item'[^\n]*/, ''));
    const { report } = await checkJson(dir);
    expect(messages(report)).toEqual([
      expect.stringMatching(/^drift: infra\/lib\/manifest\.ts differs from what generator .* renders \(\+0 -1\)$/),
      'structure: delete-item (DELETE /items/{id}) is not deployed by the cdk infrastructure',
      'iam: infra/lib/api-stack.ts: s3:*: an action with "*" grants more than a route needs',
    ]);
  });
});

describe('check: what each route asks of its caller, as recorded', () => {
  /** A workspace with an authorizer, a scoped route and a public one. */
  async function withAuth(...flags: string[]): Promise<string> {
    const dir = await workspace(...flags);
    for (const route of [['GET', '/reports', '--auth', 'scopes:shop/reports.read,shop/reports.all'], ['GET', '/status', '--auth', 'none']]) {
      const added = await cli(dir, 'route', ...route, '--yes');
      expect(added.exitCode, added.all).toBe(0);
    }
    expect((await cli(dir, 'check')).exitCode).toBe(0);
    return dir;
  }

  it('finds a CDK manifest whose route lost a scope, and a public route made private', async () => {
    const dir = await withAuth('--iac', 'cdk', '--auth', 'jwt', '--jwt-issuer', 'https://login.example.com', '--jwt-audience', 'web');
    const manifest = path.join(dir, 'infra/lib/manifest.ts');
    const text = readFileSync(manifest, 'utf8');
    expect(text).toContain("auth: { type: 'jwt', scopes: ['shop/reports.read', 'shop/reports.all'] }");
    writeFileSync(
      manifest,
      text
        .replace("auth: { type: 'jwt', scopes: ['shop/reports.read', 'shop/reports.all'] }", "auth: { type: 'jwt', scopes: ['shop/reports.read'] }")
        .replace(/(path: '\/status', actions: \[\], )auth: \{ type: 'none', scopes: \[\] \}/, "$1auth: { type: 'jwt', scopes: [] }"),
    );
    const { exitCode, report } = await checkJson(dir);
    expect(exitCode).toBe(1);
    expect(messages(report)).toEqual([
      expect.stringMatching(/^drift: infra\/lib\/manifest\.ts differs from what generator .* renders \(\+2 -2\)$/),
      "auth: GET /reports asks the API's authorizer with shop/reports.read in infra/lib/manifest.ts; .yo-rc.json records the API's authorizer with shop/reports.all, shop/reports.read",
      "auth: GET /status asks the API's authorizer in infra/lib/manifest.ts; .yo-rc.json records no caller (public)",
    ]);
  });

  it("finds a SAM event that drops its route's scopes, and one whose public route falls back to the API's authorizer", async () => {
    const dir = await withAuth('--iac', 'sam', '--api', 'rest', '--auth', 'cognito');
    const file = path.join(dir, 'template.yaml');
    const text = readFileSync(file, 'utf8');
    const scoped = '            Path: /reports\n            Auth:\n              Authorizer: Authorizer\n              AuthorizationScopes:\n                - shop/reports.read\n                - shop/reports.all\n';
    const open = '            Path: /status\n            Auth:\n              Authorizer: NONE\n';
    expect(text).toContain(scoped);
    expect(text).toContain(open);
    writeFileSync(file, text.replace(scoped, '            Path: /reports\n').replace(open, '            Path: /status\n'));
    const { report } = await checkJson(dir);
    expect(messages(report).filter((m) => m.startsWith('auth:'))).toEqual([
      "auth: GET /reports asks the API's authorizer in template.yaml; .yo-rc.json records the API's authorizer with shop/reports.all, shop/reports.read",
      "auth: GET /status asks the API's authorizer in template.yaml; .yo-rc.json records no caller (public)",
    ]);
  });

  it("finds a SAM REST API whose IAM routes would be invoked with the caller's credentials (SAM's default InvokeRole)", async () => {
    const dir = await workspace('--iac', 'sam', '--api', 'rest', '--auth', 'iam', '--cors', 'https://shop.example.com');
    const file = path.join(dir, 'template.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('        InvokeRole: NONE\n');
    expect((await cli(dir, 'check')).exitCode).toBe(0);
    writeFileSync(file, text.replace('        InvokeRole: NONE\n', ''));
    const auth = messages((await checkJson(dir)).report).filter((m) => m.startsWith('auth:'));
    expect(auth).toHaveLength(5);
    expect(auth[0]).toBe(
      "auth: POST /items invokes its function with the caller's credentials in template.yaml (InvokeRole CALLER_CREDENTIALS): every caller would need lambda:InvokeFunction; set the API's Auth InvokeRole to NONE",
    );
  });

  it('finds a Terraform REST method opened to anyone', async () => {
    const rest = await withAuth('--iac', 'terraform', '--api', 'rest', '--auth', 'cognito');
    const method = path.join(rest, 'infra/route_get_reports.tf');
    const text = readFileSync(method, 'utf8');
    expect(text).toContain('authorization        = "COGNITO_USER_POOLS"');
    writeFileSync(method, text.replace('authorization        = "COGNITO_USER_POOLS"', 'authorization        = "NONE"'));
    expect(messages((await checkJson(rest)).report).filter((m) => m.startsWith('auth:'))).toEqual([
      "auth: GET /reports asks no caller (public) in infra/*.tf (aws_api_gateway_method.get_reports); .yo-rc.json records the API's authorizer with shop/reports.all, shop/reports.read",
    ]);
  });

  it('finds a Terraform HTTP route switched to IAM', async () => {
    const http = await withAuth('--iac', 'terraform', '--auth', 'jwt', '--jwt-issuer', 'https://login.example.com', '--jwt-audience', 'web');
    const route = path.join(http, 'infra/route_get_item.tf');
    const routeText = readFileSync(route, 'utf8');
    expect(routeText).toContain('authorization_type = "JWT"');
    writeFileSync(route, routeText.replace('authorization_type = "JWT"', 'authorization_type = "AWS_IAM"'));
    expect(messages((await checkJson(http)).report).filter((m) => m.startsWith('auth:'))).toEqual([
      "auth: GET /items/{id} asks IAM (SigV4) in infra/*.tf (aws_apigatewayv2_route.get_item); .yo-rc.json records the API's authorizer",
    ]);
  });
});

describe('check on the command line', () => {
  it('explains every rule and option in --help, and refuses an unknown option in one line', async () => {
    const help = await cli(tmpdir(), 'check', '--help');
    expect(help.exitCode).toBe(0);
    for (const word of ['version', 'preset', 'drift', 'structure', 'iam', 'auth', 'dependencies', '--json', '--preset']) expect(help.stdout).toContain(word);
    const bad = await cli(tmpdir(), 'check', '--bogus');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.trim()).toBe("Error: Unknown option '--bogus'. See serverless-api check --help.");
  });
});

describe('check under a preset', () => {
  it('finds answers outside the preset, a newer preset version, and crates outside its bounds', async () => {
    const dir = await workspace('--preset', EXAMPLE);
    const rc = path.join(dir, '.yo-rc.json');
    const document = JSON.parse(readFileSync(rc, 'utf8'));
    document['generator-serverless-api'].timeout = 29;
    writeFileSync(rc, JSON.stringify(document));
    writeFileSync(path.join(dir, 'Cargo.lock'), 'version = 4\n\n[[package]]\nname = "lambda_http"\nversion = "0.13.0"\n\n[[package]]\nname = "tokio"\nversion = "1.48.0"\n');
    const newer = mkdtempSync(path.join(tmpdir(), 'sa-check-preset-'));
    await execa('cp', ['-r', `${EXAMPLE}/.`, newer]);
    const presetDocument = JSON.parse(readFileSync(path.join(newer, 'preset.json'), 'utf8'));
    writeFileSync(path.join(newer, 'preset.json'), JSON.stringify({ ...presetDocument, version: '1.3.0' }));
    const { exitCode, report } = await checkJson(dir, '--preset', newer);
    expect(exitCode).toBe(1);
    expect(report.preset).toEqual({ name: 'acme-standard', recorded: '1.2.0', current: '1.3.0' });
    expect(messages(report)).toEqual(
      expect.arrayContaining([
        'version: made with preset acme-standard 1.2.0, behind 1.3.0',
        'preset: timeout: 29 is above the maximum of preset acme-standard 1.3.0 (policy.timeout.max 15)',
        "dependencies: lambda_http 0.13.0 is outside preset acme-standard 1.3.0's bounds (>=1.3.0 <2)",
      ]),
    );
    expect(messages(report).filter((m) => !m.startsWith('drift:'))).toHaveLength(3);
  });

  it('compares with the installed version of the npm package the preset came from, without --preset', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-check-pkg-'));
    const pkg = path.join(cwd, 'node_modules/@acme/api-preset');
    mkdirSync(pkg, { recursive: true });
    await execa('cp', ['-r', `${EXAMPLE}/.`, pkg]);
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@acme/api-preset', version: '1.2.0' }));
    const made = await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--preset', '@acme/api-preset');
    expect(made.exitCode, made.all).toBe(0);
    const dir = path.join(cwd, 'shop');
    expect(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].preset.package).toBe('@acme/api-preset');
    expect((await checkJson(dir)).report).toMatchObject({ ok: true, preset: { name: 'acme-standard', recorded: '1.2.0', current: '1.2.0' } });
    const document = JSON.parse(readFileSync(path.join(pkg, 'preset.json'), 'utf8'));
    writeFileSync(path.join(pkg, 'preset.json'), JSON.stringify({ ...document, version: '1.3.0' }));
    const { exitCode, report } = await checkJson(dir);
    expect(exitCode).toBe(1);
    expect(messages(report)).toEqual(['version: made with preset acme-standard 1.2.0, behind 1.3.0']);
    // Not installed: said, not guessed.
    rmSync(path.join(cwd, 'node_modules'), { recursive: true });
    const alone = await checkJson(dir);
    expect(alone.report.skipped).toContainEqual({ rule: 'version', reason: "the preset's package @acme/api-preset is not installed here (npm install it, or pass --preset)" });
  });

  it('prints one table for several workspaces, and exits 1 when one of them fails', async () => {
    const good = await workspace('--iac', 'sam');
    const bad = await workspace('--iac', 'terraform');
    appendFileSync(path.join(bad, 'Makefile'), '\n# edited\n');
    const result = await cli(path.dirname(good), 'check', good, bad, path.dirname(good));
    expect(result.exitCode).toBe(1);
    const [header, rule, ...rows] = result.stdout.split('\n');
    expect(header).toMatch(/^workspace\s+iac\s+generator\s+preset\s+version\s+preset\s+drift\s+structure\s+iam\s+auth\s+dependencies\s+result$/);
    expect(rule).toMatch(/^-+\s+-+/);
    expect(rows[0]).toMatch(/\bsam\b.*\bok$/);
    expect(rows[1]).toMatch(/\bterraform\b.*\b1\b.*FAIL$/);
    expect(rows[2]).toMatch(/-.*FAIL$/);
    expect(result.stdout).toContain('Makefile differs from what generator');
  });
});
