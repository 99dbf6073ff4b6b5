import path from 'node:path';
import { describe, it } from 'vitest';
import { expectGolden, rmSync, run, serialize, snapshot, tempDir } from './golden.js';

const CASES = (['cdk', 'sam', 'terraform'] as const).flatMap((iac) =>
  (['http', 'rest'] as const).flatMap((api) =>
    [true, false].map((resource) => ({ iac, api, resource, name: `new-${iac}-${api}-${resource ? 'resource' : 'no-resource'}` })),
  ),
);

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
});
