import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { DEFAULT_STAGE } from '../../lib/stage.js';
import { CLI } from './generators.js';
import { parseTerraform } from './iac-model.js';
import { E2E_DIR, tool } from './run.js';

/**
 * Generates `<root>/<name>` with the package's own command, as a user does, `npm install` of the
 * CDK app included (its output is checked in cdk.test.ts).
 */
export async function generateWithInstall(root: string, name: string, ...flags: string[]): Promise<string> {
  mkdirSync(root, { recursive: true });
  const dir = path.join(root, name);
  rmSync(dir, { recursive: true, force: true });
  newOutput.set(dir, await tool(root, 'node', [CLI, 'new', name, '--yes', '--no-git', ...flags]));
  return dir;
}

/** The CDK dependency installs of this run, by cache folder. */
const installs = new Map<string, Promise<void>>();

/** What `new` printed (its install steps included), by the workspace's folder. */
export const newOutput = new Map<string, string>();

/**
 * Generates `<root>/<name>` as `generateWithInstall` does, but a CDK app's (a Pulumi program's)
 * dependencies come from one `npm install` per run of the same package.json, copied: every
 * generated app of a flavour has the same dependencies, and a dozen installs cost minutes of the
 * e2e run.
 */
export async function generate(root: string, name: string, ...flags: string[]): Promise<string> {
  const iac = flags.includes('--iac') ? flags[flags.indexOf('--iac') + 1] : 'cdk';
  if ((iac !== 'cdk' && iac !== 'pulumi') || flags.includes('--skip-install') || flags.includes('--preset')) return generateWithInstall(root, name, ...flags);
  const dir = await generateWithInstall(root, name, ...flags, '--skip-install');
  const infra = path.join(dir, 'infra');
  const manifest = JSON.parse(readFileSync(path.join(infra, 'package.json'), 'utf8'));
  const key = createHash('sha256')
    .update(JSON.stringify([manifest.dependencies, manifest.devDependencies]))
    .digest('hex')
    .slice(0, 16);
  const cache = path.join(E2E_DIR, 'cdk-dependencies', key);
  // Workspaces generated at the same time (the matrix's, two at a time) share one install.
  if (!installs.has(cache)) {
    installs.set(
      cache,
      (async () => {
        if (existsSync(path.join(cache, 'node_modules'))) return;
        rmSync(cache, { recursive: true, force: true });
        mkdirSync(cache, { recursive: true });
        writeFileSync(
          path.join(cache, 'package.json'),
          JSON.stringify({ name: 'cdk-dependencies', private: true, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies }),
        );
        await tool(cache, 'npm', ['install', '--no-audit', '--no-fund']);
      })(),
    );
  }
  await installs.get(cache);
  await tool(infra, 'cp', ['-a', path.join(cache, 'node_modules'), path.join(infra, 'node_modules')]);
  return dir;
}

/** The Rust checks running now, if any: one workspace's at a time (see `rustChecks`). */
let rustTurn: Promise<unknown> = Promise.resolve();

/**
 * What the generated CI and Makefile check on the Rust code (fmt, clippy -D warnings, tests,
 * cargo deny), one workspace at a time, each workspace's sources touched first. Workspaces
 * share one target folder, and cargo names a workspace's own crates (`shared`, `get-item`) by
 * their path relative to the workspace: two workspaces whose crates have the same names,
 * dependencies and features share their artifacts, and cargo takes the other workspace's as fresh
 * when its own sources are older (the covering array's workspaces 1 and 2 once compiled against
 * the other's `shared`, one without `auth`). Touched just before, inside the turn, a workspace's
 * sources are newer than any artifact another one built.
 */
export function rustChecks(dir: string): Promise<void> {
  const run = rustTurn.then(async () => {
    await tool(dir, 'find', ['shared', 'lambdas', '-type', 'f', '-exec', 'touch', '{}', '+']);
    await rustChecksNow(dir);
  });
  rustTurn = run.catch(() => undefined);
  return run;
}

