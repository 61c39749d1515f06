import { assertSnowflake, type Snowflake } from '@droas/contracts';
import type { RedisNamespace } from '@droas/runtime';

/**
 * The fields of an interaction's record: one Redis hash per interaction holding all that the gateway and the
 * workers share about it while its token lives.
 */
export const RECORD_FIELD = {
  /** The acknowledgement claim (`ackClaim.ts`). */
  ack: 'a',
  /** The admission decision, taken once (`interactionAdmission.ts`): `ok`, or `user:<ms>` / `guild:<ms>` refused. */
  admission: 'r',
  /** Set when the answer reached Discord, to how (`callback`, `edit`, `followup`): a re-run does nothing. */
  done: 'd',
} as const;

/** The Redis keys of the interaction protocol, under one namespace. */
export interface InteractionKeys {
  /** `…:ix:{<guild>}:<interaction>`: the interaction's record. */
  record(guildId: Snowflake, interactionId: Snowflake): string;
  /** `…:rl:{<guild>}:u:<user>`: a member's token bucket. */
  memberBucket(guildId: Snowflake, userId: Snowflake): string;
  /** `…:rl:{<guild>}:g`: the guild's token bucket. */
  guildBucket(guildId: Snowflake): string;
  /** `…:rl:{<guild>}:u:<user>:log`: the member bucket's latest charges, to judge a late request by. */
  memberBucketLog(guildId: Snowflake, userId: Snowflake): string;
  /** `…:rl:{<guild>}:g:log`: the guild bucket's latest charges. */
  guildBucketLog(guildId: Snowflake): string;
  /** `…:notice:{<guild>}:<user>`: set while the member has answers that never reached them (`notices`). */
  noticeFlag(guildId: Snowflake, userId: Snowflake): string;
  /** `…:ack:alive:<holder>`: a process that holds claims is alive while this key is (its heartbeat). */
  alive(holder: string): string;
  /** `…:commands:visibility`: which commands answer privately, as the workers publish them. */
  commandVisibility(): string;
}

/**
 * Every key of one interaction's admission and acknowledgement carries its guild as a Redis Cluster hash tag
 * (`{<guild>}`), so the scripts that touch several of them at once (admission reads the record and charges two
 * buckets) stay in one slot, and a guild's keys live on one node.
 */
export function interactionKeys(ns: RedisNamespace): InteractionKeys {
  const tag = (guildId: Snowflake) => {
    assertSnowflake(guildId, 'guildId');
    return `{${guildId}}`;
  };
  const id = (value: Snowflake, name: string) => {
    assertSnowflake(value, name);
    return value;
  };
  return {
    record: (guildId, interactionId) => ns.key('ix', tag(guildId), id(interactionId, 'interactionId')),
    memberBucket: (guildId, userId) => ns.key('rl', tag(guildId), 'u', id(userId, 'userId')),
    guildBucket: (guildId) => ns.key('rl', tag(guildId), 'g'),
    memberBucketLog: (guildId, userId) => ns.key('rl', tag(guildId), 'u', id(userId, 'userId'), 'log'),
    guildBucketLog: (guildId) => ns.key('rl', tag(guildId), 'g', 'log'),
    noticeFlag: (guildId, userId) => ns.key('notice', tag(guildId), id(userId, 'userId')),
    alive: (holder) => {
      if (!/^[\w-]{1,64}$/.test(holder))
        throw new TypeError(`holder must be 1-64 word characters, got ${holder}`);
      return ns.key('ack', 'alive', holder);
    },
    commandVisibility: () => ns.key('commands', 'visibility'),
  };
}
