/**
 * The AWS CDK flavour: a TypeScript CDK app in `infra/`. The stack (`lib/api-stack.ts`) is the
 * user's; it loops over `lib/manifest.ts`, which the generator renders again on every addition.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type FileSpec, NEW, REGENERATE, type UpdateStrategy } from '../../file-spec.js';
import type { Model, ResourceModel } from '../../model.js';
import { streamed } from '../../triggers/dynamodb-stream.js';
import { prettierTsLiteral } from '../../json-format.js';
import { PRETTIER_OPTIONS } from '../../render.js';
import { templateData } from '../../template-data.js';
import { DEFAULT_STAGE } from '../../stage.js';
import {
  type DeployedAuth,
  type DeployedFunction,
  type Flavour,
  type FlavourParts,
  type RenderedParts,
  defineFlavour,
  renderParts,
  LOG_ACTIONS,
  REST_ENDPOINT_TYPE,
  accessLogFields,
  defaultTags,
  restGatewayResponses,
} from '../flavour.js';
import { routeKey } from '../../routes.js';
import { MANIFEST_GROUPS, type ManifestEntry } from './manifest-entry.js';
import { CDK_TRIGGERS } from './triggers/index.js';
import { LISTED_ATTRIBUTE } from '../../fields.js';

/** The manifest's settings of the workspace as a whole: the CDK's API part (the stack renders the API from them). */
interface ManifestSettings {
  project: string;
  architecture: string;
  memorySize: number;
  timeoutSeconds: number;
  auth?: Model['config']['auth'];
  cors?: Model['config']['cors'];
}

/** The CDK's parts: entries of the manifest (`infra/lib/manifest.ts`) that the stack loops over. */
const CDK_PARTS: FlavourParts<ManifestSettings, Record<string, unknown>, Record<string, unknown>, ManifestEntry> = {
  api: ({ project, config }) => ({
    project,
    architecture: config.arch,
    memorySize: config.memory,
    timeoutSeconds: config.timeout,
    ...(config.auth.kind !== 'none' ? { auth: config.auth } : {}),
    ...(config.cors ? { cors: config.cors } : {}),
  }),
  table: (model, r) => ({
    resource: r.name,
    id: r.tableId,
    env: r.tableEnv,
    partitionKey: 'id',
    ...(streamed(model, r.name) ? { stream: true } : {}),
    ...(r.index
      ? {
          index: {
            name: r.index.name,
            partitionKey: r.index.partition,
            ...(r.index.sort ? { sortKey: r.index.sort } : {}),
            ...(r.index.numeric ? { numericSortKey: true } : {}),
          },
        }
      : {}),
    ...(r.sortKey
      ? { sorted: { name: r.sortKey.name, partitionKey: LISTED_ATTRIBUTE, sortKey: r.sortKey.field, ...(r.sortKey.numeric ? { numericSortKey: true } : {}) } }
      : {}),
  }),
  route: ({ config }, route) => ({
    name: route.name,
    method: route.method,
    path: route.path,
    ...(route.resource ? { resource: route.resource } : {}),
    actions: route.actions,
    ...(route.memory !== undefined ? { memorySize: route.memory } : {}),
    ...(route.timeout !== undefined ? { timeoutSeconds: route.timeout } : {}),
    ...(config.auth.kind !== 'none' ? { auth: route.authorization } : {}),
  }),
  triggers: CDK_TRIGGERS,
};

/** The manifest of the parts: the settings, the tables, the routes' functions, a list per kind of other function, then the API's auth and CORS. */
function manifestOf({ api, tables, routes, functions }: RenderedParts<ManifestSettings, Record<string, unknown>, Record<string, unknown>, ManifestEntry>) {
  const { auth, cors, ...settings } = api;
  return {
    ...settings,
    tables,
    functions: routes,
    ...Object.fromEntries(MANIFEST_GROUPS.map((group) => [group, functions.filter(([g]) => g === group).map(([, entry]) => entry)])),
    ...(auth ? { auth } : {}),
    ...(cors ? { cors } : {}),
  };
}

/** The generator-owned description of functions and tables that the CDK stack loops over. */
export function cdkManifest(model: Model) {
  return manifestOf(renderParts(CDK_PARTS, model));
}

/** The members of the CDK's `logs.RetentionDays` enum, by their number of days. */
const RETENTION_DAYS: Readonly<Record<number, string>> = {
  1: 'ONE_DAY',
  3: 'THREE_DAYS',
  5: 'FIVE_DAYS',
  7: 'ONE_WEEK',
  14: 'TWO_WEEKS',
  30: 'ONE_MONTH',
  60: 'TWO_MONTHS',
  90: 'THREE_MONTHS',
  120: 'FOUR_MONTHS',
  150: 'FIVE_MONTHS',
  180: 'SIX_MONTHS',
  365: 'ONE_YEAR',
  400: 'THIRTEEN_MONTHS',
  545: 'EIGHTEEN_MONTHS',
  731: 'TWO_YEARS',
  1096: 'THREE_YEARS',
  1827: 'FIVE_YEARS',
  2192: 'SIX_YEARS',
  2557: 'SEVEN_YEARS',
  2922: 'EIGHT_YEARS',
  3288: 'NINE_YEARS',
  3653: 'TEN_YEARS',
};

