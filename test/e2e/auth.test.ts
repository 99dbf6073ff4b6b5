/**
 * Authentication and CORS, proven by each flavour's own tools and held alike across the three:
 * for an HTTP API with a JWT issuer and two origins, a REST API with a Cognito user pool and one
 * origin, an HTTP API authorized by IAM, and a REST API authorized by IAM with one origin, each with a public route, a scoped route and an IAM
 * route added: cdk-nag + the stack's tests + synth, cfn-lint + sam validate --lint + checkov, and
 * tofu fmt/validate + tflint + checkov are clean; every route asks the same of its caller in the
 * three (CDK's synthesized template, SAM's translation, the parsed Terraform), CORS preflight
 * never needs a token; and the handlers' tests answer 200, 401 and 403 from sample events with
 * claims, in both payload formats, and a created category records its creator; `check` finds
 * every route as recorded.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/generators.js';
import { cdkAuthorization, samAuthorization, terraformAuthorization } from '../helpers/auth-model.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { cdkChecks, generate, samChecks, terraformChecks } from '../helpers/workspace.js';

const ROOT = path.join(E2E_DIR, 'auth');
const ISSUER = 'https://login.example.com/realms/shop';

const VARIANTS = {
  'http-jwt': [
    '--api',
    'http',
    '--auth',
    'jwt',
    '--jwt-issuer',
    ISSUER,
    '--jwt-audience',
    'web,cli',
    '--cors',
    'https://shop.example.com,http://localhost:3000',
  ],
  'rest-cognito': ['--api', 'rest', '--auth', 'cognito', '--cors', 'https://shop.example.com'],
  'http-iam': ['--api', 'http', '--auth', 'iam'],
  // IAM on a REST API, with CORS: preflight needs no signature, and API Gateway (not the caller)
  // invokes the functions.
  'rest-iam': ['--api', 'rest', '--auth', 'iam', '--cors', 'https://shop.example.com'],
} as const;
type Variant = keyof typeof VARIANTS;

const ADDED = [
  ['GET', '/status', '--auth', 'none'],
  ['GET', '/reports', '--auth', 'scopes:shop/reports.read,shop/reports.all'],
  ['GET', '/internal', '--auth', 'iam'],
];

describe.each(Object.keys(VARIANTS) as Variant[])('authentication, %s', (variant) => {
  const names = { cdk: `auth-cdk-${variant}`, sam: `auth-sam-${variant}`, tf: `auth-tf-${variant}` };
  const dirs = { cdk: '', sam: '', tf: '' };
  const scoped = !variant.endsWith('-iam');

  beforeAll(async () => {
    const flags = [...VARIANTS[variant], '--resource', 'category'];
    dirs.cdk = await generate(ROOT, names.cdk, '--iac', 'cdk', ...flags);
    dirs.sam = await generate(ROOT, names.sam, '--iac', 'sam', ...flags, '--skip-install');
    dirs.tf = await generate(ROOT, names.tf, '--iac', 'terraform', ...flags, '--skip-install');
    for (const dir of Object.values(dirs)) {
      // Scopes need a JWT or user pool authorizer: an IAM API takes the public and IAM routes only.
      for (const route of ADDED.filter((r) => scoped || !r[3]!.startsWith('scopes:'))) await tool(dir, 'node', [CLI, 'route', ...route, '--yes']);
    }
  });

  it("passes each flavour's validators (cdk-nag and the stack's tests; cfn-lint, sam validate, checkov; tofu, tflint, checkov) and check", async () => {
    await cdkChecks(dirs.cdk, names.cdk);
    await samChecks(dirs.sam);
    await terraformChecks(path.join(dirs.tf, 'infra'));
    // check's auth rule reads each flavour's files as generated: every route as recorded.
    for (const dir of Object.values(dirs)) expect(await tool(dir, 'node', [CLI, 'check'])).toContain('ok    auth');
  });

  it('asks the same of every caller in the three flavours, and nothing of a preflight', async () => {
    const template = path.join(
      dirs.cdk,
      'infra/cdk.out',
      `${names.cdk
        .split('-')
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('')}Stack-dev.template.json`,
    );
    const cdk = cdkAuthorization(template);
    const api = variant.startsWith('rest') ? 'rest' : 'http';
    const own =
      variant === 'http-jwt' ? { type: 'jwt', issuer: ISSUER, audience: ['cli', 'web'] } : variant === 'rest-cognito' ? { type: 'user-pool' } : { type: 'iam' };
    expect(cdk.routes['POST /categories']).toEqual({ ...own, scopes: [] });
    expect(cdk.routes['GET /status']).toEqual({ type: 'none', scopes: [] });
    expect(cdk.routes['GET /internal']).toEqual({ type: 'iam', scopes: [] });
    if (scoped) expect(cdk.routes['GET /reports']).toEqual({ ...own, scopes: ['shop/reports.all', 'shop/reports.read'] });
    expect(Object.keys(cdk.routes)).toHaveLength(scoped ? 8 : 7);
    if (variant === 'http-jwt') expect(cdk.cors).toEqual({ origins: ['http://localhost:3000', 'https://shop.example.com'] });
    if (variant === 'rest-cognito') {
      // Preflight on every route path, without authorization (the CDK adds it on every resource).
      expect(cdk.cors?.origins).toEqual(['https://shop.example.com']);
      for (const p of ['/categories', '/categories/{id}', '/status', '/reports', '/internal']) expect(cdk.cors?.preflight).toContain(p);
    }
    if (variant === 'rest-iam') {
      expect(cdk.cors?.origins).toEqual(['https://shop.example.com']);
      for (const p of ['/categories', '/categories/{id}', '/status', '/internal']) expect(cdk.cors?.preflight).toContain(p);
    }
    if (variant === 'http-iam') expect(cdk.cors).toBeUndefined();
    // No integration invokes a function with the caller's credentials (SAM's default InvokeRole
    // on IAM methods): API Gateway invokes it under the function's resource policy.
    expect(Object.values(cdk.routes).filter((r) => r.credentials)).toEqual([]);

    const sam = await samAuthorization(path.join(dirs.sam, 'template.yaml'));
    const tf = await terraformAuthorization(path.join(dirs.tf, 'infra'));
    expect(sam.routes).toEqual(cdk.routes);
    expect(tf.routes).toEqual(cdk.routes);
    // The CDK answers preflight on every resource, SAM and Terraform on each route's path: the
    // same for every path a browser calls.
    const routePaths = [...new Set(Object.keys(cdk.routes).map((r) => r.split(' ')[1]!))].sort();
    for (const flavour of [sam, tf]) {
      expect(flavour.cors?.origins).toEqual(cdk.cors?.origins);
      if (api === 'rest') expect(routePaths.every((p) => flavour.cors?.preflight?.includes(p))).toBe(true);
    }
  });

  it("answers 200, 401 and 403 from sample events with the authorizer's context, and records who created a category (the handlers' and shared::auth's tests)", async () => {
    // A scoped route where there are scopes; the IAM route of the IAM API otherwise.
    const crate = scoped ? 'get-reports' : 'get-internal';
    // create-category records who created (its test asserts the sample caller), update-category keeps it.
    const out = await tool(dirs.sam, 'cargo', ['test', '-p', crate, '-p', 'shared', '-p', 'create-category', '-p', 'update-category']);
    expect(out).toMatch(/stores_what_it_returns \.\.\. ok/);
    expect(out).toMatch(/replaces_the_stored_category \.\.\. ok/);
    expect(out).toMatch(/event_ok_answers_200 \.\.\. ok/);
    expect(out).toMatch(/event_unauthenticated_answers_401 \.\.\. ok/);
    if (scoped) expect(out).toMatch(/event_missing_scope_answers_403 \.\.\. ok/);
    expect(out).toMatch(/auth::tests::answers_401_without_a_principal_and_403_without_a_scope \.\.\. ok/);
    expect(out).not.toMatch(/FAILED|panicked/);
  });
});
