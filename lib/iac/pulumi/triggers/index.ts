/**
 * What Pulumi writes for each kind of trigger: the CDK's entry of the manifest (the program loops
 * over the same lists), and its refusals: a bucket notification is the bucket's whole
 * configuration in Pulumi's AWS provider, as in Terraform's.
 */
import type { FlavourTriggers } from '../../flavour.js';
import type { ManifestEntry } from '../../cdk/manifest-entry.js';
import { CDK_TRIGGERS } from '../../cdk/triggers/index.js';

export const PULUMI_TRIGGERS: FlavourTriggers<ManifestEntry> = {
  ...CDK_TRIGGERS,
  s3: {
    ...CDK_TRIGGERS.s3,
    refuses: (t) =>
      t.bucket
        ? `--bucket with Pulumi: aws.s3.BucketNotification owns the bucket's whole notification configuration and would remove the others of ${t.bucket}; leave --bucket out for a bucket of the workspace's own`
        : undefined,
  },
};
