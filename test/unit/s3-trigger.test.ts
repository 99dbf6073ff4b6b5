/** The S3 trigger's inputs, checked as S3 and Lambda take them (bucket names, event types, key filters). */
import { describe, expect, it } from 'vitest';
import { S3_EVENT_TYPES, validateBucketName, validateKeyFilter, validateS3Events } from '../../lib/triggers/s3.js';

describe('bucket names, as S3 takes them', () => {
  it.each(['abc', 'my-bucket', 'my.bucket.2026', 'a'.repeat(63), '1bucket', 'bucket1'])('accepts %s', (name) => {
    expect(validateBucketName(name)).toBe(true);
  });

  it.each([
    ['ab', '3 to 63 characters'],
    ['a'.repeat(64), '3 to 63 characters'],
    ['My-Bucket', 'lowercase letters, digits'],
    ['my_bucket', 'lowercase letters, digits'],
    ['-bucket', 'a letter or digit at both ends'],
    ['bucket.', 'a letter or digit at both ends'],
    ['my..bucket', 'no two adjacent periods'],
    ['192.168.5.4', 'not an IP address'],
    ['xn--bucket', 'the prefix xn-- is reserved'],
    ['sthree-bucket', 'the prefix sthree- is reserved'],
    ['amzn-s3-demo-bucket', 'the prefix amzn-s3-demo- is reserved'],
    ['bucket-s3alias', 'the suffix -s3alias is reserved'],
    ['bucket--ol-s3', 'the suffix --ol-s3 is reserved'],
    ['bucket.mrap', 'the suffix .mrap is reserved'],
    ['bucket--x-s3', 'the suffix --x-s3 is reserved'],
    ['bucket--table-s3', 'the suffix --table-s3 is reserved'],
  ])('refuses %s: %s', (name, why) => {
    expect(validateBucketName(name)).toContain(`--bucket "${name}" is not a name S3 takes: ${why}`);
  });
});

describe('S3 event types and key filters', () => {
  it('takes the event types S3 sends to Lambda, comma-separated, each once', () => {
    expect(validateS3Events('s3:ObjectCreated:*')).toBe(true);
    expect(validateS3Events('s3:ObjectCreated:Put, s3:ObjectRemoved:Delete')).toBe(true);
    expect(S3_EVENT_TYPES).toContain('s3:ObjectRestore:Completed');
    expect(validateS3Events('')).toMatch(/^--events needs at least one S3 event type/);
    expect(validateS3Events('s3:ObjectCreated')).toMatch(/"s3:ObjectCreated" is not an S3 event type/);
    expect(validateS3Events('s3:ObjectCreated:*,s3:ObjectCreated:*')).toMatch(/names an event type twice/);
  });

  it('takes key filters of printable text up to 1024 bytes', () => {
    expect(validateKeyFilter('prefix')('uploads/')).toBe(true);
    expect(validateKeyFilter('suffix')('.csv')).toBe(true);
    expect(validateKeyFilter('prefix')('x'.repeat(1025))).toMatch(/^--prefix must be printable text of at most 1024 bytes/);
    expect(validateKeyFilter('suffix')('a\tb')).toMatch(/^--suffix must be printable text/);
  });
});
