import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ControlApi } from './control/controlApi.js';
import { systemClock, type Clock } from './world/clock.js';
import { FaultInjector } from './rest/faultInjector.js';
import { GatewayServer } from './gateway/gatewayServer.js';
import { GlobalRateLimit } from './rest/globalRateLimit.js';
import { IdentifyLimiter } from './gateway/identifyLimiter.js';
import { PRIVILEGED_INTENTS } from './gateway/intents.js';
import { InvalidRequestBudget } from './rest/invalidRequestBudget.js';
import { Population, type SeedOptions } from './world/population.js';
import { RestServer } from './rest/restServer.js';
import { DefaultBucketLimits, type BucketName } from './rest/bucketLimits.js';
import { RouteBuckets, type BucketLimit } from './rest/routeBuckets.js';
import { SimState } from './world/simState.js';
import { SimStats } from './world/simStats.js';
import { SnowflakeGenerator } from './world/snowflake.js';
import { TrafficGenerators } from './control/trafficGenerators.js';

export interface SimulatorOptions {
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
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
  /** @defaultValue 41250 */
  heartbeatIntervalMs?: number;
  /** Privileged intents enabled for the app, as a bitfield. @defaultValue all (members, presences, content) */
  enabledPrivilegedIntents?: number;
  /** IDENTIFY is closed with 4011 past this. @defaultValue 2500 */
  maxGuildsPerShard?: number;
  /** Requests per second per bot. @defaultValue 50 */
  globalRateLimitPerSec?: number;
  /** Per-route bucket limits, merged over the defaults. */
  bucketLimits?: Partial<Record<BucketName, BucketLimit>>;
  /** Invalid requests (401/403/429) per window before the ban. @defaultValue 10000 */
  invalidRequestLimit?: number;
  /** @defaultValue 600000 */
  invalidRequestWindowMs?: number;
  /** @defaultValue 60000 */
  invalidRequestBanMs?: number;
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
  enabledPrivilegedIntents: PRIVILEGED_INTENTS,
  maxGuildsPerShard: 2500,
  globalRateLimitPerSec: 50,
  invalidRequestLimit: 10_000,
  invalidRequestWindowMs: 600_000,
  invalidRequestBanMs: 60_000,
  ackDeadlineMs: 3000,
  tokenLifetimeMs: 900_000,
  strict: true,
  dmRefusalPercent: 0,
  replayLimit: 5000,
  resumeWindowMs: 180_000,
  maxInteractions: 200_000,
  maxMessages: 200_000,
} as const satisfies SimulatorOptions;

export interface Simulator {
  /** `http://host:port/api`: what discord.js takes as `rest.api`. */
  readonly restUrl: string;
  /** `ws://host:port`: what `/gateway/bot` returns. */
  readonly gatewayUrl: string;
  /** `http://host:port/_sim` */
  readonly controlUrl: string;
  readonly port: number;
  readonly botToken: string;
  readonly applicationId: string;
  /** In-process access to the state, for tests that want more than the control API. */
  readonly state: SimState;
  /** Starts a traffic generator (same as `POST /_sim/generators`). */
  readonly generators: TrafficGenerators;
  /** Same as `POST /_sim/reset`. */
  reset(): void;
  /** Closes every socket and the server. Idempotent. */
  close(): Promise<void>;
}

/** Starts the simulated Discord: REST, gateway and control API on one HTTP port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const o = { ...DefaultSimulatorOptions, ...options };
  const clock = options.clock ?? systemClock;
  const population = new Population(clock, o.dmRefusalPercent);
  const ids = new SnowflakeGenerator(clock);
  const identifyLimiter = new IdentifyLimiter(clock, {
    maxConcurrency: o.maxConcurrency,
    windowMs: o.identifyWindowMs,
    dailyLimit: o.dailySessionStarts,
  });
  const account = { token: o.botToken, applicationId: population.botUserId, revoked: false };
  const stats = new SimStats();
  // The URL is known once the server listens, before anyone can connect to read it.
  let gatewayUrl = '';
  const gateway = new GatewayServer(
    {
      heartbeatIntervalMs: o.heartbeatIntervalMs,
      enabledPrivilegedIntents: o.enabledPrivilegedIntents,
      maxGuildsPerShard: o.maxGuildsPerShard,
      replayLimit: o.replayLimit,
      resumeWindowMs: o.resumeWindowMs,
      recommendedShards: options.recommendedShards,
    },
    { clock, account, population, identifyLimiter, stats, url: () => gatewayUrl },
  );
  const state = new SimState({
    clock,
    account,
    population,
    ids,
    stats,
    gateway,
    rules: { ackDeadlineMs: o.ackDeadlineMs, tokenLifetimeMs: o.tokenLifetimeMs, strict: o.strict },
    maxInteractions: o.maxInteractions,
    maxMessages: o.maxMessages,
  });
  const buckets = new RouteBuckets(clock);
  const globalLimit = new GlobalRateLimit(clock, o.globalRateLimitPerSec);
  const invalidBudget = new InvalidRequestBudget(clock, {
    limit: o.invalidRequestLimit,
    windowMs: o.invalidRequestWindowMs,
    banMs: o.invalidRequestBanMs,
  });
  const faults = new FaultInjector();
  const rest = new RestServer({
    state,
    gateway,
    buckets,
    bucketLimits: { ...DefaultBucketLimits, ...options.bucketLimits },
    globalLimit,
    invalidBudget,
    faults,
  });
  const generators = new TrafficGenerators(state);
  const control = new ControlApi({ state, gateway, faults, generators, buckets, globalLimit, invalidBudget });
  if (options.population) population.seed(options.population);

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/_sim')) control.handle(req, res);
    else rest.handle(req, res);
  });
  server.on('upgrade', (req, socket, head: Buffer) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api') || url.startsWith('/_sim')) socket.destroy();
    else gateway.handleUpgrade(req, socket, head);
  });
  // Bots keep connections alive between REST calls; match undici's expectations rather than Node's 5 s default.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const base = `${o.host}:${port}`;
  gatewayUrl = `ws://${base}`;

  let closing: Promise<void> | undefined;
  return {
    restUrl: `http://${base}/api`,
    gatewayUrl,
    controlUrl: `http://${base}/_sim`,
    port,
    botToken: o.botToken,
    applicationId: account.applicationId,
    state,
    generators,
    reset: () => control.reset(),
    close: () =>
      (closing ??= (async () => {
        generators.stopAll();
        rest.close();
        await gateway.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}
