import { PRIVILEGED_INTENTS } from './gateway/intents.js';
import type { BucketName } from './rest/bucketLimits.js';
import type { BanShape } from './rest/invalidRequestBudget.js';
import type { BucketLimit } from './rest/routeBuckets.js';
import type { Clock } from './world/clock.js';
import type { SeedOptions } from './world/population.js';

export interface SimulatorOptions {
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /**
   * The host name bots reach the simulator by, in the URLs it hands out (`/gateway/bot`, READY's
   * `resume_gateway_url`) and reports. Needed when it listens on every interface (`0.0.0.0` in a container)
   * and others reach it by a name (`discord-sim`). @defaultValue host
   */
  publicHost?: string;
  /** The bot token accepted on REST and the gateway. @defaultValue 'sim-token' */
  botToken?: string;
  /** Injected time for Discord's rules (ack deadline, token lifetime, rate-limit windows). */
  clock?: Clock;
  /** Guilds (and members) to seed at start. */
  population?: SeedOptions;
  /** `shards` of `/gateway/bot`. @defaultValue one per 1,000 guilds */
  recommendedShards?: number;
  /** `max_concurrency` of `/gateway/bot`. @defaultValue 1 */
  maxConcurrency?: number;
  /** Window of one IDENTIFY per concurrency bucket. @defaultValue 5000 */
  identifyWindowMs?: number;
  /** Session starts per day. @defaultValue 1000 */
  dailySessionStarts?: number;
  /** `heartbeat_interval` of HELLO. @defaultValue 41250 */
  heartbeatIntervalMs?: number;
  /**
   * How long past the interval a client may go without a heartbeat before its connection is closed with 4009
   * (the session stays resumable). Discord does not publish its tolerance; `Infinity` turns the timeout off.
   * @defaultValue 10000
   */
  heartbeatGraceMs?: number;
  /** Privileged intents enabled for the app, as a bitfield. @defaultValue all (members, presences, content) */
  enabledPrivilegedIntents?: number;
  /** IDENTIFY is closed with 4011 past this. @defaultValue 2500 */
  maxGuildsPerShard?: number;
  /** Requests per second per bot. @defaultValue 50 */
  globalRateLimitPerSec?: number;
  /** Per-route bucket limits, merged over the defaults. */
  bucketLimits?: Partial<Record<BucketName, BucketLimit>>;
  /**
   * Writes to one channel, by every sender together, before a 429 of scope `shared` with code 20028. Discord does
   * not publish its threshold. @defaultValue none (off)
   */
  channelWriteLimit?: BucketLimit;
  /** DM channels the bot may open before a 429 of scope `shared` with code 40003. @defaultValue none (off) */
  dmOpenLimit?: BucketLimit;
  /** Invalid requests (401/403/429) per window before the ban. @defaultValue 10000 */
  invalidRequestLimit?: number;
  /** @defaultValue 600000 */
  invalidRequestWindowMs?: number;
  /** @defaultValue 60000 */
  invalidRequestBanMs?: number;
  /**
   * What banned requests get: Cloudflare's plain `error code: 1015` with `Retry-After`, or a JSON
   * `{message, code: 0}` with no `Retry-After` or rate-limit headers. @defaultValue 'cloudflare'
   */
  invalidRequestBanShape?: BanShape;
  /** @defaultValue 3000 */
  ackDeadlineMs?: number;
  /** @defaultValue 900000 */
  tokenLifetimeMs?: number;
  /** Refuse requests that break interaction rules (true), or only record them (false). @defaultValue true */
  strict?: boolean;
  /** Share of seeded users who refuse DMs, 0–100. @defaultValue 0 */
  dmRefusalPercent?: number;
  /** @defaultValue 5000 */
  replayLimit?: number;
  /** @defaultValue 180000 */
  resumeWindowMs?: number;
  /** Interactions kept for read-back. @defaultValue 200000 */
  maxInteractions?: number;
  /** Messages kept for read-back, across channels. @defaultValue 200000 */
  maxMessages?: number;
}

export const DefaultSimulatorOptions = {
  port: 0,
  host: '127.0.0.1',
  botToken: 'sim-token',
  maxConcurrency: 1,
  identifyWindowMs: 5000,
  dailySessionStarts: 1000,
  heartbeatIntervalMs: 41_250,
  heartbeatGraceMs: 10_000,
  enabledPrivilegedIntents: PRIVILEGED_INTENTS,
  maxGuildsPerShard: 2500,
  globalRateLimitPerSec: 50,
  invalidRequestLimit: 10_000,
  invalidRequestWindowMs: 600_000,
  invalidRequestBanMs: 60_000,
  invalidRequestBanShape: 'cloudflare',
  ackDeadlineMs: 3000,
  tokenLifetimeMs: 900_000,
  strict: true,
  dmRefusalPercent: 0,
  replayLimit: 5000,
  resumeWindowMs: 180_000,
  maxInteractions: 200_000,
  maxMessages: 200_000,
} as const satisfies SimulatorOptions;
