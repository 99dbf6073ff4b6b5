import { type FileSpec, NEW } from '../../../file-spec.js';
import { type FlavourTriggers } from '../../flavour.js';
import { tfName } from '../functions.js';
import { terraformConsumer } from './sqs.js';
import { terraformSchedule } from './schedule.js';
import { terraformEventRule } from './eventbridge.js';
import { terraformStream } from './dynamodb-stream.js';
import { terraformBucketFunction } from './s3.js';

/** What Terraform writes for each kind of trigger: a file per function, and its refusals. */
export const TERRAFORM_TRIGGERS: FlavourTriggers<FileSpec> = {
  sqs: { render: (model, fn) => ({ path: `infra/consumer_${tfName(fn)}.tf`, contents: () => terraformConsumer(model, fn), update: NEW }) },
  schedule: { render: (model, fn) => ({ path: `infra/schedule_${tfName(fn)}.tf`, contents: () => terraformSchedule(model, fn), update: NEW }) },
  eventbridge: { render: (model, fn) => ({ path: `infra/rule_${tfName(fn)}.tf`, contents: () => terraformEventRule(model, fn), update: NEW }) },
  'dynamodb-stream': { render: (model, fn) => ({ path: `infra/stream_${tfName(fn)}.tf`, contents: () => terraformStream(model, fn), update: NEW }) },
  s3: {
    render: (model, fn) => ({ path: `infra/bucket_${tfName(fn)}.tf`, contents: () => terraformBucketFunction(model, fn), update: NEW }),
    // Terraform's bucket notification is the bucket's whole configuration: only a bucket of the workspace's own.
    refuses: (t) =>
      t.bucket
        ? `--bucket with Terraform: aws_s3_bucket_notification owns the bucket's whole notification configuration and would remove the others of ${t.bucket}; leave --bucket out for a bucket of the workspace's own`
        : undefined,
  },
};
