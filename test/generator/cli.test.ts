import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listFiles, snapshot } from '../helpers/fs.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';

const BUNDLE = path.join(path.dirname(CLI), 'cli.cjs');

// git's identity comes from this file in these tests, not from the machine's configuration.
const GIT_CONFIG_GLOBAL = path.join(mkdtempSync(path.join(tmpdir(), 'sa-gitconfig-')), 'gitconfig');
writeFileSync(GIT_CONFIG_GLOBAL, '[user]\n\tname = Test User\n\temail = test@example.com\n');

function cli(cwd: string, ...args: string[]) {
  return cliWith({ GIT_CONFIG_GLOBAL }, cwd, ...args);
}

function cliWith(env: Record<string, string>, cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], {
    cwd,
    reject: false,
    all: true,
    stdin: 'ignore',
    env: { NO_COLOR: '1', FORCE_COLOR: '0', GIT_CONFIG_NOSYSTEM: '1', ...env },
  });
}

const newDir = () => mkdtempSync(path.join(tmpdir(), 'sa-cli-'));

describe("serverless-api (the package's own command)", () => {
  it('is one bundle (scripts/bundle.mjs): it requires no package but prettier, hcl2json and ajv (and an optional one), loaded when needed', () => {
    const bundle = readFileSync(BUNDLE, 'utf8');
    // What the bundle leaves to Node: require("x"), and createRequire(its own URL)("x") where
    // the code loads a package when it needs it. esbuild writes them in double quotes; the
    // comments it keeps use others.
    const specifiers = new Set([...bundle.matchAll(/(?:\w*require\d*|createRequire\)\(__bundleUrl\))\("([^"]+)"\)/g)].map((m) => m[1]!));
    const packages = [...specifiers].filter((s) => !s.startsWith('node:') && !builtinModules.includes(s) && !s.startsWith('.'));
    // picomatch: fdir (through tinyglobby, Yeoman's) requires it if it can, and does without.
    expect(packages.sort()).toEqual(['@cdktf/hcl2json', 'ajv/dist/2020.js', 'picomatch', 'prettier']);
    expect(bundle).toMatch(/^\/\/ lib\/render\.ts$/m);
    // The package's bin, run as a file by `npx serverless-api` in a clone of this repository: the
    // launcher of the bundle, not the CLI itself.
    const bin = readFileSync(CLI, 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(bin).toContain("'cli.cjs'");
    expect(bin).not.toContain('yeoman');
    expect(statSync(CLI).mode & 0o111, 'dist/bin/serverless-api.js is executable').toBe(0o111);
  });

  it('lists its commands', async () => {
    const result = await cli(newDir(), '--help');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('new ');
  });

  it('explains every option of `new` in --help', async () => {
    const result = await cli(newDir(), 'new', '--help');
    expect(result.exitCode).toBe(0);
    for (const flag of [
      '--description',
      '--iac',
      '--api',
      '--resource',
      '--no-resource',
      '--arch',
      '--memory',
      '--timeout',
      '--yes',
      '--git',
      '--skip-install',
      '--force',
      '--dry-run',
    ]) {
      expect(result.stdout, flag).toContain(flag);
    }
    expect(result.stdout).toContain('Arguments:');
  });

  it.each([
    ['route', ['--name', '--resource', '--access', '--memory', '--timeout', '--yes', 'method', 'path']],
    ['resource', ['--yes', 'name']],
    // The commands without a generator: --help made from their declaration, the same sections.
    ['check', ['Usage: serverless-api check', 'Arguments:', 'dir', '--preset <ref>', '--json', '-h, --help', 'Examples:']],
    [
      'upgrade',
      [
        'Usage: serverless-api upgrade',
        'Arguments:',
        'dir',
        '--dry-run',
        '--from <folder|spec>',
        '--preset <ref>',
        '--cors <origins|none>',
        'Exit status:',
        'Examples:',
      ],
    ],
    ['render', ['Usage: serverless-api render', 'Arguments:', 'dir', '--out <folder>', '-h, --help']],
    ['import', ['Usage: serverless-api import', 'Arguments:', 'openapi.yaml', '--dry-run', '--force', '--except <operation>', 'Examples:']],
    [
      'function',
      [
        '--trigger',
        '--batch-size',
        '--queue',
        '--cron',
        '--rate',
        '--timezone',
        '--source',
        '--detail-type',
        '--bus',
        '--resource',
        '--access',
        '--memory',
        '--timeout',
        '--yes',
        'name',
        'sqs ',
        'schedule ',
        'eventbridge ',
        'dynamodb-stream',
        's3 ',
        '--bucket',
        '--events',
        '--prefix',
        '--suffix',
      ],
    ],
  ])('explains every option of `%s` in --help', async (command, flags) => {
    const result = await cli(newDir(), command, '--help');
    expect(result.exitCode).toBe(0);
    for (const flag of flags) expect(result.stdout, flag).toContain(flag);
  });

  it.each(['new', 'route', 'resource', 'function'])('`%s --help` lists only options a user of the command can use', async (command) => {
    const result = await cli(newDir(), command, '--help');
    expect(result.exitCode).toBe(0);
    for (const internal of [
      '--skip-cache',
      '--local-config-only',
      '--ask-answered',
      '--whitespace',
      '--bail',
      '--skip-yo-resolve',
      '--force-install',
      '--cwd',
    ]) {
      expect(result.stdout, internal).not.toContain(internal);
    }
    expect(result.stdout.includes('--skip-install'), '--skip-install only where there is an install step').toBe(command === 'new');
    expect(result.stdout).toContain('--dry-run');
  });

  it('ends quietly when the reader of its output goes away (`--help | true`)', async () => {
    const result = await execa('bash', ['-c', `set -o pipefail; node ${JSON.stringify(CLI)} route --help | true`], { reject: false, all: true });
    expect(result.all).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('refuses an unknown command', async () => {
    const result = await cli(newDir(), 'frobnicate');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it.each([
    [['new', 'Bad Name!', '--yes'], '"Bad Name!" is not a valid project name'],
    [['new', 'demo', '--memory', '5', '--yes'], '--memory: memory must be from 128 to 10240 MB (got 5)'],
    [['new', 'demo', '--iac', 'cloudformation', '--yes'], '--iac must be one of cdk, sam, terraform, pulumi'],
    [['new', 'demo'], 'no terminal to ask for --description'],
  ])('%j exits 1 with one line naming the problem, and writes nothing', async (args, message) => {
    const dir = newDir();
    const result = await cli(dir, ...args);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(`Error: ${result.stderr.trim().replace(/^Error: /, '')}`);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(listFiles(dir)).toEqual([]);
  });

  it('writes demo/ with --yes, ends with next steps, and makes it a git repository', async () => {
    const dir = newDir();
    const result = await cli(dir, 'new', 'demo', '--yes', '--skip-install');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.all).toContain('create demo/Cargo.toml');
    expect(result.all).toMatch(/Created demo\/: \d+ files, 5 functions/);
    expect(result.all).toContain('Next steps:');
    expect(result.all).toContain('cd demo');
    // --skip-install skipped Cargo.lock and the CDK app's npm install: the next steps start with them.
    expect(result.all).toMatch(/cd demo\n\s+cargo generate-lockfile\s+#[^\n]*\n\s+cargo test[^\n]*\n\s+cd infra && npm install && /);
    expect(listFiles(path.join(dir, 'demo'))).not.toContain('Cargo.lock');
    expect(listFiles(path.join(dir, 'demo'))).toContain('lambdas/get-item/src/main.rs');
    const git = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: path.join(dir, 'demo'), reject: false });
    expect(git.stdout).toBe('true');
    // On main, one commit holding every file written, and nothing left out.
    expect(result.all).toContain('Initialized a git repository (branch main) with one commit.');
    const gitIn = (...args: string[]) => execa('git', args, { cwd: path.join(dir, 'demo'), env: { GIT_CONFIG_GLOBAL } });
    expect((await gitIn('branch', '--show-current')).stdout).toBe('main');
    expect((await gitIn('rev-list', '--count', 'HEAD')).stdout).toBe('1');
    expect((await gitIn('status', '--porcelain', '--untracked-files=all')).stdout).toBe('');
    const committed = (await gitIn('ls-files')).stdout.split('\n').sort();
    expect(committed).toEqual(
      listFiles(path.join(dir, 'demo'))
        .filter((f) => !f.startsWith('.git/'))
        .sort(),
    );
  });

  it('without a git identity, makes the repository, commits nothing and says how to', async () => {
    const dir = newDir();
    const config = path.join(dir, 'gitconfig');
    // useConfigOnly: git must not guess an identity from the host name.
    writeFileSync(config, '[user]\n\tuseConfigOnly = true\n');
    const result = await cliWith({ GIT_CONFIG_GLOBAL: config }, dir, 'new', 'demo', '--yes', '--skip-install');
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('without a commit: git does not know who you are; set user.name and user.email, then `git add -A && git commit`.');
    const head = await execa('git', ['rev-parse', '--verify', 'HEAD'], { cwd: path.join(dir, 'demo'), reject: false, env: { GIT_CONFIG_GLOBAL: config } });
    expect(head.exitCode).not.toBe(0);
    expect((await execa('git', ['symbolic-ref', 'HEAD'], { cwd: path.join(dir, 'demo') })).stdout).toBe('refs/heads/main');
  });

  it('--no-git leaves the workspace without a repository', async () => {
    const dir = newDir();
    const result = await cli(dir, 'new', 'demo', '--yes', '--skip-install', '--no-git');
    expect(result.exitCode, result.all).toBe(0);
    expect(listFiles(path.join(dir, 'demo'))).toContain('Cargo.toml');
    expect(result.all).not.toContain('Initialized a git repository');
    const git = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: path.join(dir, 'demo'), reject: false });
    expect(git.exitCode).toBe(128);
    expect(git.stderr).toContain('not a git repository');
  });

  it('inside an existing git repository, writes the workspace as a folder of it (no nested repository)', async () => {
    const dir = newDir();
    await execa('git', ['init', '--quiet'], { cwd: dir });
    const result = await cli(dir, 'new', 'demo', '--yes', '--skip-install');
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).not.toContain('Initialized a git repository');
    expect(existsSync(path.join(dir, 'demo', '.git'))).toBe(false);
    const status = await execa('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir });
    expect(status.stdout).toContain('demo/Cargo.toml');
  });

  it('run twice: reports every file identical and changes nothing', async () => {
    const dir = newDir();
    await cli(dir, 'new', 'demo', '--yes', '--skip-install', '--no-git');
    const before = snapshot(path.join(dir, 'demo'));
    const again = await cli(dir, 'new', 'demo', '--yes', '--skip-install', '--no-git');
    expect(again.exitCode, again.stderr).toBe(0);
    const statuses = (again.all ?? '')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([status, file]) => ['identical', 'create', 'force', 'conflict', 'skip'].includes(status ?? '') && file?.startsWith('demo/'));
    const files = Object.keys(before).filter((f) => f !== '.yo-rc.json');
    expect(statuses.filter(([, file]) => file !== 'demo/.yo-rc.json').map(([status]) => status)).toEqual(files.map(() => 'identical'));
    expect(snapshot(path.join(dir, 'demo'))).toEqual(before);
  });

  it('after a user edit, a --yes run fails naming the file and keeps the edit', async () => {
    const dir = newDir();
    await cli(dir, 'new', 'demo', '--yes', '--skip-install', '--no-git');
    const handler = path.join(dir, 'demo/lambdas/get-item/src/handler.rs');
    writeFileSync(handler, `${readFileSync(handler, 'utf8')}// my change\n`);
    const before = snapshot(path.join(dir, 'demo'));
    const result = await cli(dir, 'new', 'demo', '--yes', '--skip-install', '--no-git');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('lambdas/get-item/src/handler.rs');
    expect(result.stderr).toContain('--force');
    expect(snapshot(path.join(dir, 'demo'))).toEqual(before);
  });

  it('--dry-run writes nothing', async () => {
    const dir = newDir();
    const result = await cli(dir, 'new', 'demo', '--yes', '--skip-install', '--dry-run');
    expect(result.exitCode, result.stderr).toBe(0);
    // What it would write is listed: the run planned the whole workspace.
    for (const file of ['demo/Cargo.toml', 'demo/lambdas/get-item/src/handler.rs', 'demo/infra/lib/api-stack.ts'])
      expect(result.all).toContain(`create ${file}`);
    expect(listFiles(dir)).toEqual([]);
  });
});

describe('free text reaches every file in the escaping of its language', () => {
  const description = "Bob's API & <friends> — ünïcode, 100% {not} a template ${x}";
  const name = 'abcdefghij-klmnopqrs-tuv'; // the longest name allowed: 24 characters

  it.each(['cdk', 'sam', 'terraform'])('%s: the description reads back as typed, and no file holds an HTML escape', async (iac) => {
    const dir = newDir();
    const result = await cli(dir, 'new', name, '--yes', '--skip-install', '--no-git', '--iac', iac, '--description', description);
    expect(result.exitCode, result.all).toBe(0);
    const files = snapshot(path.join(dir, name));
    for (const [file, contents] of Object.entries(files)) expect(contents, file).not.toMatch(/&#39;|&amp;|&lt;|&gt;|&#34;/);
    // Markdown: the `<` escaped so that it is not a tag; everything else as typed.
    expect(files['README.md']).toContain("Bob's API & \\<friends> — ünïcode, 100% {not} a template ${x}");
    expect(JSON.parse(files['.yo-rc.json']!)['generator-serverless-api'].description).toBe(description);
    if (iac === 'cdk') {
      // The TypeScript compiler reads the stack description back.
      const ts = await import('typescript');
      const source = ts.createSourceFile('app.ts', files['infra/bin/app.ts']!, ts.ScriptTarget.ES2022);
      const found: string[] = [];
      const visit = (node: import('typescript').Node): void => {
        if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'description' && ts.isStringLiteral(node.initializer))
          found.push(node.initializer.text);
        ts.forEachChild(node, visit);
      };
      visit(source);
      expect(found).toEqual([description]);
    }
    if (iac === 'sam') {
      const { parse } = await import('yaml');
      expect(parse(files['template.yaml']!, { logLevel: 'silent' }).Description).toBe(description);
    }
  });
});

describe('the code cache of the bundle (bin/serverless-api.ts)', () => {
  /**
   * The built CLI copied into a package folder of its own (its node_modules and templates/
   * linked), so that its cache is this test's alone: other tests run the CLI meanwhile.
   */
  function copyOfTheCli(): { bin: string; cache: string } {
    const pkg = mkdtempSync(path.join(tmpdir(), 'sa-cache-'));
    mkdirSync(path.join(pkg, 'dist/bin'), { recursive: true });
    mkdirSync(path.join(pkg, 'dist/lib'));
    for (const file of ['dist/bin/serverless-api.js', 'dist/bin/cli.cjs', 'dist/lib/timings.js', 'package.json'])
      copyFileSync(path.join(REPO_ROOT, file), path.join(pkg, file));
    for (const dir of ['node_modules', 'templates', 'schemas']) symlinkSync(path.join(REPO_ROOT, dir), path.join(pkg, dir));
    return { bin: path.join(pkg, 'dist/bin/serverless-api.js'), cache: path.join(pkg, 'dist/bin/cli.cjs.cache') };
  }

  /** Runs `--version` with phase marks; returns how the bundle was compiled. */
  async function version(bin: string, env: Record<string, string> = {}): Promise<string> {
    const result = await execa('node', [bin, '--version'], { reject: false, env: { SERVERLESS_API_TIMINGS: '1', ...env } });
    expect([result.exitCode, result.stdout]).toEqual([0, JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version]);
    const marks = JSON.parse(/SERVERLESS_API_TIMINGS (.*)/.exec(result.stderr)?.[1] ?? '{}') as Record<string, number>;
    return Object.keys(marks).find((mark) => mark.startsWith('bundle-')) ?? 'no mark';
  }

  const key = () => `${createHash('sha1').update(readFileSync(BUNDLE)).digest('hex')} ${process.version} ${process.arch}\n`;

  it('is written by the first command, for this bundle, Node and CPU, and used by the next', async () => {
    const { bin, cache } = copyOfTheCli();
    expect(await version(bin)).toBe('bundle-compiled');
    expect(readFileSync(cache).subarray(0, key().length).toString('latin1')).toBe(key());
    const written = readFileSync(cache);
    expect(await version(bin)).toBe('bundle-from-cache');
    expect(readFileSync(cache).equals(written), 'a cache in use is not written again').toBe(true);
    expect(
      readdirSync(path.dirname(cache)).filter((f) => f.includes('.cache.')),
      'no temporary file left',
    ).toEqual([]);
  });

  it('of another bundle, or that V8 refuses, is not used, and is written again', async () => {
    const { bin, cache } = copyOfTheCli();
    writeFileSync(cache, `${'0'.repeat(40)} ${process.version} ${process.arch}\nwhatever`);
    expect(await version(bin)).toBe('bundle-compiled');
    expect(readFileSync(cache).subarray(0, key().length).toString('latin1')).toBe(key());
    // This bundle's key, and data that is not V8's: V8 rejects it.
    writeFileSync(cache, Buffer.concat([Buffer.from(key(), 'latin1'), Buffer.alloc(4096, 7)]));
    expect(await version(bin)).toBe('bundle-compiled');
    expect(await version(bin)).toBe('bundle-from-cache');
  });

  it('made for another bundle of the same length is not run: the new code runs (V8 alone would accept it)', async () => {
    const { bin, cache } = copyOfTheCli();
    expect(await version(bin)).toBe('bundle-compiled');
    expect(existsSync(cache)).toBe(true);
    // One byte of the bundle changed, its length kept: the help the old code printed must not come back.
    const bundle = path.join(path.dirname(bin), 'cli.cjs');
    const text = readFileSync(bundle, 'latin1');
    const old = 'Generates and extends Rust HTTP APIs';
    expect(text.split(old)).toHaveLength(2);
    writeFileSync(bundle, text.replace(old, `g${old.slice(1)}`), 'latin1');
    expect(statSync(bundle).size).toBe(Buffer.byteLength(text, 'latin1'));
    const help = await execa('node', [bin, '--help'], { reject: false, env: { SERVERLESS_API_TIMINGS: '1' } });
    expect(help.stdout).toContain(`g${old.slice(1)}`);
    expect(help.stderr).toContain('bundle-compiled');
  });

  it('says how to build the bundle when it is missing (tsc alone does not write it)', async () => {
    const { bin } = copyOfTheCli();
    rmSync(path.join(path.dirname(bin), 'cli.cjs'));
    const result = await execa('node', [bin, '--version'], { reject: false });
    expect([result.exitCode, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toBe(
      `Error: ${path.join(path.dirname(bin), 'cli.cjs')} is missing: build the package with \`npm run build\` (tsc, then scripts/bundle.mjs)`,
    );
  });

  it('is neither read nor written with SERVERLESS_API_CODE_CACHE=0; one that cannot be written is no error', async () => {
    const { bin, cache } = copyOfTheCli();
    expect(await version(bin, { SERVERLESS_API_CODE_CACHE: '0' })).toBe('bundle-compiled');
    expect(existsSync(cache)).toBe(false);
    // A folder where the cache would go (a read-only folder stops no one as root): it can be
    // neither read nor replaced.
    mkdirSync(cache);
    expect(await version(bin)).toBe('bundle-compiled');
    expect(statSync(cache).isDirectory()).toBe(true);
    expect(
      readdirSync(path.dirname(cache)).filter((f) => f.includes('.cache.')),
      'no temporary file left',
    ).toEqual([]);
  });
});
