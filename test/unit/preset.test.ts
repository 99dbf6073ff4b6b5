import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ANSWERS } from '../../lib/answers.js';
import { PRESET_SCHEMA } from '../../lib/preset-schema.js';
import { checkPreset, loadPreset, presetFromRecord, presetHash, presetLayer, presetPolicy, recordPreset, withinPreset } from '../../lib/preset.js';
import { DEFAULT_POLICY } from '../../lib/policy.js';
import { REPO_ROOT } from '../helpers/generators.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples/presets/acme');
const example = () => JSON.parse(readFileSync(path.join(EXAMPLE, 'preset.json'), 'utf8'));

/** The mistakes a preset document is refused for, a line each (none: accepted). */
function mistakes(document: unknown): string[] {
  try {
    checkPreset(document, 'preset p.json');
    return [];
  } catch (error) {
    return (error as Error).message.split('\n');
  }
}

describe('the preset schema', () => {
  it("takes its answers from the answers' declarations: every answer of new but the project name, in the order new asks them", () => {
    const flags = APP_ANSWERS.map((a) => a.flag).filter((flag) => flag !== 'name');
    for (const layer of ['defaults', 'locked'] as const) {
      const properties = (PRESET_SCHEMA.properties[layer] as { properties: Record<string, unknown> }).properties;
      expect(Object.keys(properties), layer).toEqual(flags);
      for (const a of APP_ANSWERS) if (a.flag !== 'name') expect(properties[a.flag], a.flag).toBe(a.presetSchema);
    }
  });

  it('is published as built from the code (npm run schema writes it)', () => {
    expect(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/preset.schema.json'), 'utf8'))).toEqual(PRESET_SCHEMA);
  });

  it('accepts the example preset, with its files read next to it', () => {
    const preset = loadPreset(EXAMPLE, REPO_ROOT);
    expect(preset).toMatchObject({
      name: 'acme-standard',
      version: '1.2.0',
      locked: { api: 'http', arch: 'arm64' },
      defaults: { iac: 'terraform', memory: 512 },
    });
    expect(Object.keys(preset.files).sort()).toEqual(['.github/pull_request_template.md', 'CODEOWNERS', 'LICENSE']);
    expect(preset.files.CODEOWNERS).toBe(readFileSync(path.join(EXAMPLE, 'files/CODEOWNERS.ejs'), 'utf8'));
  });

  it.each([
    [{ name: 'x' }, ['preset p.json: version: missing']],
    [
      { name: 'Acme', version: '1.0' },
      [
        'preset p.json: name: must be a lowercase npm-style name, e.g. "acme-standard" or "@acme/api-preset"',
        'preset p.json: version: must be a semantic version, e.g. "1.2.0"',
      ],
    ],
    [{ name: 'x', version: '1.0.0', polcy: {} }, ['preset p.json: polcy: unknown key']],
    [{ name: 'x', version: '1.0.0', policy: { memory: { max: 20000 } } }, ['preset p.json: policy.memory.max: must be <= 10240']],
    [
      { name: 'x', version: '1.0.0', policy: { logRetentionDays: 10 } },
      [expect.stringMatching(/^preset p\.json: policy\.logRetentionDays: must be one of 1, 3, 5, 7, 14, 30,/)],
    ],
    [{ name: 'x', version: '1.0.0', policy: { iac: ['cloudformation'] } }, ['preset p.json: policy.iac.0: must be one of "cdk", "sam", "terraform", "pulumi"']],
    [
      { name: 'x', version: '1.0.0', policy: { tags: { 'aws:owner': 'me' } } },
      ['preset p.json: policy.tags.aws:owner: is not a tag key of yours: "aws:" is reserved'],
    ],
    [
      { name: 'x', version: '1.0.0', policy: { namePrefix: 'Acme' } },
      ['preset p.json: policy.namePrefix: must be lowercase kebab-case of at most 11 characters, ending with "-" (e.g. "acme-")'],
    ],
    [{ name: 'x', version: '1.0.0', defaults: { resource: 7 } }, ['preset p.json: defaults.resource: must be a resource name or false']],
    [{ name: 'x', version: '1.0.0', locked: { memory: '512' } }, ['preset p.json: locked.memory: must be integer']],
    [
      { name: 'x', version: '1.0.0', files: { '../outside': 'a' } },
      ['preset p.json: files.../outside: must be a relative path inside the workspace (no "..", no leading "/")'],
    ],
  ])('refuses %j, naming the preset and the key on each line', (document, expected) => {
    expect(mistakes(document)).toEqual(expected);
  });

  it.each([
    [{ defaults: { resource: 'Items' } }, /defaults\.resource: /],
    [{ defaults: { iac: 'sam' }, locked: { iac: 'cdk' } }, /defaults\.iac: "sam" differs from locked\.iac \("cdk"\)/],
    [{ policy: { memory: { min: 2048, max: 1024 } }, defaults: { memory: 1024 } }, /policy\.memory: min 2048 is above max 1024/],
    [{ policy: { memory: { min: 512 } } }, /policy\.memory: excludes the generator's default \(256\): set defaults\.memory or locked\.memory/],
    [{ policy: { arch: ['x86_64'] } }, /policy\.arch: excludes the generator's default \(arm64\)/],
    [{ policy: { iac: ['terraform'] }, locked: { iac: 'sam' } }, /locked\.iac: sam is not allowed by the policy \(policy\.iac: terraform\)/],
    [{ defaults: { fields: 'title:when' } }, /defaults\.fields: field "title": unknown type "when"/],
    [{ defaults: { fields: 'title:string, at:date?', 'sort-key': 'at' } }, /defaults\.sort-key: field "at" cannot be a sort key: it is optional/],
    [{ locked: { fields: 'title:string' }, defaults: { index: 'name' } }, /defaults\.index: "name" is not a field of the resource \(title\)/],
  ])('refuses what the schema cannot see: %j', (part, expected) => {
    const lines = mistakes({ name: 'x', version: '1.0.0', ...part });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^preset p\.json \(x 1\.0\.0\): /);
    expect(lines.filter((line) => expected.test(line))).toHaveLength(1);
  });
});

describe('a preset', () => {
  it('bounds answers and names itself when it refuses one', () => {
    const preset = loadPreset(EXAMPLE, REPO_ROOT);
    expect(withinPreset(preset, 'memory', '1024')).toBe(true);
    expect(withinPreset(preset, 'memory', '2048')).toBe('2048 is above the maximum of preset acme-standard 1.2.0 (policy.memory.max 1024)');
    expect(withinPreset(preset, 'iac', 'sam')).toBe('sam is not allowed by preset acme-standard 1.2.0 (policy.iac: terraform, cdk)');
    expect(withinPreset(preset, 'name', 'anything')).toBe(true);
  });

  it("gives its answers (locked over defaults) and its policy over the generator's", () => {
    const preset = loadPreset(EXAMPLE, REPO_ROOT);
    expect(presetLayer(preset)).toEqual({ iac: 'terraform', api: 'http', arch: 'arm64', memory: '512' });
    expect(presetPolicy(DEFAULT_POLICY, preset)).toEqual({
      throttling: { rateLimit: 50, burstLimit: 100 },
      logRetentionDays: 90,
      tags: { CostCenter: 'cc-1234', Owner: 'platform-team' },
      namePrefix: 'acme-',
    });
  });

  it('has a hash of its whole content, files included, and a record that must match it', () => {
    const preset = loadPreset(EXAMPLE, REPO_ROOT);
    const record = recordPreset(preset);
    expect(record.hash).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(presetHash({ ...preset, files: { ...preset.files, LICENSE: 'MIT' } })).not.toBe(record.hash);
    expect(presetFromRecord(JSON.parse(JSON.stringify(record)), '.yo-rc.json')).toEqual(record);
    const edited = { ...record, policy: { ...record.policy, memory: { min: 128, max: 10240 } } };
    expect(() => presetFromRecord(edited, '.yo-rc.json')).toThrow(
      '.yo-rc.json: the recorded preset acme-standard 1.2.0 does not match its hash (edited by hand?)',
    );
  });

  it('is found by path, by folder, or as an installed npm package', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    const pkg = path.join(cwd, 'node_modules', '@acme', 'api-preset');
    mkdirSync(pkg, { recursive: true });
    cpSync(EXAMPLE, path.join(pkg, 'standard'), { recursive: true });
    writeFileSync(
      path.join(pkg, 'package.json'),
      JSON.stringify({ name: '@acme/api-preset', version: '1.2.0', 'serverless-api-preset': 'standard/preset.json' }),
    );
    expect(loadPreset('@acme/api-preset', cwd)).toMatchObject({ name: 'acme-standard', package: '@acme/api-preset' });
    // A path is this machine's: it is not recorded.
    expect(loadPreset(path.join(EXAMPLE, 'preset.json'), cwd)).not.toHaveProperty('package');
    // The package a preset came from is no part of its content.
    expect(presetHash(loadPreset('@acme/api-preset', cwd))).toBe(presetHash(loadPreset(EXAMPLE, cwd)));
    expect(() => loadPreset('@acme/other', cwd)).toThrow('--preset @acme/other: neither a file nor an npm package installed here');
    expect(() => loadPreset('./missing.json', cwd)).toThrow('--preset ./missing.json: no such file');
  });

  it('refuses a file it ships that is missing or outside its folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sa-preset-'));
    writeFileSync(path.join(dir, 'preset.json'), JSON.stringify({ ...example(), files: { CODEOWNERS: 'files/nope.ejs', LICENSE: '../../etc/passwd' } }));
    expect(() => loadPreset(dir, dir)).toThrow(
      "preset preset.json (acme-standard 1.2.0): files.CODEOWNERS: files/nope.ejs does not exist (next to the preset file)\npreset preset.json (acme-standard 1.2.0): files.LICENSE: ../../etc/passwd is outside the preset's folder",
    );
  });
});
