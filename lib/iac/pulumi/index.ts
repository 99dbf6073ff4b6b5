/**
 * The Pulumi flavour: a TypeScript Pulumi program in `infra/`. The program (`lib/api.ts`) is the
 * user's; it loops over `lib/manifest.ts`, the CDK's manifest with the settings the program needs,
 * which the generator renders again on every addition. A stack per stage (`Pulumi.<stage>.yaml`).
 */
import { type FileSpec, NEW, REGENERATE, type UpdateStrategy } from '../../file-spec.js';
import { prettierTsLiteral } from '../../json-format.js';
import type { Model } from '../../model.js';
import { PRETTIER_OPTIONS } from '../../render.js';
import { DEFAULT_STAGE, STAGES, STAGE_PATTERN } from '../../stage.js';
import { templateData } from '../../template-data.js';
import { SQS_CONSUME_ACTIONS } from '../../triggers/sqs.js';
import { DLQ_RETENTION_SECONDS, DLQ_SEND_ACTIONS } from '../../triggers/async.js';
import { ON_FAILURE_SEND_ACTIONS, STREAM_LIST_ACTION, STREAM_READ_ACTIONS } from '../../triggers/dynamodb-stream.js';
import { SCHEDULE_INVOKE_ACTIONS } from '../../triggers/schedule.js';
import { type Flavour, LOG_ACTIONS, accessLogFields, defaultTags, defineFlavour, restGatewayResponses, restPreflightHeaders } from '../flavour.js';
import { CDK_PARTS, type ManifestParts, manifestStatement } from '../cdk/manifest.js';
import { manifestAuthorization, manifestDeployed } from '../cdk/read.js';
import { PULUMI_TRIGGERS } from './triggers/index.js';

/** What the program needs beyond the manifest: the API's type and the policy's values. */
export function pulumiSettings(model: Model) {
  const { config, policy } = model;
  return {
    api: config.api,
    description: config.description,
    stagePattern: STAGE_PATTERN,
    logRetentionDays: policy.logRetentionDays,
    throttling: { rateLimit: policy.throttling.rateLimit, burstLimit: policy.throttling.burstLimit },
    accessLog: Object.fromEntries(accessLogFields(config.api)),
    gatewayResponses: config.api === 'rest' ? restGatewayResponses(config.cors) : [],
    preflightHeaders: config.api === 'rest' && config.cors ? restPreflightHeaders(config.cors) : [],
    actions: {
      logs: [...LOG_ACTIONS],
      consume: [...SQS_CONSUME_ACTIONS],
      streamRead: [...STREAM_READ_ACTIONS],
      streamList: STREAM_LIST_ACTION,
      onFailureSend: [...ON_FAILURE_SEND_ACTIONS],
      deadLetterSend: [...DLQ_SEND_ACTIONS],
      scheduleInvoke: [...SCHEDULE_INVOKE_ACTIONS],
    },
    deadLetterRetentionSeconds: DLQ_RETENTION_SECONDS,
  };
}

const SETTINGS_PREFIX = 'export const settings: Settings = ';

function files(model: Model, parts: ManifestParts): FileSpec[] {
  const manifest = manifestStatement(parts);
  const settings = prettierTsLiteral(SETTINGS_PREFIX, pulumiSettings(model));
  const data = {
    ...templateData(model),
    manifestStatement: manifest.text,
    settingsStatement: settings?.trimEnd() ?? `${SETTINGS_PREFIX}${JSON.stringify(pulumiSettings(model))};`,
  };
  const file = (path: string, template: string, update: UpdateStrategy = NEW, extra: Record<string, unknown> = {}): FileSpec => ({
    path,
    template: `iac/pulumi/infra/${template}`,
    data: { ...data, ...extra },
    update,
  });
  return [
    file('infra/package.json', 'package.json.ejs'),
    file('infra/tsconfig.json', 'tsconfig.json'),
    file('infra/vitest.config.ts', 'vitest.config.ts'),
    {
      path: 'infra/.prettierrc.json',
      contents: JSON.stringify({ singleQuote: PRETTIER_OPTIONS.singleQuote, printWidth: PRETTIER_OPTIONS.printWidth }),
      update: NEW,
    },
    file('infra/Pulumi.yaml', 'Pulumi.yaml.ejs'),
    ...STAGES.map((stage) =>
      file(`infra/Pulumi.${stage}.yaml`, 'Pulumi.stage.yaml.ejs', NEW, {
        stage,
        // The policy's tags after the default ones, whose values they may replace.
        tags: Object.entries({ ...Object.fromEntries(defaultTags(model.project, stage, 'pulumi')), ...model.policy.tags }),
      }),
    ),
    file('infra/index.ts', 'index.ts'),
    file('infra/lib/api.ts', 'lib/api.ts'),
    file('infra/lib/code.ts', 'lib/code.ts'),
    file('infra/lib/manifest.ts', 'lib/manifest.ts.ejs', REGENERATE),
    file('infra/test/mocks.ts', 'test/mocks.ts'),
    file('infra/test/api.test.ts', 'test/api.test.ts'),
  ];
}

export const pulumi: Flavour = defineFlavour({
  id: 'pulumi',
  choice: 'Pulumi (TypeScript)',
  label: 'Pulumi (TypeScript)',
  ignored: ['infra/node_modules/'],
  layout: 'infra/              Pulumi program: index.ts, lib/api.ts, lib/manifest.ts (routes), Pulumi.<stage>.yaml, test/',
  summary: 'a Pulumi program in infra/',
  parts: { ...CDK_PARTS, triggers: PULUMI_TRIGGERS },
  assemble: files,
  install: {
    dir: 'infra',
    command: 'npm',
    args: ['install', '--no-audit', '--no-fund', '--loglevel=error'],
    message: "Installing the Pulumi program's dependencies (npm install in infra/)…",
  },
  output: (name) =>
    `$(cd infra && pulumi stack output ${{ 'api-url': 'ApiUrl', 'user-pool-id': 'UserPoolId', 'user-pool-client-id': 'UserPoolClientId' }[name]})`,
  deployStep: () => `make deploy   # the stage ${DEFAULT_STAGE} (a Pulumi stack); make deploy STAGE=prod for prod`,
  deployed: async (root) => manifestDeployed(root, ['infra/lib', 'infra']),
  authorization: async (root) => manifestAuthorization(root),
});
