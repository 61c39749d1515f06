import type { BucketLimit } from './routeBuckets.js';

/** Bucket names and their default limits, close to what Discord gives bots. */
export const DefaultBucketLimits = {
  channelMessages: { limit: 5, windowMs: 5000 },
  webhook: { limit: 5, windowMs: 2000 },
  memberRoles: { limit: 10, windowMs: 10_000 },
  dmChannels: { limit: 10, windowMs: 10_000 },
  commands: { limit: 10, windowMs: 20_000 },
  other: { limit: 50, windowMs: 1000 },
} as const satisfies Record<string, BucketLimit>;
export type BucketName = keyof typeof DefaultBucketLimits;
