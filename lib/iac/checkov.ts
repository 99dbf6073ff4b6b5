/**
 * Checkov findings the generated infrastructure accepts on purpose, with the reason a reviewer
 * needs: one text per check, read by the SAM template (Metadata.checkov.skip) and the Terraform
 * files (#checkov:skip comments). Reasons that name a flavour's own property are the flavour's.
 */
export const CHECKOV_REASONS = {
  CKV_AWS_116: 'Invoked synchronously by API Gateway; a dead-letter queue only serves asynchronous invocations.',
  CKV_AWS_117: 'Reaches DynamoDB over its regional endpoint; no private resources need a VPC.',
  CKV_AWS_115: 'Bounded by the API stage throttling; reserve concurrency per function once traffic is known.',
  CKV_AWS_173: 'The environment holds table names only, no secrets.',
  CKV_AWS_158: 'CloudWatch Logs encrypts at rest by default; add a KMS key if policy requires one.',
  CKV_AWS_309: 'The generated API is public; add an authorizer before it holds private data.',
  CKV_AWS_59: 'The generated API is public; add an authorizer before it holds private data.',
  CKV_AWS_120: 'No response caching: every response depends on the current table contents.',
  CKV_AWS_225: 'No response caching: every response depends on the current table contents.',
  CKV_AWS_50: 'Enable X-Ray tracing when the account uses it; it has a cost.',
  CKV_AWS_272: "Code signing needs a signing profile of the account; the zip comes from this workspace's build.",
  CKV_AWS_338: 'Retention is a variable (log_retention_days); a month suits development, raise it for production.',
  CKV2_AWS_51: 'No client certificate: API Gateway calls Lambda through IAM, not HTTP.',
  CKV2_AWS_29: 'AWS WAF is an account-level choice with its own cost; associate a web ACL when needed.',
  CKV2_AWS_4: 'Execution logging needs an account-wide API Gateway CloudWatch role; access logs are on.',
  CKV2_AWS_53: 'No request validator: the function checks path parameters and bodies, and answers 400 with a JSON message.',
  CKV2_AWS_16: 'On-demand capacity scales by itself; auto scaling applies to provisioned tables.',
  CKV_AWS_27: 'Encrypted at rest with SQS-managed keys (SSE-SQS); checkov only recognizes a KMS key.',
  CKV_AWS_297: 'EventBridge Scheduler encrypts the schedule with an AWS owned key; set kms_key_arn when policy requires a customer managed key.',
  CKV_AWS_18: "Server access logs need a log bucket of the account's choosing; add a logging target when policy requires one.",
  CKV_AWS_144: "Replication to another region is a recovery choice with its own cost; versioning keeps each object's history here.",
  CKV_AWS_145: 'Encrypted at rest with S3-managed keys (SSE-S3); set a KMS key when policy requires a customer managed key.',
  CKV2_AWS_61: "No lifecycle rule: how long objects and their versions stay is the data owner's decision.",
} as const;

/** The skips of a bucket the workspace makes, in every flavour. */
export const BUCKET_SKIPS: readonly CheckovId[] = ['CKV_AWS_18', 'CKV_AWS_144', 'CKV_AWS_145', 'CKV2_AWS_61'];

/** The reserved concurrency check, answered for a bucket's function. */
export const S3_CONCURRENCY_REASON =
  'Invoked by its bucket once per object event; reserve concurrency once the upload rate is known, so that a burst of uploads cannot starve the API.';

/** The function DLQ check, answered for a queue consumer: its queue has the dead-letter queue. */
export const CONSUMER_DLQ_REASON =
  "Invoked by an event source mapping: failed messages go to its queue's dead-letter queue; a function DLQ only serves asynchronous invocations.";

/** The reserved concurrency check, answered for a queue consumer: no API throttling is in front of it. */
export const CONSUMER_CONCURRENCY_REASON =
  "Invoked by its queue's event source mapping, which scales with the backlog; set the mapping's maximum concurrency or reserve concurrency once traffic is known.";

export type CheckovId = keyof typeof CHECKOV_REASONS;

/** The skips every function has, in every flavour. */
export const FUNCTION_SKIPS: readonly CheckovId[] = ['CKV_AWS_116', 'CKV_AWS_117', 'CKV_AWS_115', 'CKV_AWS_173'];
/** The skips of a queue consumer: a function's, with its own reasons for the function DLQ and concurrency. */
export const CONSUMER_SKIPS: readonly CheckovId[] = FUNCTION_SKIPS.filter((id) => id !== 'CKV_AWS_116' && id !== 'CKV_AWS_115');
/** The skips of a function invoked asynchronously (a scheduled job, an event rule's): a function's but the DLQ check (it has one). */
export const ASYNC_SKIPS: readonly CheckovId[] = FUNCTION_SKIPS.filter((id) => id !== 'CKV_AWS_116' && id !== 'CKV_AWS_115');
/** The reserved concurrency check, answered for a scheduled job. */
export const SCHEDULE_CONCURRENCY_REASON = 'Invoked by its schedule, once a period plus retries; reserve concurrency if runs must never overlap.';
/** The reserved concurrency check, answered for an event rule's function. */
/** The function DLQ check, answered for a stream reader: its mapping sends what failed to its on-failure queue. */
export const STREAM_DLQ_REASON =
  "Invoked by its stream's event source mapping: a batch that fails its retries is described in the mapping's on-failure queue; a function DLQ only serves asynchronous invocations.";

/** The reserved concurrency check, answered for a stream reader: one invocation per shard at a time. */
export const STREAM_CONCURRENCY_REASON =
  "Invoked by its table's stream mapping, one batch per shard at a time; reserve concurrency once the table's write rate is known.";

export const EVENTBRIDGE_CONCURRENCY_REASON =
  'Invoked by its rule, once per matching event; reserve concurrency once the event rate is known, so that a burst of events cannot starve the API.';
/** The skips every log group has, in every flavour. */
export const LOG_GROUP_SKIPS: readonly CheckovId[] = ['CKV_AWS_158'];

/** SAM's form: `Metadata.checkov.skip` entries. */
export function samSkips(ids: readonly CheckovId[], own: Record<string, string> = {}): { id: string; comment: string }[] {
  return [...ids.map((id) => ({ id, comment: CHECKOV_REASONS[id] })), ...Object.entries(own).map(([id, comment]) => ({ id, comment }))];
}

/** Terraform's form: `#checkov:skip=ID:reason` lines, indented into a block. */
export function terraformSkips(ids: readonly CheckovId[], own: Record<string, string> = {}): string {
  const lines = [...ids.map((id) => [id, CHECKOV_REASONS[id]] as const), ...Object.entries(own)];
  return lines.map(([id, reason]) => `  #checkov:skip=${id}:${reason}`).join('\n');
}
