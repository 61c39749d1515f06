import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { BotAccount } from '../world/botAccount.js';
import type { Clock } from '../world/clock.js';
import type { EventGateway, RouteOutcome } from '../world/eventGateway.js';
import type { Population } from '../world/population.js';
import type { SimStats } from '../world/simStats.js';
import { GatewayConnection, type GatewayProtocol } from './gatewayConnection.js';
import { applyGatewayFault, type GatewayFault } from './gatewayFault.js';
import { GatewaySession } from './gatewaySession.js';
import { greetSession } from './greetSession.js';
import type { IdentifyLimiter, IdentifyLimiterOptions, SessionStartLimit } from './identifyLimiter.js';
import { intentFor } from './intents.js';
import { ShardRouter } from './shardRouter.js';
import { validateIdentify } from './validateIdentify.js';

export interface GatewayOptions {
  /** @defaultValue 41250 (Discord's usual value) */
  heartbeatIntervalMs: number;
  /** Slack past the interval before a silent client is closed (4009). */
  heartbeatGraceMs: number;
  enabledPrivilegedIntents: number;
  maxGuildsPerShard: number;
  /** Frames kept per session for RESUME. */
  replayLimit: number;
  /** How long a disconnected session can still be resumed. Discord: "a few minutes". */
  resumeWindowMs: number;
  /** `shards` of `/gateway/bot`; undefined means one per 1,000 guilds. */
  recommendedShards: number | undefined;
}

export interface GatewayDeps {
  clock: Clock;
  account: BotAccount;
  population: Population;
  identifyLimiter: IdentifyLimiter;
  stats: SimStats;
  /** The URL bots connect to; READY's `resume_gateway_url`. */
  url: () => string;
}

/** `GET /gateway/bot`: where to connect, how many shards to run, how many sessions may still start. */
export interface GatewayBotInfo {
  url: string;
  shards: number;
  session_start_limit: SessionStartLimit;
}

export interface SessionInfo {
  sessionId: string;
  shardId: number;
  shardCount: number;
  intents: number;
  /** When its IDENTIFY was accepted (READY and the GUILD_CREATEs went out then), Unix ms. */
  identifiedAtMs: number;
  seq: number;
  connected: boolean;
  heartbeatAcks: boolean;
  /** Events routed to this session (every session of a shard gets each of the shard's events). */
  routedEvents: number;
  /** Milliseconds without a socket before each of its last 100 resumes. */
  resumeGapsMs: number[];
}

/**
 * The gateway: accepts WebSocket upgrades, runs IDENTIFY and RESUME with Discord's checks and close codes,
 * keeps sessions resumable for a while after their socket closes, and routes events to shards.
 */
