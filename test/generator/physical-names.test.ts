/**
 * Every physical name the generator composes fits AWS's limit for it (lib/physical-names.ts, with
 * the source of each limit), at the longest inputs validation accepts: a preset's longest name
 * prefix with the longest project name left beside it, the longest stage, the longest resource
 * and function names, a function of every trigger, a Cognito user pool, in every flavour and API
 * type. Names are read from what the generator wrote (SAM's template, Terraform's HCL, the CDK
 * stack's name expressions over its manifest), with the stage at its longest.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { parseTerraformDir } from '../../lib/iac/hcl.js';
import { NAME_LIMITS, type NameKind } from '../../lib/physical-names.js';
import { MAX_STAGE_NAME } from '../../lib/stage.js';
import { MAX_FUNCTION_NAME, MAX_PROJECT_NAME } from '../../lib/validation.js';
import { CLI } from '../helpers/generators.js';

vi.setConfig({ testTimeout: 120_000 });

const PREFIX = 'abcdefghij-';
const PROJECT = 'p'.repeat(MAX_PROJECT_NAME - PREFIX.length);
const STAGE = 's'.repeat(MAX_STAGE_NAME);
/** A function name of the longest length, distinct per trigger. */
const fnName = (tag: string) => `${tag}-${'f'.repeat(MAX_FUNCTION_NAME - tag.length - 1)}`;
/** The longest resource whose CRUD functions' names still fit (`delete-<name>`, `list-<plural>`). */
const RESOURCE = 'r'.repeat(MAX_FUNCTION_NAME - 'delete-'.length);

function cli(cwd: string, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd, reject: false, all: true, stdin: 'ignore', env: { NO_COLOR: '1' } });
}

async function longest(iac: string, api: string): Promise<string> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'sa-names-'));
  writeFileSync(path.join(cwd, 'preset.json'), JSON.stringify({ name: 'long', version: '1.0.0', policy: { namePrefix: PREFIX } }));
  const made = await cli(
    cwd,
    'new',
    PROJECT,
    '--yes',
    '--skip-install',
    '--no-git',
    '--preset',
    'preset.json',
    '--iac',
    iac,
    '--api',
    api,
    '--auth',
    'cognito',
    '--resource',
    RESOURCE,
  );
  expect(made.exitCode, made.all).toBe(0);
  const dir = path.join(cwd, PROJECT);
  const functions = [
    ['--trigger', 'sqs'],
    ['--trigger', 'schedule', '--rate', 'rate(1 hour)'],
    ['--trigger', 'eventbridge', '--source', 'com.example'],
    ['--trigger', 'dynamodb-stream', '--resource', RESOURCE],
    ['--trigger', 's3'],
  ];
  for (const [i, flags] of functions.entries()) {
    const added = await cli(dir, 'function', fnName(`t${i}`), ...flags, '--yes');
    expect(added.exitCode, added.all).toBe(0);
  }
  const route = await cli(dir, 'route', 'GET', '/reports', '--name', fnName('route'), '--yes');
  expect(route.exitCode, route.all).toBe(0);
  return dir;
}

/** Each name with its kind, the stage at its longest; a name of the project the test does not know fails. */
type Named = { kind: NameKind; name: string; where: string };

function checkAll(names: Named[]): void {
  expect(names.length).toBeGreaterThan(10);
  const over = names
    .filter((n) => n.name.length > NAME_LIMITS[n.kind].limit)
    .map((n) => `${n.where}: ${n.name} (${n.name.length} > ${NAME_LIMITS[n.kind].limit}, ${n.kind})`);
  expect(over).toEqual([]);
  // The names really are at their longest: the longest function name is in them.
  expect(names.some((n) => n.name.includes(fnName('t4')))).toBe(true);
}

