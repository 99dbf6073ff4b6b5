import type { Model } from '../../../model.js';
import { toPascal } from '../../../naming.js';
import { BUCKET_SKIPS, S3_CONCURRENCY_REASON, ASYNC_SKIPS, samSkips } from '../../checkov.js';
import { type EventFunctionOf, functionResource } from '../../flavour.js';
import { ref, getAtt, sub, samFunctionResources, samDeadLetters, asyncFunctionSpec, tlsOnlyStatement } from '../resources.js';

/**
 * A bucket's function: SAM's `S3` event writes the bucket's notification and the permission of
 * s3.amazonaws.com from this account (without the bucket's ARN: the bucket, whose notification
 * names the function, would depend on it). The bucket: SSE-S3, public access blocked, TLS only,
 * versioned, retained. S3 invokes asynchronously: a run that fails Lambda's two retries goes to
 * the function's dead-letter queue. SAM notifies only a bucket of its own template.
 */
export function samBucketResources(model: Model, fn: EventFunctionOf<'s3'>): Record<string, unknown> {
  const t = fn.trigger;
  const base = toPascal(fn.name);
  const deadLetters = `${base}DeadLetters`;
  const bucket = `${base}Bucket`;
  const rules = [
    t.prefix === undefined ? undefined : { Name: 'prefix', Value: t.prefix },
    t.suffix === undefined ? undefined : { Name: 'suffix', Value: t.suffix },
  ];
  const resources = samFunctionResources(model, {
    ...functionResource(fn, 'Handles the object events of its bucket'),
    ...asyncFunctionSpec(deadLetters),
    events: {
      Objects: {
        Type: 'S3',
        Properties: {
          Bucket: ref(bucket),
          Events: t.events.length === 1 ? t.events[0] : [...t.events],
          Filter: rules.some(Boolean) ? { S3Key: { Rules: rules } } : undefined,
        },
      },
    },
    skips: samSkips(ASYNC_SKIPS, { CKV_AWS_115: S3_CONCURRENCY_REASON }),
  });
  return {
    ...resources,
    [bucket]: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Metadata: { checkov: { skip: samSkips(BUCKET_SKIPS) } },
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
      },
    },
    [`${bucket}Policy`]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref(bucket),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [tlsOnlyStatement('s3:*', [getAtt(`${bucket}.Arn`), sub(`\${${bucket}.Arn}/*`)])],
        },
      },
    },
    ...samDeadLetters(model, deadLetters, `${model.project}-\${Stage}-${fn.name}-dlq`),
  };
}
