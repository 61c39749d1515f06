import type { Database } from '@droas/db';
import type { DiscordRestClient } from '@droas/discord-rest';
import type { Logger, Metrics, RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import type { GreetingKind } from '../message/greetingMessage.js';

/** A channel's greetings to send when its budget allows: what a flush job carries. */
export interface FlushRequest {
  readonly guildId: string;
  readonly channelId: string;
  readonly kind: GreetingKind;
}

/** What the welcome effects need from the process that runs them. */
export interface WelcomeDeps {
  readonly db: Database;
  /** Commands connection (fails fast); the worker's. */
  readonly redis: Redis | Cluster;
  readonly rest: DiscordRestClient;
  /** The welcome's own Redis namespace, e.g. `droas:welcome`. */
  readonly namespace: RedisNamespace;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /**
   * Asks for a flush of `request` in `delayMs`: the worker adds a delayed job, one per channel and moment,
   * so a burst of joins over a spent budget asks once.
   */
  readonly scheduleFlush: (request: FlushRequest, delayMs: number) => Promise<void>;
  readonly now?: () => number;
  readonly options?: Partial<WelcomeOptions>;
}

export interface WelcomeOptions {
  /**
   * A channel's messages per second across every replica, and the burst: at most `burst + perSecond × 5`
   * in any 5 s, under Discord's 5 per 5 s per channel. @defaultValue 0.8 and 1
   */
  channelPerSecond: number;
  channelBurst: number;
  /** Opening DM channels, per second for the whole bot (Discord: 10 per 10 s). @defaultValue 0.9 */
  dmOpensPerSecond: number;
  /**
   * Role changes per second per guild, after a burst of 5 (one member's every autorole): at most 10 in any
   * 10 s, as Discord allows per guild. @defaultValue 0.5
   */
  rolesPerSecond: number;
  /** Greetings in one coalesced message at most; the message names as many as fit. @defaultValue 1000 */
  maxBatch: number;
  /** A member rejoining within this is not greeted again. @defaultValue 300000 */
  dedupeMs: number;
  /** After a coalesced message, DMs are shed in that guild for this long. @defaultValue 60000 */
  raidMs: number;
  /** Settings cached in Redis this long. @defaultValue 60000 */
  settingsTtlMs: number;
}

export const DefaultWelcomeOptions = {
  channelPerSecond: 0.8,
  channelBurst: 1,
  dmOpensPerSecond: 0.9,
  rolesPerSecond: 0.5,
  maxBatch: 1_000,
  dedupeMs: 300_000,
  raidMs: 60_000,
  settingsTtlMs: 60_000,
} as const satisfies WelcomeOptions;
