import { RedisTokenBucket, type RateLimitDecision } from '@droas/resilience';
import type { RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import { GREETING_LIMITS } from '../settings/greetingSettings.js';
import type { WelcomeOptions } from './welcomeDeps.js';

/**
 * The Discord budgets greetings share across every worker replica (token buckets in Redis): each channel's
 * message writes, the bot's DM openings, and each guild's role changes, each set under Discord's limit so
 * that a raid is absorbed by coalescing and waiting, never by 429s.
 */
export class GreetingBudgets {
  readonly #channel: RedisTokenBucket;
  readonly #dmOpens: RedisTokenBucket;
  readonly #roles: RedisTokenBucket;

  constructor(redis: Redis | Cluster, ns: RedisNamespace, options: WelcomeOptions) {
    const keyPrefix = `${ns.prefix}:budget:`;
    this.#channel = new RedisTokenBucket(redis, {
      capacity: options.channelBurst,
      refillPerSecond: options.channelPerSecond,
      keyPrefix,
    });
    this.#dmOpens = new RedisTokenBucket(redis, {
      capacity: 1,
      refillPerSecond: options.dmOpensPerSecond,
      keyPrefix,
    });
    // One member's every autorole in one take; with the refill, at most 10 in any 10 s, as Discord allows.
    this.#roles = new RedisTokenBucket(redis, {
      capacity: GREETING_LIMITS.autoroles,
      refillPerSecond: options.rolesPerSecond,
      keyPrefix,
    });
  }

  channelMessage(channelId: string): Promise<RateLimitDecision> {
    return this.#channel.take(`channel:${channelId}`);
  }

  dmOpen(): Promise<RateLimitDecision> {
    return this.#dmOpens.take('dm-open');
  }

  /** `count` role changes for one member, taken together (at most the most autoroles a guild may have). */
  roleChanges(guildId: string, count: number): Promise<RateLimitDecision> {
    return this.#roles.take(`roles:${guildId}`, count);
  }
}
