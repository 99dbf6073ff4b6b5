import path from 'node:path';
import { describe, it } from 'vitest';
import { REPO_ROOT } from '../helpers/generators.js';
import { AUTH_CASES, MORE_CASES, NEW_CASES as CASES } from './cases.js';
import { expectGolden, rmSync, run, serialize, snapshot, tempDir } from './golden.js';

describe('golden output of `serverless-api new`', () => {
  it.each(CASES)('$name: every file and the summary, byte for byte', async ({ iac, api, resource, name }) => {
    const tmp = tempDir();
    try {
      const flags = ['--iac', iac, '--api', api, ...(resource ? ['--resource', 'book'] : ['--no-resource'])];
      // x86_64 and a memory/timeout of their own on REST, so that both values of each reach the output.
      if (api === 'rest') flags.push('--arch', 'x86_64', '--memory', '512', '--timeout', '20');
      const output = await run(tmp, tmp, 'new', 'shop', '--yes', '--skip-install', '--no-git', ...flags);
      await expectGolden(name, `${output}${serialize(snapshot(path.join(tmp, 'shop')))}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it.each(AUTH_CASES)('$name: every file and the summary, byte for byte', async ({ iac, name, flags }) => {
    const tmp = tempDir();
    try {
      const output = await run(tmp, tmp, 'new', 'shop', '--yes', '--skip-install', '--no-git', '--iac', iac, '--resource', 'book', ...flags);
      await expectGolden(name, `${output}${serialize(snapshot(path.join(tmp, 'shop')))}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it.each(MORE_CASES)('$name: every file and the summary, byte for byte', async ({ name, flags }) => {
    const tmp = tempDir();
    try {
      const output = await run(tmp, tmp, 'new', 'shop', '--yes', '--skip-install', '--no-git', ...flags);
      // The preset's path is this checkout's: the golden says <repo>.
      await expectGolden(name, `${output}${serialize(snapshot(path.join(tmp, 'shop')))}`.split(REPO_ROOT).join('<repo>'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
