/**
 * `serverless-api render` (the base of `upgrade`): what it writes is exactly what the generator
 * wrote, for every flavour, after additions too; it refuses what it cannot do, writing nothing.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';
import { UPGRADE_FROM_0_1_0, oldGenerator } from '../helpers/old-generator.js';
import { GENERATOR_VERSION } from '../../lib/version.js';

// Each test runs the CLI several times (the upgrade tests also an older release): slower than
// the suite's 30 s on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function scratch(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix))
    .flatMap((name) => {
      const relative = prefix ? `${prefix}/${name}` : name;
      return statSync(path.join(dir, relative)).isDirectory() ? files(dir, relative) : [relative];
    })
    .sort();
}

describe.each(['cdk', 'sam', 'terraform'] as const)('render, %s', (iac) => {
  it('writes exactly the files the generator wrote, after a route, a queue consumer and a resource too', async () => {
    const cwd = scratch('sa-render-');
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', iac)).exitCode).toBe(0);
    const dir = path.join(cwd, 'shop');
    expect((await cli(dir, 'route', 'GET', '/orders/{orderId}', '--resource', 'item', '--access', 'read', '--yes')).exitCode).toBe(0);
    // A function between additions of routes: the replay puts it where it was added.
    expect((await cli(dir, 'function', 'process-orders', '--trigger', 'sqs', '--resource', 'item', '--access', 'write', '--yes')).exitCode).toBe(0);
    expect((await cli(dir, 'resource', 'category', '--yes')).exitCode).toBe(0);
    const before = snapshot(dir);
    const result = await cli(cwd, 'render', 'shop', '--out', 'base');
    expect(result.exitCode, result.all).toBe(0);
    const base = path.join(cwd, 'base');
    const generated = files(dir).filter((f) => f !== '.yo-rc.json');
    expect(files(base)).toEqual(generated);
    for (const file of generated) expect(readFileSync(path.join(base, file), 'utf8'), file).toBe(readFileSync(path.join(dir, file), 'utf8'));
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('render refuses', () => {
  it('a folder that is not empty, a missing --out, a folder outside a workspace, and another version', async () => {
    const cwd = scratch('sa-render-');
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--no-resource')).exitCode).toBe(0);
    writeFileSync(path.join(cwd, 'keep.txt'), 'mine');
    const before = snapshot(cwd);
    let result = await cli(cwd, 'render', 'shop', '--out', '.');
    expect([result.exitCode, result.stderr]).toEqual([1, 'Error: . is not empty; render writes into a new or empty folder']);
    result = await cli(cwd, 'render', 'shop');
    expect([result.exitCode, result.stderr]).toEqual([1, 'Error: render needs --out <folder>. See serverless-api render --help.']);
    result = await cli(tmpdir(), 'render', '--out', path.join(cwd, 'base'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^Error: not inside a workspace of generator-serverless-api/);
    const rc = path.join(cwd, 'shop/.yo-rc.json');
    const stored = readFileSync(rc, 'utf8');
    writeFileSync(rc, stored.replace(/"generatorVersion": "[^"]+"/, '"generatorVersion": "0.0.1"'));
    result = await cli(cwd, 'render', 'shop', '--out', 'base');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('follows generator 0.0.1; this is');
    expect(result.stderr).toContain('npx --package generator-serverless-api@0.0.1 serverless-api render');
    writeFileSync(rc, stored);
    expect(snapshot(cwd)).toEqual(before);
  });
});

describe('additions on a workspace of an older version', () => {
  it('are refused, pointing to upgrade, with nothing written', async () => {
    const cwd = scratch('sa-render-');
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git')).exitCode).toBe(0);
    const dir = path.join(cwd, 'shop');
    const rc = path.join(dir, '.yo-rc.json');
    writeFileSync(rc, readFileSync(rc, 'utf8').replace(/"generatorVersion": "[^"]+"/, '"generatorVersion": "0.0.1"'));
    const before = snapshot(dir);
    for (const args of [
      ['route', 'GET', '/orders', '--yes'],
      ['resource', 'category', '--yes'],
    ]) {
      const result = await cli(dir, ...args);
      expect(result.exitCode, result.all).toBe(1);
      expect(result.stderr).toContain('this workspace follows generator-serverless-api 0.0.1, older than this one');
      expect(result.stderr).toContain('run `serverless-api upgrade` first (it keeps your edits)');
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

/** A workspace made by release 0.1.0 (built from this repository's history), with a route it added. */
async function oldWorkspace(...flags: string[]): Promise<{ dir: string; old: string }> {
  const old = oldGenerator('0.1.0');
  const cwd = scratch('sa-upgrade-');
  const made = await execa('node', [path.join(old, 'dist/bin/serverless-api.js'), 'new', 'shop', '--yes', '--skip-install', '--no-git', ...flags], {
    cwd,
    reject: false,
    all: true,
  });
  expect(made.exitCode, made.all).toBe(0);
  const dir = path.join(cwd, 'shop');
  const added = await execa('node', [path.join(old, 'dist/bin/serverless-api.js'), 'route', 'GET', '/orders', '--yes'], { cwd: dir, reject: false, all: true });
  expect(added.exitCode, added.all).toBe(0);
  return { dir, old };
}

