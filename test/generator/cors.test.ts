/**
 * `serverless-api upgrade --cors`: CORS origins changed after `new`, at the same generator
 * version. Every file that carries them is rendered again and merged with the user's edits; the
 * result is what `new --cors` writes (whose output the auth e2e checks with each flavour's tools);
 * bad origins are refused with nothing written.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { CLI } from '../helpers/generators.js';

// Three workspaces and four commands a test: beyond the suite's 30 s when CI runs files side by side.
vi.setConfig({ testTimeout: 180_000 });

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

async function workspace(name: string, ...flags: string[]): Promise<string> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'sa-cors-'));
  const result = await cli(cwd, 'new', name, '--yes', '--skip-install', '--no-git', ...flags);
  expect(result.exitCode, result.all).toBe(0);
  return path.join(cwd, name);
}

const ORIGINS = 'https://shop.example.com';

// The file of each flavour that carries the API's CORS configuration, and a line of it.
const CASES = [
  { iac: 'cdk', api: 'http', file: 'infra/lib/manifest.ts', line: `cors: { origins: ['${ORIGINS}'] }` },
  { iac: 'sam', api: 'rest', file: 'template.yaml', line: `AllowOrigin: "'${ORIGINS}'"` },
  { iac: 'terraform', api: 'http', file: 'infra/api.tf', line: `allow_origins  = ["${ORIGINS}"]` },
  { iac: 'terraform', api: 'rest', file: 'infra/api_paths.tf', line: `"method.response.header.Access-Control-Allow-Origin"  = "'${ORIGINS}'"` },
] as const;

describe.each(CASES)('upgrade --cors, $iac $api API', ({ iac, api, file, line }) => {
  it('writes what new --cors writes, keeps an edit of the same file, and --cors none takes it back', async () => {
    const flags = ['--iac', iac, '--api', api, '--auth', 'cognito'];
    const dir = await workspace('shop', ...flags);
    const expected = snapshot(await workspace('shop', ...flags, '--cors', ORIGINS));
    const before = snapshot(dir);
    expect(before[file]).not.toContain(line);

    let result = await cli(dir, 'upgrade', '--cors', ORIGINS);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain(`Upgraded shop: generator`);
    expect(result.stdout).toContain(`cors none -> ${ORIGINS}.`);
    expect(result.stdout).toMatch(new RegExp(`updated\\s+${file.replace(/[./]/g, '\\$&')}`));
    expect(snapshot(dir)).toEqual(expected);
    expect(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].cors).toEqual({ origins: [ORIGINS] });
    result = await cli(dir, 'upgrade', '--cors', ORIGINS);
    expect(result.stdout).toContain('nothing to upgrade');
    expect((await cli(dir, 'check')).exitCode).toBe(0);

    // An edit at the end of the file merges with CORS going away.
    const edit = file.endsWith('.ts') ? '\n// kept: our note\n' : '\n# kept: our note\n';
    appendFileSync(path.join(dir, file), edit);
    result = await cli(dir, 'upgrade', '--cors', 'none');
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`merged\\s+${file.replace(/[./]/g, '\\$&')}\\s+\\(your edits kept\\)`));
    const after = snapshot(dir);
    expect(after[file]).toBe(`${before[file]}${edit}`);
    expect(after['.yo-rc.json']).toBe(before['.yo-rc.json']);
  });
});

describe('upgrade --cors refuses', () => {
  it('an origin with a path, two origins on a REST API and an empty list, in one line each, with nothing written', async () => {
    const dir = await workspace('shop', '--iac', 'terraform', '--api', 'rest');
    const before = snapshot(dir);
    const cases = [
      [`${ORIGINS}/app`, `--cors: "${ORIGINS}/app" is not an origin: no path, query or trailing slash (${ORIGINS}). Nothing was written`],
      [`${ORIGINS},http://localhost:3000`, "--cors: a REST API's preflight answers with one Access-Control-Allow-Origin"],
      ['', '--cors needs at least one origin'],
    ];
    for (const [value, message] of cases) {
      const result = await cli(dir, 'upgrade', '--cors', value!);
      expect(result.exitCode, result.all).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(message);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it("a change of CORS that the workspace's preset locks", async () => {
    const presetDir = mkdtempSync(path.join(tmpdir(), 'sa-cors-preset-'));
    const preset = path.join(presetDir, 'preset.json');
    writeFileSync(preset, JSON.stringify({ name: 'locked-cors', version: '1.0.0', locked: { cors: ORIGINS } }));
    const dir = await workspace('shop', '--iac', 'sam', '--preset', preset);
    expect(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-serverless-api'].cors).toEqual({ origins: [ORIGINS] });
    const before = snapshot(dir);
    const result = await cli(dir, 'upgrade', '--cors', 'none');
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stderr.trim()).toBe(`Error: --cors: preset locked-cors 1.0.0 locks cors to ${ORIGINS}. Nothing was written`);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('Terraform REST API: the deployment follows every change of the API', () => {
  /** Every API Gateway object a deployment snapshots, and whether the deployment's hash covers it whole. */
  async function uncovered(dir: string): Promise<{ objects: string[]; missing: string[] }> {
    const tf: any = await parseTerraformDir(path.join(dir, 'infra'));
    const kinds = ['resource', 'method', 'integration', 'method_response', 'integration_response', 'gateway_response', 'authorizer'];
    const objects = kinds.flatMap((kind) => Object.keys(tf.resource[`aws_api_gateway_${kind}`] ?? {}).map((name) => `aws_api_gateway_${kind}.${name}`));
    const hashed = String(tf.resource.aws_api_gateway_deployment.api[0].triggers.redeployment);
    // Whole objects: `aws_api_gateway_method.x` and not `aws_api_gateway_method.x.id`, whose id
    // stays the same when the method changes in place.
    const missing = objects.filter((o) => !new RegExp(`${o.replace(/\./g, '\\.')}(?![.\\w])`).test(hashed));
    return { objects, missing };
  }

  it('hashes every resource, method, integration, response and the authorizer whole, after new, a route and upgrade --cors', async () => {
    const dir = await workspace('shop', '--iac', 'terraform', '--api', 'rest', '--auth', 'cognito');
    let { objects, missing } = await uncovered(dir);
    expect(objects).toContain('aws_api_gateway_authorizer.api');
    expect(missing).toEqual([]);
    for (const args of [
      ['route', 'GET', '/status', '--auth', 'none', '--yes'],
      ['upgrade', '--cors', ORIGINS],
    ]) {
      const result = await cli(dir, ...args);
      expect(result.exitCode, result.all).toBe(0);
    }
    ({ objects, missing } = await uncovered(dir));
    expect(objects).toContain('aws_api_gateway_integration_response.status_preflight');
    expect(missing).toEqual([]);
  });
});