export function cdkRetention(days: number): string {
  const member = RETENTION_DAYS[days];
  if (!member) throw new Error(`no logs.RetentionDays member for ${days} days`);
  return `logs.RetentionDays.${member}`;
}

/** The manifest's statement as prettier prints it, when lib/json-format.ts can (else prettier's to print). */
const MANIFEST_PREFIX = 'export const manifest: Manifest = ';

/** Free text in a TypeScript string that prettier prints as it is, on a line of `width` characters at most. */
const plainTsText = (text: string, width: number) => /^[\x20-\x7e]*$/.test(text) && !/['"\\`]|\$\{/.test(text) && text.length <= width;

function files(model: Model, parts: RenderedParts<ManifestSettings, Record<string, unknown>, Record<string, unknown>, ManifestEntry>): FileSpec[] {
  const manifest = manifestOf(parts);
  const statement = prettierTsLiteral(MANIFEST_PREFIX, manifest);
  const data = {
    ...templateData(model),
    manifestStatement: statement?.trimEnd() ?? `${MANIFEST_PREFIX}${JSON.stringify(manifest)};`,
    retention: cdkRetention(model.policy.logRetentionDays),
    /** The fields of the API's access log, as every flavour logs them. */
    accessLog: accessLogFields(model.config.api),
    restEndpointType: REST_ENDPOINT_TYPE,
    gatewayResponses: restGatewayResponses(model.config.cors),
    /** The default tags the policy's tags do not replace (the stage's value is the app's). */
    defaultTags: defaultTags(model.project, '', 'cdk').filter(([key]) => !(key in model.policy.tags)),
  };
  // The templates render as prettier prints them (test/unit/formatted.test.ts), but for values
  // prettier may print otherwise: the manifest where lib/json-format.ts cannot print it, the
  // description with quotes or past its line, and the preset's tags.
  const file = (path: string, template: string, update: UpdateStrategy = NEW, formatted = true): FileSpec => ({ path, template, data, update, formatted });
  const appFormatted = plainTsText(model.config.description, 120 - "  description: '',".length) && Object.keys(model.policy.tags).length === 0;
  return [
    file('infra/package.json', 'iac/cdk/infra/package.json.ejs'),
    file('infra/tsconfig.json', 'iac/cdk/infra/tsconfig.json'),
    file('infra/cdk.json', 'iac/cdk/infra/cdk.json.ejs'),
    file('infra/vitest.config.ts', 'iac/cdk/infra/vitest.config.ts'),
    {
      path: 'infra/.prettierrc.json',
      contents: JSON.stringify({ singleQuote: PRETTIER_OPTIONS.singleQuote, printWidth: PRETTIER_OPTIONS.printWidth }),
      update: NEW,
    },
    file('infra/bin/app.ts', 'iac/cdk/infra/bin/app.ts.ejs', NEW, appFormatted),
    file('infra/lib/api-stack.ts', 'iac/cdk/infra/lib/api-stack.ts.ejs'),
    file('infra/lib/manifest.ts', 'iac/cdk/infra/lib/manifest.ts.ejs', REGENERATE, statement !== undefined),
    file('infra/test/api-stack.test.ts', 'iac/cdk/infra/test/api-stack.test.ts.ejs'),
  ];
}

export const cdk: Flavour = defineFlavour({
  id: 'cdk',
  choice: 'AWS CDK (TypeScript)',
  label: 'the AWS CDK (TypeScript)',
  ignored: ['infra/node_modules/', 'infra/cdk.out/'],
  layout: 'infra/              AWS CDK app: bin/app.ts, lib/api-stack.ts, lib/manifest.ts (routes), test/',
  summary: 'a CDK app in infra/',
  parts: CDK_PARTS,
  assemble: files,
  refuses: (root, before, after) => {
    // The stack is the user's: one edited, or made by a build before indexes (or sort keys),
    // ignores them. (A workspace of an older version is refused before: upgrade merges the stack.)
    const stack = path.join(root, 'infra/lib/api-stack.ts');
    const added = (has: (r: ResourceModel) => boolean) =>
      after.resources.filter((r) => has(r) && !before.resources.some((b) => b.name === r.name && has(b))).map((r) => r.name);
    const [indexed, sorted, numeric] = [
      added((r) => r.index !== undefined),
      added((r) => r.sortKey !== undefined),
      added((r) => r.indexes.some((i) => i.numeric)),
    ];
    if ((indexed.length === 0 && sorted.length === 0) || !existsSync(stack)) return undefined;
    const text = readFileSync(stack, 'utf8');
    if (indexed.length > 0 && !text.includes('addGlobalSecondaryIndex')) {
      return `infra/lib/api-stack.ts has no addGlobalSecondaryIndex (edited, or older than indexes), so the index of ${indexed.join(', ')} would not be deployed. Add it as the generator's stack does (\`serverless-api render --out <folder>\` writes that stack), or add the resource without --index`;
    }
    if (sorted.length > 0 && !text.includes('spec.sorted')) {
      return `infra/lib/api-stack.ts never reads spec.sorted (edited, or older than sort keys), so the sorted index of ${sorted.join(', ')} would not be deployed. Add it as the generator's stack does (\`serverless-api render --out <folder>\` writes that stack), or add the resource without --sort-key`;
    }
    if (numeric.length > 0 && !text.includes('numericSortKey')) {
      return `infra/lib/api-stack.ts never reads numericSortKey (edited, or older than number sort keys), so it would deploy the number sort key of ${numeric.join(', ')} as a string. Add it as the generator's stack does (\`serverless-api render --out <folder>\` writes that stack), or sort by a string field`;
    }
    return undefined;
  },
  install: {
    dir: 'infra',
    command: 'npm',
    args: ['install', '--no-audit', '--no-fund', '--loglevel=error'],
    message: "Installing the CDK app's dependencies (npm install in infra/)…",
  },
  output: (name) => `<${{ 'api-url': 'ApiUrl', 'user-pool-id': 'UserPoolId', 'user-pool-client-id': 'UserPoolClientId' }[name]} from the stack's outputs>`,
  deployStep: ({ installed }) =>
    `cd infra && ${installed ? '' : 'npm install && '}npm test && npx cdk deploy   # the stage ${DEFAULT_STAGE}; -c stage=prod for prod`,
  deployed: async (root) => cdkDeployed(root),
  authorization: async (root) => cdkAuthorization(root),
});

/**
 * The CDK app's functions, from the manifest its stack loops over (each role: its log actions and
 * the manifest's actions), and, under the name "", the IAM actions written as literals anywhere
 * else in the app's code (a grant a person added to the stack).
 */
/** Each route's `auth` in the manifest the stack deploys from (absent: the API is public). */
function cdkAuthorization(root: string): Record<string, DeployedAuth> {
  const file = 'infra/lib/manifest.ts';
  const manifest = existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : '';
  const routes: Record<string, DeployedAuth> = {};
  // One entry per function: from its `name:` to the next.
  for (const entry of manifest.split(/(?=\{\s*name:\s*')/).slice(1)) {
    const method = /\bmethod:\s*'([^']+)'/.exec(entry)?.[1];
    const routePath = /\bpath:\s*'([^']+)'/.exec(entry)?.[1];
    if (!method || !routePath) continue;
    const auth = /\bauth:\s*\{\s*type:\s*'(\w+)',\s*scopes:\s*\[([^\]]*)\]/.exec(entry);
    const type = auth?.[1] ?? 'none';
    const scopes = [...(auth?.[2] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
    routes[routeKey({ method: method.toUpperCase(), path: routePath })] = { type: type === 'none' || type === 'iam' ? type : 'authorizer', scopes, file };
  }
  return routes;
}

function cdkDeployed(root: string): DeployedFunction[] {
  const manifestFile = 'infra/lib/manifest.ts';
  const manifest = existsSync(path.join(root, manifestFile)) ? readFileSync(path.join(root, manifestFile), 'utf8') : '';
  const quoted = (list: string) => [...list.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
  const functions: DeployedFunction[] = [...manifest.matchAll(/\{\s*name:\s*'([^']+)'(?:(?!\bname:\s*')[\s\S])*?\bactions:\s*\[([^\]]*)\]/g)].map((m) => ({
    name: m[1] ?? '',
    actions: [...LOG_ACTIONS, ...quoted(m[2] ?? '')],
    file: manifestFile,
  }));
  for (const dir of ['infra/lib', 'infra/bin']) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    for (const file of readdirSync(full).filter((f) => f.endsWith('.ts') && `${dir}/${f}` !== manifestFile)) {
      const text = readFileSync(path.join(full, file), 'utf8');
      const literals = [...text.matchAll(/actions:\s*\[([^\]]*)\]/g)].flatMap((m) => quoted(m[1] ?? ''));
      // A construct's grant method (`table.grantReadWriteData(fn)`) names no action: each call, as written.
      const grantCalls = [...text.matchAll(/[\w.]+\.grant(?:[A-Z]\w*)?\([^)]*\)/g)].map((m) => m[0]);
      if (literals.length || grantCalls.length)
        functions.push({ name: '', actions: literals, file: `${dir}/${file}`, ...(grantCalls.length ? { grantCalls } : {}) });
    }
  }
  return functions;
}
