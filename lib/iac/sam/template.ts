/** `template.yaml`, new or extended in place through the `yaml` Document API, and `samconfig.toml`. */
import { Document, Scalar, YAMLMap, isMap, parseDocument } from 'yaml';
import { type Addition, type FileSpec, NEW } from '../../file-spec.js';
import { renderTemplate } from '../../render.js';
import type { Model } from '../../model.js';
import { DEFAULT_STAGE, STAGES, STAGE_PATTERN, STAGE_RULE } from '../../stage.js';
import { UserError } from '../../errors.js';
import { type RenderedParts, renderTrigger, defaultTags } from '../flavour.js';
import { eventKindOf } from '../../triggers/index.js';
import { toNode } from './resources.js';
import { addTableStream } from './tables.js';
import { SAM_PARTS, type SamPart } from './parts.js';

/** Adds resources to a map node, refusing a logical id that is already there. */
function addAll(doc: Document, path: string[], entries: Record<string, unknown>): void {
  let map = doc.getIn(path, true);
  if (!isMap(map)) {
    map = new YAMLMap();
    doc.setIn(path, map);
  }
  for (const [key, value] of Object.entries(entries)) {
    if ((map as YAMLMap).has(key)) throw new Error(`template.yaml already has ${path.join('.')}.${key}`);
    (map as YAMLMap).items.push(doc.createPair(key, toNode(doc, value)));
  }
}

/** A new `template.yaml` of a model's parts: the resources of each, then the outputs of each. */
export function samTemplate(model: Model, parts: RenderedParts<SamPart, SamPart, SamPart, Record<string, unknown>>): string {
  const { config } = model;
  const doc = new Document({});
  doc.commentBefore =
    ' AWS SAM template of ' +
    config.name +
    ': one Rust function per route (built by cargo-lambda), the API, the tables.\n' +
    ' yo serverless-api:route and :resource add to this file through a YAML parser: your comments and\n' +
    ` edits stay. \`sam build && sam deploy\` deploys the stage ${DEFAULT_STAGE}, \`--config-env prod\` another (samconfig.toml).`;
  const version = new Scalar('2010-09-09');
  version.type = 'QUOTE_SINGLE'; // a string, not a YAML 1.1 date
  doc.set('AWSTemplateFormatVersion', version);
  doc.set('Transform', 'AWS::Serverless-2016-10-31');
  doc.set('Description', config.description);
  doc.set(
    'Globals',
    toNode(doc, {
      Function: {
        Runtime: 'provided.al2023',
        Handler: 'bootstrap',
        Architectures: [config.arch],
        MemorySize: config.memory,
        Timeout: config.timeout,
      },
    }),
  );
  addAll(doc, ['Parameters'], {
    Stage: {
      Type: 'String',
      Description: `The stage to deploy (${STAGES.join(', ')}, ...): part of every physical name, so stages share an account. samconfig.toml has an environment per stage.`,
      Default: DEFAULT_STAGE,
      AllowedPattern: STAGE_PATTERN,
      ConstraintDescription: STAGE_RULE,
    },
  });
  const samParts = [parts.api, ...parts.tables, ...parts.routes];
  for (const part of samParts) addAll(doc, ['Resources'], part.Resources);
  for (const resources of parts.functions) addAll(doc, ['Resources'], resources);
  for (const part of samParts) if (part.Outputs) addAll(doc, ['Outputs'], part.Outputs);
  return doc.toString({ lineWidth: 0 });
}

/**
 * Adds routes (and tables) to an existing `template.yaml`, keeping everything else as it is:
 * comments, order, the user's own resources and edits.
 */
export function addToSamTemplate(
  text: string,
  { after, routes, resources, functions = [] }: Pick<Addition, 'after' | 'routes' | 'resources' | 'functions'>,
): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const errors = doc.errors.map((e) => e.message);
  if (errors.length) throw new Error(`template.yaml does not parse: ${errors.join('; ')}`);
  for (const resource of resources) {
    const table = SAM_PARTS.table(after, after.resource(resource));
    addAll(doc, ['Resources'], table.Resources);
    addAll(doc, ['Outputs'], table.Outputs ?? {});
  }
  for (const route of routes) addAll(doc, ['Resources'], SAM_PARTS.route(after, after.route(route.name)).Resources);
  for (const fn of after.eventFunctions.filter((f) => functions.includes(f.name))) {
    if (eventKindOf(fn).readsStream && fn.table) addTableStream(doc, fn.table);
    addAll(doc, ['Resources'], renderTrigger(SAM_PARTS.triggers, after, fn));
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * The tags of the policy, as `sam deploy --tags` takes them (CloudFormation puts them on every
 * resource): `Key=Value` pairs separated by spaces, a value with spaces in double quotes. SAM CLI's
 * parser (samcli.cli.types.CfnTags, tested in the e2e) turns a space in a key into `_`
 * (aws-sam-cli#7856) and mangles quotes and backslashes, so those are refused rather than deployed
 * as other tags.
 */
function samTags(model: Model, stage: string): string {
  // The policy's tags after the default ones, whose values they may replace.
  const tags = Object.entries({ ...Object.fromEntries(defaultTags(model.project, stage, 'sam')), ...model.policy.tags });
  const unsafe = tags.filter(([key, value]) => /\s/.test(key) || /["\\]/.test(`${key}${value}`)).map(([key]) => `"${key}"`);
  if (unsafe.length) {
    throw new UserError(
      `tag${unsafe.length === 1 ? '' : 's'} ${unsafe.join(', ')}: SAM CLI would deploy ${unsafe.length === 1 ? 'it' : 'them'} under another name or value (it turns spaces in keys into "_" and mangles quotes and backslashes); with --iac sam, use keys without spaces and values without " or \\`,
    );
  }
  return `tags = ${JSON.stringify(tags.map(([k, v]) => `${k}=${/\s/.test(v) || v === '' ? `"${v}"` : v}`).join(' '))}`;
}

/** `samconfig.toml` (templates/iac/sam/samconfig.toml.ejs): an environment per stage, and `default` for the default stage. */
export function samConfigFile(model: Model): FileSpec {
  const environments = [...STAGES.map((stage) => ({ name: stage, stage })), { name: 'default', stage: DEFAULT_STAGE }];
  return {
    path: 'samconfig.toml',
    // Rendered (and its tags checked, SAM CLI's refusal as the user's error) only when written: by `new`, not whenever the flavour lists its files.
    contents: () =>
      renderTemplate('iac/sam/samconfig.toml.ejs', {
        project: model.project,
        defaultStage: DEFAULT_STAGE,
        environments: environments.map((env) => ({ ...env, tags: samTags(model, env.stage) })),
      }),
    update: NEW,
  };
}
