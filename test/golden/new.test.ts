import path from 'node:path';
import { describe, it } from 'vitest';
import { expectGolden, rmSync, run, serialize, snapshot, tempDir } from './golden.js';

const CASES = (['cdk', 'sam', 'terraform'] as const).flatMap((iac) =>
  (['http', 'rest'] as const).flatMap((api) =>
    [true, false].map((resource) => ({ iac, api, resource, name: `new-${iac}-${api}-${resource ? 'resource' : 'no-resource'}` })),
  ),
);

/** With an authorizer: a JWT issuer and two CORS origins on HTTP APIs, a Cognito user pool and one origin on REST APIs. */
const AUTH_CASES = (['cdk', 'sam', 'terraform'] as const).flatMap((iac) => [
  { iac, name: `new-${iac}-http-jwt`, flags: ['--api', 'http', '--auth', 'jwt', '--jwt-issuer', 'https://login.example.com/realms/shop', '--jwt-audience', 'web,cli', '--cors', 'https://shop.example.com,http://localhost:3000'] },
  { iac, name: `new-${iac}-rest-cognito`, flags: ['--api', 'rest', '--auth', 'cognito', '--cors', 'https://shop.example.com'] },
]);

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
});
