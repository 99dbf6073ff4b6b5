/** What the CDK writes for each kind of trigger: an entry of one of the manifest's lists, which the stack loops over. */
import type { FlavourTriggers } from '../../flavour.js';
import type { ManifestEntry } from '../manifest-entry.js';
import { cdkStream } from './dynamodb-stream.js';
import { cdkEventBridge } from './eventbridge.js';
import { cdkS3 } from './s3.js';
import { cdkSchedule } from './schedule.js';
import { cdkSqs } from './sqs.js';

export const CDK_TRIGGERS: FlavourTriggers<ManifestEntry> = {
  sqs: cdkSqs,
  schedule: cdkSchedule,
  eventbridge: cdkEventBridge,
  s3: cdkS3,
  'dynamodb-stream': cdkStream,
};
