/**
 * Every golden case, by name: the tests of `new` and of the additions take theirs from here, and
 * `files.test.ts` holds the files of `cases/` to exactly these names (no golden without a case,
 * no case without its golden).
 */
import { REPO_ROOT } from '../helpers/generators.js';
import path from 'node:path';
import { IAC_IDS } from '../../lib/types.js';

export const NEW_CASES = IAC_IDS.flatMap((iac) =>
  (['http', 'rest'] as const).flatMap((api) =>
    [true, false].map((resource) => ({ iac, api, resource, name: `new-${iac}-${api}-${resource ? 'resource' : 'no-resource'}` })),
  ),
);

/** With an authorizer: a JWT issuer and two CORS origins on HTTP APIs, a Cognito user pool and one origin on REST APIs. */
export const AUTH_CASES = IAC_IDS.flatMap((iac) => [
  { iac, name: `new-${iac}-http-jwt`, flags: ['--api', 'http', '--auth', 'jwt', '--jwt-issuer', 'https://login.example.com/realms/shop', '--jwt-audience', 'web,cli', '--cors', 'https://shop.example.com,http://localhost:3000'] },
  { iac, name: `new-${iac}-rest-cognito`, flags: ['--api', 'rest', '--auth', 'cognito', '--cors', 'https://shop.example.com'] },
]);

/** Typed fields with an index and a sort key under IAM, and a workspace of a preset. */
export const MORE_CASES = [
  {
    name: 'new-sam-rest-iam-typed',
    flags: ['--iac', 'sam', '--api', 'rest', '--auth', 'iam', '--resource', 'book', '--fields', 'title:string(80), pages:integer?, price:number, published:boolean, tags:string(20)[], released:date, at:datetime?, status:enum(draft,live)', '--index', 'status:price', '--sort-key', 'released:desc'],
  },
  { name: 'new-terraform-preset', flags: ['--preset', path.join(REPO_ROOT, 'examples/presets/acme')] },
];

export const ADDITION_CASES = IAC_IDS.flatMap((iac) => (['http', 'rest'] as const).map((api) => ({ iac, api, name: `add-${iac}-${api}` })));

export const FUNCTION_CASES = IAC_IDS;

/** The name of every golden case. */
export const CASE_NAMES = [
  ...NEW_CASES.map((c) => c.name),
  ...AUTH_CASES.map((c) => c.name),
  ...MORE_CASES.map((c) => c.name),
  ...ADDITION_CASES.map((c) => c.name),
  'add-edited-cargo',
  ...FUNCTION_CASES.map((iac) => `function-${iac}`),
];
