import { type FlavourTriggers } from '../../flavour.js';
import { samConsumerResources } from './sqs.js';
import { samScheduleResources } from './schedule.js';
import { samEventBridgeResources } from './eventbridge.js';
import { samStreamResources } from './dynamodb-stream.js';
import { samBucketResources } from './s3.js';

/** What SAM writes for each kind of trigger: the resources of each function, and its refusals. */
export const SAM_TRIGGERS: FlavourTriggers<Record<string, unknown>> = {
  sqs: { render: samConsumerResources },
  schedule: { render: samScheduleResources },
  eventbridge: { render: samEventBridgeResources },
  'dynamodb-stream': { render: samStreamResources },
  s3: {
    render: samBucketResources,
    refuses: (t) =>
      t.bucket
        ? `--bucket with SAM: an S3 event can only name a bucket of the same template, not ${t.bucket}; leave --bucket out for a bucket of the workspace's own`
        : undefined,
  },
};