const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));

describe('upgrade from 0.1.0', () => {
  // Built once, before the tests: tsc over the release's sources.
  beforeAll(() => {
    oldGenerator('0.1.0');
  }, 300_000);

  it('keeps edits, migrates the renamed file, adds new files, and a second run changes nothing', async () => {
    const { dir, old } = await oldWorkspace('--iac', 'sam');
    expect(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].generatorVersion).toBe('0.1.0');
    edit(path.join(dir, 'docker-compose.yml'), (t) => `${t}    environment:\n      - AWS_REGION=eu-west-1\n`);
    edit(path.join(dir, '.github/workflows/ci.yml'), (t) => t.replace('jobs:\n', 'jobs:\n  # the team: a job of ours at the end\n'));
    edit(path.join(dir, 'lambdas/get-orders/src/handler.rs'), (t) => `${t}\n// the team's handler logic\n`);
    edit(path.join(dir, 'template.yaml'), (t) => `${t}  Queue:\n    Type: AWS::SQS::Queue\n`);
    const before = snapshot(dir);

    const dry = await cli(dir, 'upgrade', '--dry-run', '--from', old);
    expect(dry.exitCode, dry.all).toBe(0);
    expect(dry.stdout).toContain('diff --git a/docker-compose.yml b/compose.yaml');
    expect(dry.stdout).toContain('+++ b/.github/workflows/upgrade.yml');
    expect(dry.stdout).toContain('Would upgrade shop: generator 0.1.0 -> ' + GENERATOR_VERSION);
    expect(snapshot(dir)).toEqual(before);

    const result = await cli(dir, 'upgrade', '--from', old);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('migrated  renamed docker-compose.yml to compose.yaml');
    expect(result.stdout).toMatch(/merged +\.github\/workflows\/ci\.yml/);
    expect(result.stdout).toMatch(/added +\.github\/workflows\/upgrade\.yml/);
    const after = snapshot(dir);
    expect(
      Object.keys(after)
        .filter((f) => !(f in before))
        .sort(),
    ).toEqual(UPGRADE_FROM_0_1_0.added);
    expect(
      Object.keys(before)
        .filter((f) => !(f in after))
        .sort(),
    ).toEqual(UPGRADE_FROM_0_1_0.removed);
    // The user's file, with the header that says who owns it now.
    expect(after['compose.yaml']).toMatch(/^# Generated by generator-serverless-api/);
    expect(after['compose.yaml']).toContain(before['docker-compose.yml']);
    expect(after['.github/workflows/ci.yml']).toContain('# the team: a job of ours at the end');
    // The version of the check comes from .yo-rc.json now: no later upgrade changes the workflow.
    expect(after['.github/workflows/ci.yml']).toContain('npx --yes --package "generator-serverless-api@${version}" serverless-api check');
    expect(after['.github/workflows/ci.yml']).not.toContain(GENERATOR_VERSION);
    expect(after['lambdas/get-orders/src/handler.rs']).toBe(before['lambdas/get-orders/src/handler.rs']);
    // The user's queue kept; the access log's fields are those of every flavour now.
    expect(after['template.yaml']).toBe(
      before['template.yaml']!.replace(
        '"httpMethod":"$context.httpMethod","path":"$context.path","status"',
        '"httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","path":"$context.path","protocol":"$context.protocol","status"',
      ),
    );
    expect(JSON.parse(after['.yo-rc.json']!)['generator-serverless-api'].generatorVersion).toBe(GENERATOR_VERSION);
    const changed = Object.keys(after)
      .filter((f) => f in before && after[f] !== before[f])
      .sort();
    // All untouched by the user but template.yaml, so simply updated.
    // The SAM files: the default tags in samconfig.toml, the access log's fields in template.yaml.
    expect(changed).toEqual([...UPGRADE_FROM_0_1_0.changed, 'samconfig.toml', 'template.yaml'].sort());
    expect(after['README.md']).toContain('## Keep up with the generator');

    const again = await cli(dir, 'upgrade', '--from', old);
    expect([again.exitCode, again.stdout]).toEqual([0, `shop follows generator ${GENERATOR_VERSION}: nothing to upgrade.`]);
    expect(snapshot(dir)).toEqual(after);
    // Now current: additions work again.
    expect((await cli(dir, 'route', 'GET', '/orders/{orderId}', '--yes')).exitCode).toBe(0);
  });

  it('leaves conflict markers where both changed the same lines, lists them, exits 1, and again until resolved', async () => {
    const { dir, old } = await oldWorkspace('--iac', 'terraform', '--no-resource');
    const ci = path.join(dir, '.github/workflows/ci.yml');
    edit(ci, (t) => t.replace('@0.1.0 serverless-api check', '@0.1.0 serverless-api check --json'));
    const result = await cli(dir, 'upgrade', '--from', old);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toMatch(/conflict +\.github\/workflows\/ci\.yml +\(1 region\)/);
    expect(result.stdout).toContain('1 file holds conflict markers');
    const text = readFileSync(ci, 'utf8');
    expect(text).toContain('<<<<<<< your edit\n');
    expect(text).toContain('@0.1.0 serverless-api check --json\n=======\n');
    expect(text).toContain(`npx --yes --package "generator-serverless-api@\${version}" serverless-api check\n>>>>>>> generator ${GENERATOR_VERSION}\n`);
    const second = await cli(dir, 'upgrade', '--from', old);
    expect(second.exitCode).toBe(1);
    expect(second.stdout).toContain('still hold conflict markers');
    expect(second.stdout).toContain('  .github/workflows/ci.yml');
    const checked = await cli(dir, 'check');
    expect(checked.exitCode).toBe(1);
    expect(checked.stdout).toContain('.github/workflows/ci.yml holds conflict markers (<<<<<<< your edit): resolve them');
    edit(ci, (t) => t.replace(/<<<<<<< your edit\n[\s\S]*?\n=======\n([\s\S]*?\n)>>>>>>> .*\n/, '$1'));
    const resolved = await cli(dir, 'upgrade', '--from', old);
    expect([resolved.exitCode, resolved.stdout]).toEqual([0, `shop follows generator ${GENERATOR_VERSION}: nothing to upgrade.`]);
    expect((await cli(dir, 'check')).exitCode).toBe(0);
  });

  it('keeps an edited file the new version no longer generates when the migration cannot apply, and says so', async () => {
    const { dir, old } = await oldWorkspace('--iac', 'cdk');
    writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  postgres:\n    image: postgres:17\n');
    const result = await cli(dir, 'upgrade', '--from', old);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('note      docker-compose.yml: no longer generated by');
    expect(result.stdout).toContain(
      'migration rename docker-compose.yml -> compose.yaml (0.2.0) skipped: docker-compose.yml no longer looks like the generated file',
    );
    expect(readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8')).toContain('postgres');
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toContain('dynamodb:');
  });

  it('refuses, writing nothing: a bad --from, a newer workspace, a preset of another name, extra arguments', async () => {
    const { dir } = await oldWorkspace('--iac', 'sam', '--no-resource');
    const before = snapshot(dir);
    let result = await cli(dir, 'upgrade', '--from', './nowhere');
    expect([result.exitCode, result.stderr]).toEqual([
      1,
      'Error: --from ./nowhere: not a built generator-serverless-api (no dist/bin/serverless-api.js in it). Nothing was written',
    ]);
    result = await cli(dir, 'upgrade', '--from', REPO_ROOT, '--preset', path.join(REPO_ROOT, 'examples/presets/acme'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('--preset: this workspace was made without a preset');
    result = await cli(dir, 'upgrade', 'a', 'b');
    expect(result.stderr).toBe('Error: upgrade takes one workspace folder. See serverless-api upgrade --help.');
    result = await cli(dir, 'upgrade', '--frm', 'x');
    expect(result.stderr).toMatch(/^Error: Unknown option '--frm'.*See serverless-api upgrade --help\.$/);
    // The old version's render refuses a workspace of another version: a wrong --from is an error.
    result = await cli(dir, 'upgrade', '--from', REPO_ROOT);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('could not render the base (what generator 0.1.0 made)');
    expect(snapshot(dir)).toEqual(before);
    const rc = path.join(dir, '.yo-rc.json');
    edit(rc, (t) => t.replace('"generatorVersion": "0.1.0"', '"generatorVersion": "99.0.0"'));
    const newer = snapshot(dir);
    result = await cli(dir, 'upgrade');
    expect(result.stderr).toContain(`this workspace follows generator 99.0.0, newer than this one (${GENERATOR_VERSION})`);
    expect(snapshot(dir)).toEqual(newer);
  });
});

describe('upgrade to a newer version of the preset', () => {
  it('applies its policy, keeps edits, records it, and refuses an older one or a workspace outside its bounds', async () => {
    const cwd = scratch('sa-upgrade-preset-');
    const preset = path.join(REPO_ROOT, 'examples/presets/acme');
    expect((await cli(cwd, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--no-resource', '--preset', preset)).exitCode).toBe(0);
    const dir = path.join(cwd, 'shop');
    const newer = path.join(cwd, 'acme-1.3.0');
    await execa('cp', ['-r', preset, newer]);
    edit(path.join(newer, 'preset.json'), (t) =>
      t
        .replace('"$schema": "../../../schemas/preset.schema.json"', `"$schema": "${path.join(REPO_ROOT, 'schemas/preset.schema.json')}"`)
        .replace('"version": "1.2.0"', '"version": "1.3.0"')
        .replace('"logRetentionDays": 90', '"logRetentionDays": 180'),
    );
    const tf = path.join(dir, 'infra/api.tf');
    edit(tf, (t) => `# the team's note at the top\n${t}`);
    const result = await cli(dir, 'upgrade', '--preset', newer);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain(`Upgraded shop: generator ${GENERATOR_VERSION}, preset acme-standard 1.2.0 -> preset acme-standard 1.3.0.`);
    const stored = JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'];
    expect(stored.preset.version).toBe('1.3.0');
    expect(stored.policy.logRetentionDays).toBe(180);
    const infra = readdirSync(path.join(dir, 'infra'))
      .filter((f) => f.endsWith('.tf'))
      .map((f) => readFileSync(path.join(dir, 'infra', f), 'utf8'))
      .join('\n');
    expect(infra).toMatch(/variable "log_retention_days" \{[^}]*default\s*=\s*180\n/);
    expect(infra).not.toMatch(/default\s*=\s*90\n/);
    expect(readFileSync(tf, 'utf8')).toMatch(/^# the team's note at the top\n/);
    expect((await cli(dir, 'check', '--preset', newer)).exitCode).toBe(0);
    const after = snapshot(dir);
    let refused = await cli(dir, 'upgrade', '--preset', preset);
    expect(refused.stderr).toBe('Error: --preset: preset acme-standard 1.2.0 is older than the recorded preset acme-standard 1.3.0');
    const tight = path.join(cwd, 'acme-2.0.0');
    await execa('cp', ['-r', newer, tight]);
    edit(path.join(tight, 'preset.json'), (t) =>
      t.replace('"version": "1.3.0"', '"version": "2.0.0"').replace('"max": 1024', '"max": 256').replace('"memory": 512', '"memory": 256'),
    );
    refused = await cli(dir, 'upgrade', '--preset', tight);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('the workspace is outside preset acme-standard 2.0.0: memory 512 is above the maximum of preset acme-standard 2.0.0');
    expect(snapshot(dir)).toEqual(after);
    // A route's own memory is held to the new bounds too, though the workspace's is within them.
    expect((await cli(dir, 'route', 'GET', '/reports', '--memory', '1024', '--yes')).exitCode).toBe(0);
    const routed = snapshot(dir);
    const narrower = path.join(cwd, 'acme-1.4.0');
    await execa('cp', ['-r', newer, narrower]);
    edit(path.join(narrower, 'preset.json'), (t) => t.replace('"version": "1.3.0"', '"version": "1.4.0"').replace('"max": 1024', '"max": 768'));
    refused = await cli(dir, 'upgrade', '--preset', narrower);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'Error: the workspace is outside preset acme-standard 1.4.0: get-reports: memory 1024 is above the maximum of preset acme-standard 1.4.0 (policy.memory.max 768). Nothing was written; change these, then upgrade',
    );
    expect(snapshot(dir)).toEqual(routed);
  });
});
