/**
 * AWS's limits on the physical names the generator composes (`<prefix><project>-<stage>-<function>`
 * and the names derived from it), in one table, and the way a name that could pass its limit is
 * shortened. The limits come from the CloudFormation resource provider schemas (as cfn-lint 1.58
 * ships them: `maxLength` or the `pattern` of the property) and, where those set none, from the
 * service's documentation; `test/unit/physical-names.test.ts` renders every flavour's names at the
 * longest inputs validation accepts and holds each to its limit.
 */
import { MAX_STAGE_NAME } from './stage.js';

export interface NameLimit {
  limit: number;
  source: string;
}

/** Longest name per kind of resource. */
export const NAME_LIMITS = {
  lambdaFunction: { limit: 64, source: 'AWS::Lambda::Function FunctionName: pattern [a-zA-Z0-9_-]{1,64} (CloudFormation schema; Lambda API CreateFunction)' },
  iamRole: { limit: 64, source: 'AWS::IAM::Role RoleName: maxLength 64 (CloudFormation schema; IAM quotas)' },
  iamInlinePolicy: { limit: 128, source: 'IAM PutRolePolicy PolicyName: 1-128 characters (IAM API reference)' },
  logGroup: { limit: 512, source: 'AWS::Logs::LogGroup LogGroupName: maxLength 512 (CloudFormation schema)' },
  dynamodbTable: { limit: 255, source: 'DynamoDB table names: 3-255 characters (DynamoDB developer guide, "Naming rules")' },
  sqsQueue: { limit: 80, source: 'SQS queue names: up to 80 characters, .fifo included (SQS developer guide, quotas for queues)' },
  s3Bucket: { limit: 63, source: 'AWS::S3::Bucket BucketName: maxLength 63 (CloudFormation schema; S3 bucket naming rules)' },
  s3BucketPrefix: { limit: 37, source: 'Terraform AWS provider aws_s3_bucket bucket_prefix: at most 37 characters (it appends 26 of its own)' },
  schedulerSchedule: { limit: 64, source: 'AWS::Scheduler::Schedule Name: maxLength 64 (CloudFormation schema)' },
  eventRule: { limit: 64, source: 'AWS::Events::Rule Name: maxLength 64 (CloudFormation schema)' },
  userPool: { limit: 128, source: 'AWS::Cognito::UserPool UserPoolName: maxLength 128 (CloudFormation schema)' },
  api: { limit: 128, source: 'API Gateway API names: up to 128 characters (API Gateway quotas)' },
  authorizer: { limit: 128, source: 'API Gateway authorizer names: up to 128 characters (API Gateway quotas)' },
} as const satisfies Record<string, NameLimit>;

export type NameKind = keyof typeof NAME_LIMITS;

/** Characters of the stable hash a shortened name ends with. */
const HASH_LENGTH = 6;

/**
 * Terraform's text (inside a quoted string) of `${local.project}-<stem><suffix>`, where
 * `local.project` is `<project>-<stage>`: as it is when its longest form (the longest stage)
 * fits `limit`, else the head of `${local.project}-<stem>`, a dash and 6 characters of its SHA-1
 * (computed by Terraform, since the stage is known only then), then the suffix.
 */
export function terraformName(project: string, stem: string, suffix: string, limit: number): string {
  const longest = project.length + 1 + MAX_STAGE_NAME + 1 + stem.length + suffix.length;
  if (longest <= limit) return `\${local.project}-${stem}${suffix}`;
  const whole = `\${local.project}-${stem}`;
  const keep = limit - suffix.length - HASH_LENGTH - 1;
  return `\${substr("${whole}", 0, ${keep})}-\${substr(sha1("${whole}"), 0, ${HASH_LENGTH})}${suffix}`;
}
