/**
 * `yo serverless-api` as a user gets it: the packed package and yo installed from the npm
 * registry into a folder of their own, yo finding the generator by its lookup. yo refuses to run
 * as root and switches to an ordinary user (uid 1000 on Linux), so the folders it uses are
 * opened to that user; under that user the toolchain's rustfmt is out of reach, which also
 * shows that the templates are rustfmt-clean as rendered.
 */
import { chmodSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/fs.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';
import { tool } from '../helpers/run.js';

// Under the system's temporary folder: the user yo switches to must reach it, wherever the
// repository is checked out.
const ROOT = path.join(tmpdir(), `serverless-api-yo-e2e-${process.getuid?.() ?? 0}`);

beforeAll(async () => {
  rmSync(ROOT, { recursive: true, force: true });
  for (const dir of ['', 'home', 'work', 'cli']) mkdirSync(path.join(ROOT, dir), { recursive: true });
  for (const dir of ['', 'home', 'work']) chmodSync(path.join(ROOT, dir), 0o777);
  await tool(REPO_ROOT, 'npm', ['pack', '--pack-destination', ROOT, '--ignore-scripts']);
  const tarball = readdirSync(ROOT).find((f) => f.endsWith('.tgz'));
  await tool(ROOT, 'npm', ['install', '--no-audit', '--no-fund', '--no-save', `./${tarball}`, 'yo@7']);
});

describe('yo serverless-api', () => {
  it("finds the installed generator and writes the same workspace as the package's own command", async () => {
    await tool(path.join(ROOT, 'work'), path.join(ROOT, 'node_modules', '.bin', 'yo'), ['serverless-api', 'demo', '--yes', '--skip-install', '--no-git'], {
      HOME: path.join(ROOT, 'home'),
    });
    await tool(path.join(ROOT, 'cli'), 'node', [CLI, 'new', 'demo', '--yes', '--skip-install', '--no-git']);
    const viaYo = snapshot(path.join(ROOT, 'work', 'demo'));
    expect(Object.keys(viaYo).length).toBeGreaterThan(40);
    expect(viaYo).toEqual(snapshot(path.join(ROOT, 'cli', 'demo')));
  });

  it('lists its options in --help', async () => {
    const help = await tool(path.join(ROOT, 'work'), path.join(ROOT, 'node_modules', '.bin', 'yo'), ['serverless-api', '--help'], {
      HOME: path.join(ROOT, 'home'),
    });
    for (const flag of ['--iac', '--api', '--resource', '--arch', '--memory', '--timeout', '--yes']) expect(help, flag).toContain(flag);
  });
});