async function rustChecksNow(dir: string): Promise<void> {
  await tool(dir, 'cargo', ['fmt', '--all', '--check']);
  await tool(dir, 'cargo', ['clippy', '--workspace', '--all-targets', '--', '-D', 'warnings']);
  const tests = await tool(dir, 'cargo', ['test', '--workspace']);
  const passed = [...tests.matchAll(/test result: ok\. (\d+) passed; 0 failed/g)].reduce((n, m) => n + Number(m[1]), 0);
  expect(passed).toBeGreaterThan(20);
  expect(tests).not.toMatch(/test result: FAILED/);
  // deny.toml as the generated CI checks it; advisories need GitHub (RustSec's database), which
  // this machine cannot reach, so they are left to the generated CI.
  const deny = await tool(dir, 'cargo', ['deny', 'check', 'bans', 'licenses', 'sources']);
  expect(deny).toContain('bans ok, licenses ok, sources ok');
}

/**
 * Runs checkov on a file or folder; returns its failed checks, the skips that give no reason, the
 * number of passed checks and the files it could not parse (a file checkov cannot parse is not
 * scanned at all, so it must count as a failure).
 */
export async function checkov(cwd: string, args: string[]): Promise<{ failed: string[]; unexplained: string[]; passed: number; parsingErrors: string[] }> {
  // --soft-fail: exit 0 either way; the JSON report, written to a file, is what decides.
  const reportDir = mkdtempSync(path.join(tmpdir(), 'checkov-'));
  let json: any;
  try {
    await tool(cwd, 'checkov', [...args, '--skip-download', '--soft-fail', '-o', 'json', '--output-file-path', reportDir], { BC_SKIP_MAPPING: 'TRUE' });
    json = JSON.parse(readFileSync(path.join(reportDir, 'results_json.json'), 'utf8'));
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  const reports = Array.isArray(json) ? json : [json];
  const failed = reports.flatMap((r: any) => r.results?.failed_checks ?? []).map((c: any) => `${c.check_id} ${c.resource} ${c.file_path}`);
  const skipped = reports.flatMap((r: any) => r.results?.skipped_checks ?? []);
  const unexplained = skipped.filter((c: any) => !c.check_result?.suppress_comment?.trim()).map((c: any) => `${c.check_id} ${c.resource}`);
  const passed = reports.reduce((n: number, r: any) => n + (r.summary?.passed ?? 0), 0);
  const parsingErrors = reports.flatMap((r: any) => {
    const count = Number(r.summary?.parsing_errors ?? 0);
    return count ? [`${r.check_type}: ${count} file(s) checkov could not parse`] : [];
  });
  return { failed, unexplained, passed, parsingErrors };
}

/** checkov with nothing failed, nothing unparsed, every skip explained, and at least `floor` checks passed. */
export async function checkovClean(cwd: string, args: string[], floor: number): Promise<void> {
  const report = await checkov(cwd, args);
  expect(report.parsingErrors).toEqual([]);
  expect(report.failed).toEqual([]);
  expect(report.unexplained).toEqual([]);
  expect(report.passed).toBeGreaterThan(floor);
}

// sam validate reads a region and credentials but must not call AWS: dummies.
export const AWS_DUMMY = { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'dummy', AWS_SECRET_ACCESS_KEY: 'dummy', SAM_CLI_TELEMETRY: '0' };

/** The SAM template through cfn-lint, `sam validate --lint` and checkov. */
export async function samChecks(dir: string): Promise<void> {
  await tool(dir, 'cfn-lint', ['template.yaml']);
  const validate = await tool(dir, 'sam', ['validate', '--lint'], AWS_DUMMY);
  expect(validate).toContain('is a valid SAM Template');
  await checkovClean(dir, ['-f', 'template.yaml', '--framework', 'cloudformation'], 3);
}

/**
 * `tofu validate` without `init`: it parses and checks every block (duplicate resources,
 * references to undeclared ones, malformed arguments) but cannot load the AWS provider, which
 * no registry here serves. Every error must be about that provider, and there must be one.
 */
export async function tofuValidate(infra: string): Promise<void> {
  const result = await execa('tofu', ['validate', '-json', '-no-color'], { cwd: infra, reject: false, env: { TF_CLI_CONFIG_FILE: '/dev/null' } });
  const report = JSON.parse(result.stdout) as { valid: boolean; diagnostics: { severity: string; summary: string; detail: string }[] };
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const notProvider = errors.filter((d) => !/provider/i.test(`${d.summary} ${d.detail}`) || !/hashicorp\/aws/.test(`${d.summary} ${d.detail}`));
  expect(notProvider, 'tofu validate: errors besides the missing AWS provider').toEqual([]);
  expect(errors.length, 'tofu validate reports the missing provider (else it did not check anything)').toBeGreaterThan(0);
}

/**
 * Every function's zip is where `make build-zip` writes it: `cargo lambda build --output-format
 * zip` puts `target/lambda/<binary>/bootstrap.zip` under the workspace root.
 */
export async function expectZipPaths(infra: string): Promise<string[]> {
  const tf = await parseTerraform(infra);
  expect(tf.locals[0].lambda_dir).toBe('${path.module}/../target/lambda');
  const binaries: string[] = [];
  for (const [name, [fn]] of Object.entries<any>(tf.resource.aws_lambda_function)) {
    const binary = String(fn.function_name).replace('${local.project}-', '');
    expect(fn.filename, name).toBe(`\${local.lambda_dir}/${binary}/bootstrap.zip`);
    binaries.push(binary);
  }
  return binaries;
}

/** The Terraform folder through tofu fmt, tofu validate (no init), tflint and checkov. */
export async function terraformChecks(infra: string, floor = 30): Promise<void> {
  await expectZipPaths(infra);
  await tool(infra, 'tofu', ['fmt', '-check', '-diff']);
  await tofuValidate(infra);
  await tool(infra, 'tflint', ['--format', 'compact']);
  await checkovClean(infra, ['-d', '.', '--framework', 'terraform'], floor);
}

/**
 * The cdk-nag report lists every rule per resource: none may be non-compliant or unknown (a rule
 * that could not decide), and every suppression must carry its reason.
 */
export function nagFindings(infra: string, stack: string): string[] {
  const out = path.join(infra, 'cdk.out');
  const file = readdirSync(out).find((f) => f.startsWith('AwsSolutions-') && f.endsWith(`${stack}-NagReport.csv`));
  expect(file, `a cdk-nag report for ${stack} in cdk.out`).toBeDefined();
  const rows = readFileSync(path.join(out, file!), 'utf8').split('\n').slice(1).filter(Boolean);
  expect(rows.length, 'cdk-nag checked the stack').toBeGreaterThan(0);
  const unexplained = rows.filter((row) => row.includes('"Suppressed"') && /"Suppressed","(N\/A)?"/.test(row));
  return [...rows.filter((row) => row.includes('"Non-Compliant"') || row.includes('"UNKNOWN"')), ...unexplained];
}

/** The stack name the CDK app gives a project's stage (the default stage unless given). */
export function stackName(project: string, stage: string = DEFAULT_STAGE): string {
  return `${project
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')}Stack-${stage}`;
}

/** The CDK app through tsc, its own tests, `cdk synth` (bundling skipped) and cdk-nag; returns the template file. */
export async function cdkChecks(dir: string, project: string): Promise<string> {
  const infra = path.join(dir, 'infra');
  await tool(infra, 'npx', ['tsc', '--noEmit']);
  const out = await tool(infra, 'npm', ['test']);
  expect(out).toMatch(/Tests\s+\d+ passed/);
  await tool(infra, 'npx', ['cdk', 'synth', '--quiet', '--no-notices'], { SKIP_BUNDLING: '1' });
  expect(nagFindings(infra, stackName(project))).toEqual([]);
  return path.join(infra, 'cdk.out', `${stackName(project)}.template.json`);
}

/**
 * A Pulumi workspace's checks, as its CI runs them: tsc, then the program's own tests under
 * Pulumi's mocks (every test passed, none skipped). The dependencies are installed by `new`.
 */
export async function pulumiChecks(dir: string): Promise<void> {
  const infra = path.join(dir, 'infra');
  await tool(infra, 'npx', ['tsc', '--noEmit']);
  const out = await tool(infra, 'npm', ['test']);
  expect(out).toMatch(/Tests\s+\d+ passed/);
  expect(out).not.toMatch(/skipped|todo/);
}
