/**
 * The AWS CDK flavour: a TypeScript CDK app in `infra/`. The stack (`lib/api-stack.ts`) is the
 * user's; it loops over `lib/manifest.ts`, which the generator renders again on every addition.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type FileSpec, NEW, REGENERATE, type UpdateStrategy } from '../../file-spec.js';
import type { Model, ResourceModel } from '../../model.js';
import { PRETTIER_OPTIONS } from '../../render.js';
import { templateData } from '../../template-data.js';
import { DEFAULT_STAGE } from '../../stage.js';
import { type Flavour, defineFlavour, REST_ENDPOINT_TYPE, accessLogFields, defaultTags, restGatewayResponses } from '../flavour.js';
import { CDK_PARTS, type ManifestParts, manifestStatement } from './manifest.js';
import { manifestAuthorization, manifestDeployed } from './read.js';

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

/** Free text in a TypeScript string that prettier prints as it is, on a line of `width` characters at most. */
const plainTsText = (text: string, width: number) => /^[\x20-\x7e]*$/.test(text) && !/['"\\`]|\$\{/.test(text) && text.length <= width;

function files(model: Model, parts: ManifestParts): FileSpec[] {
  const statement = manifestStatement(parts);
  const data = {
    ...templateData(model),
    manifestStatement: statement.text,
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
    file('infra/lib/manifest.ts', 'iac/cdk/infra/lib/manifest.ts.ejs', REGENERATE, statement.formatted),
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
  deployed: async (root) => manifestDeployed(root, ['infra/lib', 'infra/bin']),
  authorization: async (root) => manifestAuthorization(root),
});