const SAM_NAMES: Record<string, Record<string, NameKind>> = {
  'AWS::Serverless::Function': { FunctionName: 'lambdaFunction' },
  'AWS::IAM::Role': { RoleName: 'iamRole' },
  'AWS::SQS::Queue': { QueueName: 'sqsQueue' },
  'AWS::DynamoDB::Table': { TableName: 'dynamodbTable' },
  'AWS::Logs::LogGroup': { LogGroupName: 'logGroup' },
  'AWS::Cognito::UserPool': { UserPoolName: 'userPool' },
  'AWS::S3::Bucket': { BucketName: 's3Bucket' },
  'AWS::Serverless::HttpApi': { Name: 'api' },
  'AWS::Serverless::Api': { Name: 'api' },
};
const SAM_EVENT_NAMES: Record<string, Record<string, NameKind>> = { ScheduleV2: { Name: 'schedulerSchedule' }, EventBridgeRule: { RuleName: 'eventRule' } };

function samNames(dir: string): Named[] {
  const resources = parseDocument(readFileSync(path.join(dir, 'template.yaml'), 'utf8'), { logLevel: 'silent' }).toJS().Resources as Record<string, any>;
  const names: Named[] = [];
  const take = (where: string, props: Record<string, unknown>, known: Record<string, NameKind>) => {
    for (const [key, value] of Object.entries(props ?? {})) {
      if (typeof value !== 'string' || !value.includes(PROJECT)) continue;
      if (!key.endsWith('Name') && key !== 'Name') continue;
      const kind = known[key];
      expect(kind, `${where}.${key}: a composed name of no known kind`).toBeDefined();
      names.push({ kind: kind!, name: value.replace('${Stage}', STAGE), where: `${where}.${key}` });
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    take(id, r.Properties, SAM_NAMES[r.Type] ?? {});
    for (const [event, e] of Object.entries<any>(r.Properties?.Events ?? {})) take(`${id}.${event}`, e.Properties, SAM_EVENT_NAMES[e.Type] ?? {});
  }
  return names;
}

const TF_NAMES: Record<string, Record<string, NameKind>> = {
  aws_lambda_function: { function_name: 'lambdaFunction' },
  aws_iam_role: { name: 'iamRole' },
  aws_iam_role_policy: { name: 'iamInlinePolicy' },
  aws_sqs_queue: { name: 'sqsQueue' },
  aws_dynamodb_table: { name: 'dynamodbTable' },
  aws_cloudwatch_log_group: { name: 'logGroup' },
  aws_cognito_user_pool: { name: 'userPool' },
  aws_cognito_user_pool_client: { name: 'userPool' },
  aws_s3_bucket: { bucket: 's3Bucket', bucket_prefix: 's3BucketPrefix' },
  aws_scheduler_schedule: { name: 'schedulerSchedule' },
  aws_cloudwatch_event_rule: { name: 'eventRule' },
  aws_apigatewayv2_api: { name: 'api' },
  aws_api_gateway_rest_api: { name: 'api' },
  aws_apigatewayv2_authorizer: { name: 'authorizer' },
  aws_api_gateway_authorizer: { name: 'authorizer' },
};

/** Terraform's interpolation of a name, as plan would compute it: local.project, substr and sha1. */
function evaluate(text: string, project: string): string {
  let out = text.replaceAll('${local.project}', project);
  out = out.replace(/\$\{substr\(sha1\("([^"]*)"\), 0, (\d+)\)\}/g, (_, s: string, n: string) =>
    createHash('sha1').update(s).digest('hex').slice(0, Number(n)),
  );
  out = out.replace(/\$\{substr\("([^"]*)", 0, (\d+)\)\}/g, (_, s: string, n: string) => s.slice(0, Number(n)));
  expect(out, `${text}: an interpolation this test cannot evaluate`).not.toContain('${');
  return out;
}

async function terraformNames(dir: string): Promise<Named[]> {
  const tf: any = await parseTerraformDir(path.join(dir, 'infra'));
  const project = `${PREFIX}${PROJECT}-${STAGE}`;
  const names: Named[] = [];
  for (const [type, resources] of Object.entries<any>(tf.resource ?? {})) {
    for (const [id, [r]] of Object.entries<any>(resources)) {
      for (const [key, value] of Object.entries(r)) {
        if (typeof value !== 'string' || !value.includes('local.project')) continue;
        if (!['name', 'name_prefix', 'function_name', 'bucket', 'bucket_prefix'].includes(key)) continue;
        const kind = TF_NAMES[type]?.[key];
        expect(kind, `${type}.${id}.${key}: a composed name of no known kind`).toBeDefined();
        names.push({ kind: kind!, name: evaluate(value, project), where: `${type}.${id}.${key}` });
      }
    }
  }
  return names;
}

const CDK_NAMES: Record<string, NameKind> = {
  functionName: 'lambdaFunction',
  scheduleName: 'schedulerSchedule',
  ruleName: 'eventRule',
  queueName: 'sqsQueue',
  apiName: 'api',
  restApiName: 'api',
  userPoolName: 'userPool',
};

/** The stack's name expressions (`<prop>Name: \`${this.prefix}...\``, the dead-letter queues' names) over the manifest's longest name. */
function cdkNames(dir: string): Named[] {
  const stack = readFileSync(path.join(dir, 'infra/lib/api-stack.ts'), 'utf8');
  const manifest = readFileSync(path.join(dir, 'infra/lib/manifest.ts'), 'utf8');
  const specNames = [...manifest.matchAll(/\bname: '([a-z0-9-]+)'/g)].map((m) => m[1]!);
  const longestSpec = specNames.reduce((a, b) => (b.length > a.length ? b : a), '');
  expect(longestSpec.length).toBe(MAX_FUNCTION_NAME);
  const prefix = `${PREFIX}${PROJECT}-${STAGE}`;
  const names: Named[] = [];
  // Each expression over every name of the manifest (its functions, routes, resources).
  const values = (expr: string) => specNames.map((name) => expr.replace('${this.prefix}', prefix).replace('${spec.name}', name));
  for (const m of stack.matchAll(/(\w+Name): (this\.prefix|`(\$\{this\.prefix\}[^`]*)`)/g)) {
    const kind = CDK_NAMES[m[1]!];
    expect(kind, `${m[1]}: a composed name of no known kind`).toBeDefined();
    for (const name of m[3] ? values(m[3]) : [prefix]) names.push({ kind: kind!, name, where: m[1]! });
  }
  for (const m of stack.matchAll(/this\.deadLetters\(\s*`[^`]*`,\s*`([^`]*)`/g))
    for (const name of values(m[1]!)) names.push({ kind: 'sqsQueue', name, where: 'deadLetters' });
  expect(names.some((n) => n.where === 'deadLetters')).toBe(true);
  return names;
}

describe.each(['http', 'rest'] as const)('physical names at their longest (%s API)', (api) => {
  it('SAM: every composed name fits its AWS limit', async () => {
    checkAll(samNames(await longest('sam', api)));
  });

  it('Terraform: every composed name fits its AWS limit (the longest shortened with a stable hash Terraform computes)', async () => {
    const dir = await longest('terraform', api);
    const names = await terraformNames(dir);
    checkAll(names);
    // The S3 trigger's bucket prefix and the schedule's role were the two past their limits.
    const bucket = names.find((n) => n.kind === 's3BucketPrefix')!;
    expect(bucket.name).toMatch(/^abcdefghij-p+-s+-[0-9a-f]{6}-$/);
    expect(bucket.name.length).toBe(NAME_LIMITS.s3BucketPrefix.limit);
  });

  it('CDK: every composed name fits its AWS limit', async () => {
    checkAll(cdkNames(await longest('cdk', api)));
  });
});

describe('names at the door', () => {
  it("refuses a project name that, with the preset's name prefix, is longer than the limit, naming both; nothing is written", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sa-names-'));
    writeFileSync(path.join(cwd, 'preset.json'), JSON.stringify({ name: 'long', version: '1.0.0', policy: { namePrefix: PREFIX } }));
    const result = await cli(cwd, 'new', `${PROJECT}x`, '--yes', '--skip-install', '--no-git', '--preset', 'preset.json');
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`makes "${PREFIX}${PROJECT}x", ${MAX_PROJECT_NAME + 1} characters; the limit is ${MAX_PROJECT_NAME}`);
  });
});
