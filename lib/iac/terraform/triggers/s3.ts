import type { Model } from '../../../model.js';
import { EVENT_INVOKE_ACTIONS } from '../../../triggers/eventbridge.js';
import { BUCKET_SKIPS, S3_CONCURRENCY_REASON, terraformSkips } from '../../checkov.js';
import { NAME_LIMITS, terraformName } from '../../../physical-names.js';
import { type EventFunctionOf } from '../../flavour.js';
import { HEADER, tfName, terraformTlsOnlyDocument, terraformAsyncFunction, terraformDeadLetters, aligned } from '../functions.js';

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
  const filters = [
    ...(t.prefix !== undefined ? [['filter_prefix', JSON.stringify(t.prefix)] as [string, string]] : []),
    ...(t.suffix !== undefined ? [['filter_suffix', JSON.stringify(t.suffix)] as [string, string]] : []),
  ];
  return `${HEADER} the bucket's function ${fn.name}: its function, role, logs, dead-letter queue, the bucket, its notification and the permission of S3.

${text}

${terraformDeadLetters(fn)}

resource "aws_s3_bucket" "${n}" {
${terraformSkips([...BUCKET_SKIPS])}
  bucket_prefix = "${terraformName(model.project, fn.name, '-', NAME_LIMITS.s3BucketPrefix.limit)}"

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "${n}" {
  bucket = aws_s3_bucket.${n}.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "${n}" {
  bucket = aws_s3_bucket.${n}.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "${n}" {
  bucket                  = aws_s3_bucket.${n}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

${terraformTlsOnlyDocument(`${n}_bucket`, 's3:*', [`aws_s3_bucket.${n}.arn`, `"\${aws_s3_bucket.${n}.arn}/*"`])}

resource "aws_s3_bucket_policy" "${n}" {
  bucket = aws_s3_bucket.${n}.id
  policy = data.aws_iam_policy_document.${n}_bucket.json
}

data "aws_caller_identity" "${n}" {}

resource "aws_lambda_permission" "${n}_bucket" {
  statement_id   = "AllowBucket"
  action         = "${EVENT_INVOKE_ACTIONS[0]}"
  function_name  = aws_lambda_function.${n}.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.${n}.arn
  source_account = data.aws_caller_identity.${n}.account_id
}

resource "aws_s3_bucket_notification" "${n}" {
  bucket = aws_s3_bucket.${n}.id

  lambda_function {
${aligned([['lambda_function_arn', `aws_lambda_function.${n}.arn`], ['events', `[${t.events.map((e) => JSON.stringify(e)).join(', ')}]`], ...filters], '    ')}
  }

  depends_on = [aws_lambda_permission.${n}_bucket]
}

output "${n}_bucket_name" {
  description = "Name of the bucket of ${fn.name}"
  value       = aws_s3_bucket.${n}.bucket
}
`;
}
