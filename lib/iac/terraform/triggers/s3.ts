import type { Model } from '../../../model.js';
import { BUCKET_SKIPS, S3_CONCURRENCY_REASON, terraformSkips } from '../../checkov.js';
import { NAME_LIMITS, terraformName } from '../../../physical-names.js';
import { type EventFunctionOf } from '../../flavour.js';
import { HEADER, invokePermission, tfName, terraformTlsOnlyDocument, terraformAsyncFunction, terraformDeadLetters } from '../functions.js';
import { block, comment, data, printHcl, resource, str, strings, template } from '../hcl-writer.js';

/**
 * A bucket's function: the bucket (SSE-S3, public access blocked, TLS only, versioned, kept on
 * destroy), the function invoked by S3 asynchronously (a run that fails Lambda's two retries goes
 * to its dead-letter queue), the permission of s3.amazonaws.com from this bucket and account (as
 * the CDK's LambdaDestination writes it), and the notification. Terraform's notification is the
 * bucket's whole configuration: an existing bucket (--bucket) is refused, as its other
 * notifications would be removed.
 */
export function terraformBucketFunction(model: Model, fn: EventFunctionOf<'s3'>): string {
  const n = tfName(fn);
  const t = fn.trigger;
  const { text } = terraformAsyncFunction(fn, 'Handles the object events of its bucket', S3_CONCURRENCY_REASON);
  const bucket = `aws_s3_bucket.${n}.id`;
  return `${HEADER} the bucket's function ${fn.name}: its function, role, logs, dead-letter queue, the bucket, its notification and the permission of S3.

${text}

${terraformDeadLetters(fn)}

${printHcl(
  resource(
    'aws_s3_bucket',
    n,
    [comment(terraformSkips([...BUCKET_SKIPS])), ['bucket_prefix', template(terraformName(model.project, fn.name, '-', NAME_LIMITS.s3BucketPrefix.limit))]],
    block('lifecycle', [], [['prevent_destroy', 'true']]),
  ),
  resource('aws_s3_bucket_versioning', n, [['bucket', bucket]], block('versioning_configuration', [], [['status', '"Enabled"']])),
  resource(
    'aws_s3_bucket_server_side_encryption_configuration',
    n,
    [['bucket', bucket]],
    block('rule', [], block('apply_server_side_encryption_by_default', [], [['sse_algorithm', '"AES256"']])),
  ),
  resource('aws_s3_bucket_public_access_block', n, [
    ['bucket', bucket],
    ['block_public_acls', 'true'],
    ['block_public_policy', 'true'],
    ['ignore_public_acls', 'true'],
    ['restrict_public_buckets', 'true'],
  ]),
  terraformTlsOnlyDocument(`${n}_bucket`, 's3:*', [`aws_s3_bucket.${n}.arn`, str(`\${aws_s3_bucket.${n}.arn}/*`)]),
  resource('aws_s3_bucket_policy', n, [
    ['bucket', bucket],
    ['policy', `data.aws_iam_policy_document.${n}_bucket.json`],
  ]),
  data('aws_caller_identity', n),
  invokePermission(`${n}_bucket`, n, {
    statementId: 'AllowBucket',
    principal: 's3.amazonaws.com',
    sourceArn: `aws_s3_bucket.${n}.arn`,
    sourceAccount: `data.aws_caller_identity.${n}.account_id`,
  }),
  resource(
    'aws_s3_bucket_notification',
    n,
    [['bucket', bucket]],
    block(
      'lambda_function',
      [],
      [
        ['lambda_function_arn', `aws_lambda_function.${n}.arn`],
        ['events', strings(t.events)],
        ['filter_prefix', t.prefix === undefined ? undefined : str(t.prefix)],
        ['filter_suffix', t.suffix === undefined ? undefined : str(t.suffix)],
      ],
    ),
    [['depends_on', `[aws_lambda_permission.${n}_bucket]`]],
  ),
  block(
    'output',
    [`${n}_bucket_name`],
    [
      ['description', str(`Name of the bucket of ${fn.name}`)],
      ['value', `aws_s3_bucket.${n}.bucket`],
    ],
  ),
)}
`;
}
