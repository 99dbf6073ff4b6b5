/**
 * The AWS CDK flavour: a TypeScript CDK app in `infra/`. The stack (`lib/api-stack.ts`) is the
 * user's; it loops over `lib/manifest.ts`, which the generator renders again on every addition.
 */
import { type FileSpec, NEW, REGENERATE, type UpdateStrategy } from '../file-spec.js';
import type { Model } from '../model.js';
import { PRETTIER_OPTIONS } from '../render.js';
import { templateData } from '../template-data.js';
import { DEFAULT_STAGE } from '../stage.js';
import type { Flavour } from './flavour.js';

/** The generator-owned description of functions and tables that the CDK stack loops over. */
export function cdkManifest(model: Model) {
  const { config } = model;
  return {
    project: model.project,
    architecture: config.arch,
    memorySize: config.memory,
    timeoutSeconds: config.timeout,
    tables: model.resources.map((r) => ({ resource: r.name, id: r.tableId, env: r.tableEnv, partitionKey: 'id' })),
    functions: model.routes.map((route) => ({
      name: route.name,
      method: route.method,
      path: route.path,
      ...(route.resource ? { resource: route.resource } : {}),
      actions: route.actions,
      ...(route.memory !== undefined ? { memorySize: route.memory } : {}),
      ...(route.timeout !== undefined ? { timeoutSeconds: route.timeout } : {}),
    })),
  };
}

/** The members of the CDK's `logs.RetentionDays` enum, by their number of days. */
const RETENTION_DAYS: Readonly<Record<number, string>> = {
  1: 'ONE_DAY', 3: 'THREE_DAYS', 5: 'FIVE_DAYS', 7: 'ONE_WEEK', 14: 'TWO_WEEKS', 30: 'ONE_MONTH', 60: 'TWO_MONTHS',
  90: 'THREE_MONTHS', 120: 'FOUR_MONTHS', 150: 'FIVE_MONTHS', 180: 'SIX_MONTHS', 365: 'ONE_YEAR', 400: 'THIRTEEN_MONTHS',
  545: 'EIGHTEEN_MONTHS', 731: 'TWO_YEARS', 1096: 'THREE_YEARS', 1827: 'FIVE_YEARS', 2192: 'SIX_YEARS',
  2557: 'SEVEN_YEARS', 2922: 'EIGHT_YEARS', 3288: 'NINE_YEARS', 3653: 'TEN_YEARS',
};

export function cdkRetention(days: number): string {
  const member = RETENTION_DAYS[days];
  if (!member) throw new Error(`no logs.RetentionDays member for ${days} days`);
  return `logs.RetentionDays.${member}`;
}

function files(model: Model): FileSpec[] {
  const data = { ...templateData(model), manifest: cdkManifest(model), retention: cdkRetention(model.policy.logRetentionDays) };
  const file = (path: string, template: string, update: UpdateStrategy = NEW): FileSpec => ({ path, template, data, update });
  return [
    file('infra/package.json', 'iac/cdk/infra/package.json.ejs'),
    file('infra/tsconfig.json', 'iac/cdk/infra/tsconfig.json'),
    file('infra/cdk.json', 'iac/cdk/infra/cdk.json.ejs'),
    file('infra/vitest.config.ts', 'iac/cdk/infra/vitest.config.ts'),
    { path: 'infra/.prettierrc.json', contents: JSON.stringify({ singleQuote: PRETTIER_OPTIONS.singleQuote, printWidth: PRETTIER_OPTIONS.printWidth }), update: NEW },
    file('infra/bin/app.ts', 'iac/cdk/infra/bin/app.ts.ejs'),
    file('infra/lib/api-stack.ts', 'iac/cdk/infra/lib/api-stack.ts.ejs'),
    file('infra/lib/manifest.ts', 'iac/cdk/infra/lib/manifest.ts.ejs', REGENERATE),
    file('infra/test/api-stack.test.ts', 'iac/cdk/infra/test/api-stack.test.ts.ejs'),
  ];
}

export const cdk: Flavour = {
  id: 'cdk',
  choice: 'AWS CDK (TypeScript)',
  label: 'the AWS CDK (TypeScript)',
  ignored: ['infra/node_modules/', 'infra/cdk.out/'],
  layout: 'infra/              AWS CDK app: bin/app.ts, lib/api-stack.ts, lib/manifest.ts (routes), test/',
  summary: 'a CDK app in infra/',
  files,
  install: {
    dir: 'infra',
    command: 'npm',
    args: ['install', '--no-audit', '--no-fund', '--loglevel=error'],
    message: "Installing the CDK app's dependencies (npm install in infra/)…",
  },
  deployStep: ({ installed }) => `cd infra && ${installed ? '' : 'npm install && '}npm test && npx cdk deploy   # the stage ${DEFAULT_STAGE}; -c stage=prod for prod`,
};
