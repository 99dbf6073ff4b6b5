/**
 * A preset's policy, proven by each flavour's own tools and held alike across the three: the
 * example preset (examples/presets/acme, here with SAM allowed too) gives every physical name its
 * prefix, every log group its retention, the API stage its throttling and every resource its
 * tags, and the workspaces still pass cdk synth + cdk-nag + the stack's tests, cfn-lint + sam
 * validate --lint + checkov, and tofu fmt/validate + tflint + checkov.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STAGE, STAGES } from '../../lib/stage.js';
import { cloudFormationNames, parseTerraform, samTranslated, terraformNames } from '../helpers/iac-model.js';
import { CLI, REPO_ROOT } from '../helpers/generators.js';
import { E2E_DIR, tool } from '../helpers/run.js';
import { cdkChecks, generate, samChecks, terraformChecks } from '../helpers/workspace.js';

const ROOT = path.join(E2E_DIR, 'preset');
const PRESET = path.join(ROOT, 'acme-preset');
const TAGS = { CostCenter: 'cc-1234', Owner: 'platform-team' };
const NAMES = { cdk: 'pre-cdk', sam: 'pre-sam', tf: 'pre-tf' };
const SAM_TAGS = path.join(REPO_ROOT, 'test/helpers/sam-tags.py');

type Resources = Record<string, { Type: string; Properties: any }>;

/** The CDK workspace's template for the default stage, synthesized (bundling skipped) when not yet. */
async function cdkResources(dir: string): Promise<Resources> {
  const file = path.join(dir, 'infra/cdk.out', `PreCdkStack-${DEFAULT_STAGE}.template.json`);
  if (!existsSync(file)) await tool(path.join(dir, 'infra'), 'npx', ['cdk', 'synth', '--quiet', '--no-notices'], { SKIP_BUNDLING: '1' });
  return JSON.parse(readFileSync(file, 'utf8')).Resources;
}

/** A CloudFormation template's log retentions, stage throttling and the tags of each tagged resource. */
function cloudFormationPolicy(resources: Resources) {
  const logGroups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
  const stages = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
  return {
    retentions: [...new Set(logGroups.map((r) => r.Properties.RetentionInDays))],
    logGroups: logGroups.length,
    throttling: stages.map((s) => ({
      rate: s.Properties.DefaultRouteSettings?.ThrottlingRateLimit,
      burst: s.Properties.DefaultRouteSettings?.ThrottlingBurstLimit,
    })),
  };
}