export class GatewayServer implements GatewayProtocol, EventGateway {
  readonly router = new ShardRouter();
  readonly #sessions = new Map<string, GatewaySession>();
  readonly #connections = new Set<GatewayConnection>();
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 });
  readonly #sweep: NodeJS.Timeout;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly options: GatewayOptions,
    private readonly deps: GatewayDeps,
  ) {
    this.#sweep = setInterval(() => this.#expireSessions(), 1000);
    this.#sweep.unref();
  }

  get url(): string {
    return this.deps.url();
  }

  /** What `GET /gateway/bot` answers. */
  botInfo(): GatewayBotInfo {
    const { population, identifyLimiter } = this.deps;
    return {
      url: this.url,
      shards: this.options.recommendedShards ?? Math.max(1, Math.ceil(population.guildCount / 1000)),
      session_start_limit: identifyLimiter.sessionStartLimit(),
    };
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(req.url ?? '/', 'ws://sim').searchParams;
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new GatewayConnection(ws, this, {
        heartbeatIntervalMs: this.options.heartbeatIntervalMs,
        heartbeatGraceMs: this.options.heartbeatGraceMs,
        compress: query.get('compress') === 'zlib-stream',
        clientPayloadLimit: 120,
        clientPayloadWindowMs: 60_000,
        now: () => this.deps.clock.now(),
      });
      this.#connections.add(conn);
      conn.start();
      const version = query.get('v');
      if (version !== null && version !== '10' && version !== '9') conn.close(4012, 'Invalid API version.');
      else if ((query.get('encoding') ?? 'json') !== 'json') conn.close(4002, 'Unsupported encoding.');
    });
  }

  identify(conn: GatewayConnection, d: unknown): void {
    const { account, population, identifyLimiter, stats } = this.deps;
    const check = validateIdentify(d, {
      token: account.revoked ? '\0revoked' : account.token,
      enabledPrivilegedIntents: this.options.enabledPrivilegedIntents,
      maxGuildsPerShard: this.options.maxGuildsPerShard,
      guildCountOfShard: (id, count) => population.guildIdsOfShard(id, count).length,
    });
    if (!check.ok) {
      stats.identifyRejected += 1;
      return conn.close(check.closeCode, check.reason);
    }
    const verdict = identifyLimiter.tryStart(check.shardId);
    if (verdict === 'concurrency') {
      // What Discord does with an IDENTIFY over max_concurrency: an invalid session, not resumable.
      stats.identifyRejected += 1;
      stats.invalidSessions += 1;
      return conn.sendOp(9, false);
    }
    if (verdict === 'exhausted') {
      // Discord terminates every session and resets the token when the daily budget runs out.
      stats.identifyRejected += 1;
      account.revoked = true;
      for (const c of this.#connections) c.close(4004, 'Authentication failed.');
      return;
    }
    stats.identifies += 1;
    const session = new GatewaySession(
      randomBytes(16).toString('hex'),
      check.shardId,
      check.shardCount,
      check.intents,
      this.options.replayLimit,
      this.deps.clock.now(),
    );
    // Another session on the same shard keeps its place: both get the shard's events, as on Discord.
    this.router.claim(session);
    this.#sessions.set(session.id, session);
    conn.session = session;
    session.attach(conn);
    stats.gatewayEvents += greetSession(session, population, account, this.deps.url());
  }

  resume(conn: GatewayConnection, d: unknown): void {
    const body = (typeof d === 'object' && d !== null ? d : {}) as {
      token?: unknown;
      session_id?: unknown;
      seq?: unknown;
    };
    const { account, clock, stats } = this.deps;
    if (body.token !== account.token || account.revoked) return conn.close(4004, 'Authentication failed.');
    const session = typeof body.session_id === 'string' ? this.#sessions.get(body.session_id) : undefined;
    const seq = typeof body.seq === 'number' ? body.seq : body.seq === null ? 0 : -1;
    if (!session || !this.router.owns(session)) {
      stats.invalidSessions += 1;
      return conn.sendOp(9, false);
    }
    const heldMs = session.resumeHeldUntilMs - clock.now();
    if (heldMs > 0) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        if (conn.isOpen) this.resume(conn, d);
      }, heldMs);
      this.#timers.add(timer);
      return;
    }
    const frames = session.framesAfter(seq);
    if (!frames) {
      if (seq > session.seq) return conn.close(4007, 'Invalid seq.');
      stats.invalidSessions += 1;
      return conn.sendOp(9, false);
    }
    const stale = session.sink;
    if (stale instanceof GatewayConnection && stale !== conn) stale.close(4009, 'Session timed out.');
    // Replay, then attach, then RESUMED: all synchronous, so nothing can slip in between or out of order.
    for (const frame of frames) conn.send(frame);
    conn.session = session;
    session.resumed(conn, clock.now());
    stats.resumes += 1;
    stats.replayedEvents += frames.length;
    stats.gatewayEvents += frames.length + 1;
    session.dispatch('RESUMED', '{"_trace":["discord-sim"]}');
  }

  heartbeatMissed(): void {
    this.deps.stats.heartbeatTimeouts += 1;
  }

  closed(conn: GatewayConnection, code: number): void {
    this.#connections.delete(conn);
    const session = conn.session;
    if (!session || session.sink !== conn) return;
    if (code === 1000 || code === 1001) {
      // A clean close ends the session (Discord docs: 1000/1001 invalidate it).
      this.#forget(session);
    } else {
      session.detach(this.deps.clock.now());
    }
  }

  dispatch(guildId: string | null, eventName: string, data: unknown): RouteOutcome {
    const outcome = this.router.route(guildId, eventName, data, intentFor(eventName, guildId !== null));
    const { stats } = this.deps;
    stats.gatewayEvents += outcome.delivered;
    stats.filteredByIntents += outcome.filtered;
    if (outcome.delivered === 0) stats.undeliverable += 1;
    return outcome;
  }

  /** Discord's identify rules as this simulator enforces them, for tools that compute the fastest possible start. */
  identifyRules(): IdentifyLimiterOptions {
    return { ...this.deps.identifyLimiter.options };
  }

  /** Applies a fault to every session holding `shardId`, or only to `sessionId`; returns how many were hit. */
  injectFault(
    shardId: number,
    shardCount: number | undefined,
    fault: GatewayFault,
    sessionId?: string,
  ): number {
    const sessions = this.router
      .sessionsOfShard(shardId, shardCount)
      .filter((s) => sessionId === undefined || s.id === sessionId);
    const now = this.deps.clock.now();
    for (const session of sessions) {
      const conn = session.sink instanceof GatewayConnection ? session.sink : undefined;
      if (applyGatewayFault(fault, session, conn, now, this.deps.stats)) this.#forget(session);
    }
    return sessions.length;
  }

  sessionsInfo(): SessionInfo[] {
    return this.router.sessions().map((s) => ({
      sessionId: s.id,
      shardId: s.shardId,
      shardCount: s.shardCount,
      intents: s.intents,
      identifiedAtMs: s.identifiedAtMs,
      seq: s.seq,
      connected: s.sink !== null,
      heartbeatAcks: s.heartbeatAcks,
      routedEvents: s.routedEvents,
      resumeGapsMs: [...s.resumeGapsMs],
    }));
  }

  /** Closes every connection (1001, as Discord does when it restarts), forgets every session and session start. */
  reset(): void {
    for (const conn of this.#connections) conn.close(1001, 'Going away.');
    this.#sessions.clear();
    this.router.reset();
    this.deps.identifyLimiter.reset();
  }

  close(): Promise<void> {
    clearInterval(this.#sweep);
    for (const timer of this.#timers) clearTimeout(timer);
    for (const conn of this.#connections) conn.terminate();
    this.#connections.clear();
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }

  #expireSessions(): void {
    const now = this.deps.clock.now();
    for (const session of this.#sessions.values()) {
      if (session.detachedAtMs !== null && now - session.detachedAtMs > this.options.resumeWindowMs)
        this.#forget(session);
    }
  }

  #forget(session: GatewaySession): void {
    this.router.release(session);
    this.#sessions.delete(session.id);
  }
}
