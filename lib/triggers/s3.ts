/**
 * Bucket notifications: S3 invokes the function asynchronously for the object events of a bucket
 * (the workspace's own, or an existing one) that match its event types and key filter; Lambda
 * retries a run that fails twice, then sends the event to the function's dead-letter queue
 * (lib/triggers/async.ts). S3 itself neither retries nor dead-letters a notification. The crate
 * is a `lambda_runtime` handler of an `S3Event`: each record's object, its key URL-decoded.
 */
import type { S3Trigger } from '../types.js';
import { type Validation, check } from '../validation.js';
import { DLQ_SEND_ACTIONS } from './async.js';
import { listOption } from './eventbridge.js';
import type { EventTriggerKind } from './kind.js';
import { textOf } from '../text.js';

/** The event types of a notification without `--events`. */
export const DEFAULT_S3_EVENTS = ['s3:ObjectCreated:*'] as const;

/** The object event types S3 sends to Lambda (Amazon S3 User Guide, "Supported event types"). */
export const S3_EVENT_TYPES = [
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:Replication:OperationNotTracked',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
] as const;

/** Names S3 reserves, at the start and at the end of a bucket's name. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * A general purpose bucket's name as S3 takes it: 3 to 63 lowercase letters, digits, `.` and
 * `-`, a letter or digit at both ends, no `..`, not an IP address, none of the reserved prefixes
 * and suffixes.
 */
export function validateBucketName(value: unknown): Validation {
  const name = String(value);
  const refuse = (why: string) => `--bucket "${name}" is not a name S3 takes: ${why}`;
  if (name.length < 3 || name.length > 63) return refuse(`3 to 63 characters (it has ${name.length})`);
  if (!/^[a-z0-9.-]+$/.test(name)) return refuse('lowercase letters, digits, "." and "-" only');
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return refuse('a letter or digit at both ends');
  if (name.includes('..')) return refuse('no two adjacent periods');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return refuse('not an IP address');
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return refuse(`the prefix ${prefix} is reserved`);
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return refuse(`the suffix ${suffix} is reserved`);
  return true;
}

/** `--events`: S3 object event types, comma-separated, each once. */
export function validateS3Events(value: unknown): Validation {
  const events = listOption(textOf(value));
  if (events.length === 0) return `--events needs at least one S3 event type, e.g. ${DEFAULT_S3_EVENTS[0]}`;
  const unknown = events.find((e) => !(S3_EVENT_TYPES as readonly string[]).includes(e));
  if (unknown !== undefined) return `--events: "${unknown}" is not an S3 event type Lambda receives (e.g. s3:ObjectCreated:*, s3:ObjectRemoved:Delete)`;
  if (new Set(events).size !== events.length) return `--events names an event type twice (got "${String(value)}")`;
  return true;
}

/** `--prefix`, `--suffix`: the key filter's values, at most 1024 bytes of printable text (a key's own limit). */
export function validateKeyFilter(flag: 'prefix' | 'suffix') {
  return (value: unknown): Validation => {
    const text = String(value);
    if (Buffer.byteLength(text) > 1024 || !/^[\x20-\x7e]*$/.test(text)) return `--${flag} must be printable text of at most 1024 bytes (got "${text}")`;
    return true;
  };
}

/** The trigger's description in the README: the bucket, its events and key filter. */
export function describeS3(t: S3Trigger): string {
  const filter = [t.prefix ? `prefix \`${t.prefix}\`` : '', t.suffix ? `suffix \`${t.suffix}\`` : ''].filter(Boolean).join(', ');
  return `S3 ${t.bucket ? `bucket \`${t.bucket}\`` : 'bucket of its own'}: ${t.events.map((e) => `\`${e}\``).join(' or ')}${filter ? ` (${filter})` : ''}; Lambda's two retries, a dead-letter queue`;
}

export const s3: EventTriggerKind<'s3'> = {
  variants: [
    ['--events', 's3:ObjectCreated:*,s3:ObjectRemoved:Delete', '--prefix', 'uploads/', '--suffix', '.csv'],
    ['--bucket', 'existing-uploads-bucket'],
  ],
  type: 's3',
  roleActions: DLQ_SEND_ACTIONS,
  label: "bucket's function",
  describe: (fn) => describeS3(fn.trigger),
  invokedBy: "a bucket's object events",
  answers: [
    {
      flag: 'bucket',
      help: "an existing bucket's name (default: a new bucket: SSE-S3, public access blocked, TLS only, versioned)",
      type: 'input',
      message: "An existing bucket's name (blank: a new bucket)",
      default: '',
      validate: (v) => !v || validateBucketName(v),
      optional: true,
    },
    {
      flag: 'events',
      help: 'the object event types, comma-separated (default: s3:ObjectCreated:*)',
      type: 'input',
      message: 'S3 event types (comma-separated)',
      default: DEFAULT_S3_EVENTS.join(','),
      validate: validateS3Events,
      optional: true,
    },
    {
      flag: 'prefix',
      help: 'the key prefix of the objects, e.g. uploads/ (default: any)',
      type: 'input',
      message: 'Key prefix of the objects (blank: any)',
      default: '',
      validate: validateKeyFilter('prefix'),
      optional: true,
    },
    {
      flag: 'suffix',
      help: 'the key suffix of the objects, e.g. .csv (default: any)',
      type: 'input',
      message: 'Key suffix of the objects, e.g. .csv (blank: any)',
      default: '',
      validate: validateKeyFilter('suffix'),
      optional: true,
    },
  ],
  fromAnswers: (answers) => {
    const name = answers.bucket?.trim() || undefined;
    if (name) check(validateBucketName(name));
    check(validateS3Events(answers.events));
    const prefix = answers.prefix || undefined;
    const suffix = answers.suffix || undefined;
    return { type: 's3', ...(name ? { bucket: name } : {}), events: listOption(answers.events), ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) };
  },
  fromStored: (trigger, where) => {
    const events = Array.isArray(trigger.events) ? trigger.events.map(String) : [];
    check(validateS3Events(events.join(',')), `${where}.events`);
    if (trigger.bucket !== undefined) check(validateBucketName(trigger.bucket), `${where}.bucket`);
    if (trigger.prefix !== undefined) check(validateKeyFilter('prefix')(trigger.prefix), `${where}.prefix`);
    if (trigger.suffix !== undefined) check(validateKeyFilter('suffix')(trigger.suffix), `${where}.suffix`);
    return {
      type: 's3',
      ...(trigger.bucket !== undefined ? { bucket: textOf(trigger.bucket) } : {}),
      events,
      ...(trigger.prefix !== undefined ? { prefix: textOf(trigger.prefix) } : {}),
      ...(trigger.suffix !== undefined ? { suffix: textOf(trigger.suffix) } : {}),
    };
  },
  added: (f) => {
    const t = f.trigger;
    return `a function of ${t.bucket ? `the bucket ${t.bucket}` : 'a bucket of its own'} (lambdas/${f.name}/) for ${t.events.join(', ')}${t.prefix || t.suffix ? ` under ${t.prefix ?? ''}*${t.suffix ?? ''}` : ''}, with its dead-letter queue`;
  },
  summary: () => 'handles the object events of its bucket.',
  eventFeature: 's3',
};