describe('the example preset, in every flavour', () => {
  const dirs = { cdk: '', sam: '', tf: '' };

  beforeAll(async () => {
    cpSync(path.join(REPO_ROOT, 'examples/presets/acme'), PRESET, { recursive: true });
    const document = JSON.parse(readFileSync(path.join(PRESET, 'preset.json'), 'utf8'));
    delete document.policy.iac;
    writeFileSync(path.join(PRESET, 'preset.json'), JSON.stringify(document, null, 2));
    dirs.cdk = await generate(ROOT, NAMES.cdk, '--preset', PRESET, '--iac', 'cdk');
    dirs.sam = await generate(ROOT, NAMES.sam, '--preset', PRESET, '--iac', 'sam', '--skip-install');
    dirs.tf = await generate(ROOT, NAMES.tf, '--preset', PRESET, '--iac', 'terraform', '--skip-install');
  });

  it("passes each flavour's validators (cdk-nag and the stack's tests; cfn-lint, sam validate, checkov; tofu, tflint, checkov)", async () => {
    await cdkChecks(dirs.cdk, NAMES.cdk);
    await samChecks(dirs.sam);
    await terraformChecks(path.join(dirs.tf, 'infra'));
  });

  it('prefixes every physical name, in every stage', async () => {
    const cdkNames = cloudFormationNames(await cdkResources(dirs.cdk), {});
    // The CDK names the API and the functions; CloudFormation names the rest after the stack.
    expect(cdkNames.length).toBe(6);
    for (const name of cdkNames) expect(name).toMatch(new RegExp(`^\\S+ acme-${NAMES.cdk}-${DEFAULT_STAGE}(-|$)`));
    for (const stage of STAGES) {
      const samNames = cloudFormationNames((await samTranslated(path.join(dirs.sam, 'template.yaml'), { Stage: stage })).Resources, { Stage: stage });
      expect(samNames.length).toBeGreaterThanOrEqual(10);
      for (const name of samNames) expect(name).toMatch(new RegExp(`^\\S+ (/aws/[\\w/-]*/)?acme-${NAMES.sam}-${stage}(-|$)`));
      const tfNames = await terraformNames(path.join(dirs.tf, 'infra'), stage);
      expect(tfNames.length).toBeGreaterThanOrEqual(10);
      for (const name of tfNames) expect(name).toMatch(new RegExp(`^\\S+ (/aws/[\\w/-]*/)?acme-${NAMES.tf}-${stage}(-|$)`));
    }
  });

  it('gives every log group 90 days and the stage its throttling, alike in the three flavours', async () => {
    const cdk = cloudFormationPolicy(await cdkResources(dirs.cdk));
    const sam = cloudFormationPolicy((await samTranslated(path.join(dirs.sam, 'template.yaml'), { Stage: DEFAULT_STAGE })).Resources);
    expect(cdk).toEqual({ retentions: [90], logGroups: 6, throttling: [{ rate: 50, burst: 100 }] });
    expect(sam).toEqual(cdk);
    const tf = await parseTerraform(path.join(dirs.tf, 'infra'));
    const retentionDefault = tf.variable.log_retention_days[0].default;
    const retentions = Object.values<any>(tf.resource.aws_cloudwatch_log_group).map(([g]) =>
      g.retention_in_days === '${var.log_retention_days}' ? retentionDefault : g.retention_in_days,
    );
    expect({ retentions: [...new Set(retentions)], logGroups: retentions.length }).toEqual({ retentions: [90], logGroups: 6 });
    const [stage] = Object.values<any>(tf.resource.aws_apigatewayv2_stage).map(([s]) => s.default_route_settings[0]);
    expect({ rate: stage.throttling_rate_limit, burst: stage.throttling_burst_limit }).toEqual({ rate: 50, burst: 100 });
  });

  it('tags every resource: the CDK on each taggable resource, SAM on the stack, Terraform through the provider', async () => {
    const resources = await cdkResources(dirs.cdk);
    const taggable = ['AWS::Lambda::Function', 'AWS::DynamoDB::Table', 'AWS::IAM::Role', 'AWS::Logs::LogGroup', 'AWS::ApiGatewayV2::Api'];
    for (const [id, r] of Object.entries(resources).filter(([, r]) => taggable.includes(r.Type))) {
      const tags = r.Properties.Tags;
      const asMap = Array.isArray(tags) ? Object.fromEntries(tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value])) : tags;
      expect(asMap, `${id} (${r.Type})`).toMatchObject({ Project: `acme-${NAMES.cdk}`, Stage: DEFAULT_STAGE, ManagedBy: 'cdk', ...TAGS });
    }
    // SAM: read by SAM CLI's own parser of --tags, in every environment of samconfig.toml.
    for (const environment of ['default', ...STAGES]) {
      const stage = environment === 'default' ? DEFAULT_STAGE : environment;
      expect(JSON.parse(await tool(dirs.sam, 'python3', [SAM_TAGS, 'samconfig.toml', environment])), environment).toEqual({
        Project: `acme-${NAMES.sam}`,
        Stage: stage,
        ManagedBy: 'sam',
        ...TAGS,
      });
    }
    const tf = await parseTerraform(path.join(dirs.tf, 'infra'));
    expect(tf.provider.aws[0].default_tags[0].tags).toMatchObject(TAGS);
  });

  it("follows its standard by `serverless-api check`, Cargo.lock within the preset's crate bounds", async () => {
    for (const [flavour, dir] of Object.entries(dirs)) {
      const report = JSON.parse(await tool(dir, 'node', [CLI, 'check', '--json', '--preset', PRESET]));
      expect(report.findings, flavour).toEqual([]);
      expect(report.ok, flavour).toBe(true);
    }
    // The CDK workspace was installed: its Cargo.lock was resolved, and its crates held to the bounds.
    const cdk = JSON.parse(await tool(dirs.cdk, 'node', [CLI, 'check', '--json']));
    expect(cdk.skipped).toEqual([]);
  });

  it('gives SAM CLI tag values with spaces as they are', async () => {
    const spaced = path.join(ROOT, 'spaced-preset');
    cpSync(PRESET, spaced, { recursive: true });
    const document = JSON.parse(readFileSync(path.join(spaced, 'preset.json'), 'utf8'));
    const tags = { Owner: 'Platform Core Team', Empty: '', 'cost:center': 'cc-1234' };
    writeFileSync(path.join(spaced, 'preset.json'), JSON.stringify({ ...document, policy: { ...document.policy, tags } }));
    const dir = await generate(ROOT, 'pre-sam-tags', '--preset', spaced, '--iac', 'sam', '--skip-install');
    // The default tags first (the project with the preset's name prefix), then the preset's.
    expect(JSON.parse(await tool(dir, 'python3', [SAM_TAGS, 'samconfig.toml', 'prod']))).toEqual({
      Project: 'acme-pre-sam-tags',
      Stage: 'prod',
      ManagedBy: 'sam',
      ...tags,
    });
  });

  it("ships the preset's files, rendered for each workspace", () => {
    for (const [flavour, dir] of Object.entries(dirs)) {
      expect(readFileSync(path.join(dir, 'CODEOWNERS'), 'utf8'), flavour).toContain(`@acme/${NAMES[flavour as keyof typeof NAMES]}-owners`);
    }
  });
});
