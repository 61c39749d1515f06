import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { BucketName } from './bucketLimits.js';
import type { BucketVerdict } from './routeBuckets.js';

const hashes = new Map<BucketName, string>();

/**
 * `X-RateLimit-*` of an answer on a bucketed route. The bucket id is a hash of the bucket's name: opaque and
 * stable, like Discord's.
 */
export function bucketHeaders(bucket: BucketName, v: BucketVerdict): OutgoingHttpHeaders {
  let hash = hashes.get(bucket);
  if (hash === undefined) {
    hash = createHash('sha1').update(bucket).digest('hex').slice(0, 32);
    hashes.set(bucket, hash);
  }
  return {
    'x-ratelimit-limit': String(v.limit),
    'x-ratelimit-remaining': String(v.remaining),
    'x-ratelimit-reset': (v.resetAtMs / 1000).toFixed(3),
    'x-ratelimit-reset-after': (v.resetAfterMs / 1000).toFixed(3),
    'x-ratelimit-bucket': hash,
  };
}
