import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ControlApi } from './control/controlApi.js';
import { TrafficGenerators } from './control/trafficGenerators.js';
import { GatewayServer } from './gateway/gatewayServer.js';
import { IdentifyLimiter } from './gateway/identifyLimiter.js';
import { DefaultBucketLimits } from './rest/bucketLimits.js';
import { FaultInjector } from './rest/faultInjector.js';
import { GlobalRateLimit } from './rest/globalRateLimit.js';
import { InvalidRequestBudget } from './rest/invalidRequestBudget.js';
import { RestServer } from './rest/restServer.js';
import { RouteBuckets } from './rest/routeBuckets.js';
import { SharedRateLimits } from './rest/sharedRateLimits.js';
import { DefaultSimulatorOptions, type SimulatorOptions } from './simulatorOptions.js';
import { systemClock } from './world/clock.js';
import { Population } from './world/population.js';
import { SimState } from './world/simState.js';
import { SimStats } from './world/simStats.js';
import { SnowflakeGenerator } from './world/snowflake.js';

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
      heartbeatGraceMs: o.heartbeatGraceMs,
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
    banShape: o.invalidRequestBanShape,
  });
  const faults = new FaultInjector();
  const sharedLimits = new SharedRateLimits(clock, {
    channelWrites: options.channelWriteLimit ?? null,
    dmOpens: options.dmOpenLimit ?? null,
  });
  const rest = new RestServer({
    state,
    gateway,
    buckets,
    bucketLimits: { ...DefaultBucketLimits, ...options.bucketLimits },
    globalLimit,
    invalidBudget,
    faults,
    sharedLimits,
  });
  const generators = new TrafficGenerators(state);
  const control = new ControlApi({
    state,
    gateway,
    faults,
    generators,
    buckets,
    globalLimit,
    invalidBudget,
    sharedLimits,
  });
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
  const base = `${options.publicHost ?? o.host}:${port}`;
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
