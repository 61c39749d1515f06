import {
  CircuitOpenError,
  RateLimitedError,
  createCircuitBreaker,
  type CircuitBreaker,
} from '@droas/resilience';
import { inChildSpan, type Logger, type Span } from '@droas/runtime';
import { DiscordApiError, DiscordUnavailableError, SendDeadlinePassedError } from './discordErrors.js';
import type { ResolvedDiscordRestOptions } from './discordRestOptions.js';
import { BanState, type BanInForce } from './banState.js';
import { buildRequest, type RequestParts } from './buildRequest.js';
import { fetchDiscord, type DiscordAnswer } from './fetchDiscord.js';
import { GlobalBudget } from './globalBudget.js';
import { InvalidRequestBudget } from './invalidRequestBudget.js';
import {
  countsAsInvalid,
  parseBucketHeaders,
  parseRateLimitAnswer,
  type BanShape,
  type RateLimitAnswer,
} from './rateLimitHeaders.js';
import { restMetrics, type RestMetrics } from './restMetrics.js';
import type { InvalidRequestWindow } from './invalidRequestBudget.js';
import { RouteBuckets, type BucketAnswer, type BucketTicket } from './routeBuckets.js';
import { routeKey, type DiscordRoute } from './routes.js';
import { settledWithin, sleep } from './sleep.js';

/** Per-call settings. */
export interface RequestOptions {
  /** How long this call may wait for rate limits. @defaultValue the client's `maxWaitMs` */
  maxWaitMs?: number;
  /**
   * This call's own time limit for the HTTP exchange, below the client's `requestTimeoutMs`: past it the
   * request is aborted and fails with `DiscordUnavailableError[TIMEOUT]` (whether Discord acted on it is then
   * unknown). For requests with a deadline of their own, such as an interaction's acknowledgement.
   * @defaultValue the client's `requestTimeoutMs`
   */
  timeoutMs?: number;
  /**
   * The wall-clock time (`Date.now()`) after which this call's request is not sent: checked last, after every
   * Redis read and limit before the exchange, it then fails with `SendDeadlinePassedError` (not sent). For
   * requests Discord refuses after a deadline of its own, such as an interaction's acknowledgement.
   */
  sendBy?: number;
}

// A call that finds another request still learning its bucket, and no time to wait, comes back this soon:
// the answer is usually a round trip away.
const PROBE_RETRY_MS = 100;

// How long an interaction response waits for the ban state before going without it.
const INTERACTION_BAN_READ_MS = 100;

// While Redis is down, interaction responses go without the ban check; this often, it is said so.
const BAN_READ_WARN_EVERY_MS = 10_000;

/**
 * Every request goes through the same steps, cheapest refusal first:
 *
 * 0. the ban (Redis, every replica): while Discord bans the bot for invalid requests, nothing is sent, not
 *    even interaction responses, which a ban refuses like everything else;
 * 1. the invalid-request budget (Redis): near its threshold only interaction responses still go;
 * 2. the route's bucket (this process): wait for its reset within the call's budget, else refuse;
 * 3. the global budget (Redis, every replica): interaction routes are exempt, as on Discord;
 * 4. the call's own send-by time, if it has one: past it, the request is not sent;
 * 5. the breaker, around the HTTP exchange: 5xx and timeouts count, 4xx never.
 *
 * Then the answer: bucket headers are recorded, a 429 becomes a recorded wait and a `RateLimitedError`
 * (never a retry here, so never a loop), a 4xx a `DiscordApiError`, and 401/403/429 count as invalid.
 */
export class RestPipeline {
  readonly breaker: CircuitBreaker;
  readonly #options: ResolvedDiscordRestOptions;
  readonly #buckets: RouteBuckets;
  readonly #global: GlobalBudget;
  readonly #invalid: InvalidRequestBudget;
  readonly #ban: BanState;
  /** The last ban this process learned of, so that it refuses without asking Redis until that ends. */
  #knownBan: { shape: BanShape; untilMs: number } | undefined;
  #banReadWarnedAtMs = -Infinity;
  readonly #metrics: RestMetrics | undefined;
  readonly #logger: Logger | undefined;

  constructor(options: ResolvedDiscordRestOptions) {
    this.#options = options;
    const { redis, botNamespace, metrics, logger, clock } = options;
    // Real time: bucket waits are slept, and `clock` only numbers the invalid-request windows.
    this.#buckets = new RouteBuckets();
    this.#global = new GlobalBudget(redis, {
      namespace: botNamespace,
      perSecond: options.globalPerSecond,
      burst: options.globalBurst,
    });
    this.#invalid = new InvalidRequestBudget(redis, {
      namespace: botNamespace,
      windowMs: options.invalidWindowMs,
      clock,
    });
    this.#ban = new BanState(redis, botNamespace);
    this.#metrics = metrics && restMetrics(metrics);
    this.#logger = logger;
    this.breaker = createCircuitBreaker(
      'discord-rest',
      { ...options.breaker, timeoutMs: options.requestTimeoutMs },
      { ...(metrics ? { metrics } : {}), ...(logger ? { logger } : {}) },
    );
  }

  /**
   * Sends `route`; resolves with the answer's body (undefined for a 204). Inside a traced job, a child span
   * names the route by its template (never its path, which may hold a token) and its status.
   */
  send(route: DiscordRoute, request: RequestParts, options: RequestOptions = {}): Promise<unknown> {
    return inChildSpan(
      `discord ${routeKey(route)}`,
      { 'http.request.method': route.method, 'url.template': route.template },
      (span) => this.#send(route, request, options, span),
    );
  }

  async #send(
    route: DiscordRoute,
    request: RequestParts,
    options: RequestOptions,
    span: Span | undefined,
  ): Promise<unknown> {
    const deadlineMs = Date.now() + (options.maxWaitMs ?? this.#options.maxWaitMs);
    await this.#checkBanAndInvalidBudget(route);
    const ticket = await this.#reserveBucket(route, deadlineMs);
    let bucketAnswer: BucketAnswer = { kind: 'none', sent: false };
    try {
      if (!route.interaction) await this.#takeGlobal(route, deadlineMs);
      this.#checkSendBy(route, options.sendBy);
      let answer: DiscordAnswer;
      try {
        answer = await this.breaker.execute((signal) =>
          this.#fetch(route, request, signal, options.timeoutMs),
        );
      } catch (error) {
        bucketAnswer = { kind: 'none', sent: !(error instanceof CircuitOpenError) };
        throw error;
      }
      span?.setAttribute('http.response.status_code', answer.status);
      const headers = parseBucketHeaders(answer.headers);
      bucketAnswer = headers === undefined ? { kind: 'none', sent: true } : { kind: 'headers', headers };
      if (answer.status === 429) {
        const limited = parseRateLimitAnswer(answer.headers, answer.body, this.#options.banDurationMs);
        if (limited.scope === 'user' || limited.scope === 'shared') {
          bucketAnswer = { kind: 'rateLimited', retryAfterMs: limited.retryAfterMs, headers };
        }
        throw await this.#onRateLimited(route, limited);
      }
      if (countsAsInvalid(answer.status)) await this.#recordInvalid();
      if (answer.status >= 400) throw new DiscordApiError(answer.status, answer.body, route);
      return answer.body;
    } finally {
      this.#buckets.settle(ticket, bucketAnswer);
    }
  }

  /** The exchange, under the breaker's signal and, when the call set one, its own shorter time limit. */
  async #fetch(
    route: DiscordRoute,
    request: RequestParts,
    breakerSignal: AbortSignal,
    timeoutMs: number | undefined,
  ): Promise<DiscordAnswer> {
    const built = buildRequest(route, request, this.#options);
    if (timeoutMs === undefined || timeoutMs >= this.#options.requestTimeoutMs) {
      return fetchDiscord(built, breakerSignal, this.#metrics);
    }
    const own = AbortSignal.timeout(Math.max(1, timeoutMs));
    try {
      return await fetchDiscord(built, AbortSignal.any([breakerSignal, own]), this.#metrics);
    } catch (error) {
      if (!own.aborted || breakerSignal.aborted) throw error;
      throw new DiscordUnavailableError(route, {
        networkCode: 'TIMEOUT',
        detail: `no answer within the call's ${timeoutMs} ms`,
      });
    }
  }

  /** Both Redis reads go out together, so checking costs one round trip (none while a ban is known here). */
  async #checkBanAndInvalidBudget(route: DiscordRoute): Promise<void> {
    const known = this.#knownBan;
    if (known !== undefined && known.untilMs > Date.now()) {
      throw this.#refuseBanned(route, known.shape, known.untilMs - Date.now());
    }
    const [ban, window] = await Promise.all([
      this.#readBan(route),
      route.interaction ? undefined : this.#invalid.read(),
    ]);
    if (ban !== undefined) {
      this.#noteBan(ban.shape, Date.now() + ban.remainingMs);
      throw this.#refuseBanned(route, ban.shape, ban.remainingMs);
    }
    if (known !== undefined) {
      this.#knownBan = undefined;
      this.#logger?.info({ shape: known.shape }, 'discord ban over; sending again');
    }
    if (window !== undefined) this.#checkInvalidBudget(route, window);
  }

  // An interaction response is the one request that went without Redis before bans were shared; if Redis
  // cannot say, it still goes (a ban is rare, a user waiting on an answer is not). Other requests fail with
  // Redis as they did.
  async #readBan(route: DiscordRoute): Promise<BanInForce | undefined> {
    try {
      if (!route.interaction) return await this.#ban.read();
      // An acknowledgement has 3 s in all: a Redis that is slow to answer (or gone, with a command timeout)
      // must not spend them. A read that takes longer than this counts as unanswered.
      return await Promise.race([
        this.#ban.read(),
        sleep(INTERACTION_BAN_READ_MS).then(() => {
          throw new Error(`the ban state took over ${INTERACTION_BAN_READ_MS} ms to read`);
        }),
      ]);
    } catch (error) {
      if (!route.interaction) throw error;
      // Once per outage rather than once per interaction.
      if (Date.now() - this.#banReadWarnedAtMs >= BAN_READ_WARN_EVERY_MS) {
        this.#banReadWarnedAtMs = Date.now();
        this.#logger?.warn(
          { err: error },
          'could not read the ban state in redis; answering interactions anyway',
        );
      }
      return undefined;
    }
  }

  #refuseBanned(route: DiscordRoute, shape: BanShape, remainingMs: number): RateLimitedError {
    this.#metrics?.refusals.inc({ limit: 'ban' });
    return new RateLimitedError({
      code: 'banned',
      retryAfterMs: remainingMs,
      route: routeKey(route),
      message:
        `discord has banned this bot for invalid requests (${shape} answer); nothing is sent, interaction ` +
        `responses included, for another ${Math.ceil(remainingMs / 1000)} s`,
    });
  }

  #noteBan(shape: BanShape, untilMs: number): void {
    if (this.#knownBan === undefined || this.#knownBan.untilMs < untilMs) this.#knownBan = { shape, untilMs };
    this.#metrics?.banKnownUntil(this.#knownBan.untilMs);
  }

  #checkInvalidBudget(route: DiscordRoute, window: InvalidRequestWindow): void {
    this.#metrics?.invalidRequests.set(window.count);
    if (window.count < this.#options.invalidRequestLimit) return;
    this.#metrics?.refusals.inc({ limit: 'invalid' });
    throw new RateLimitedError({
      code: 'invalid-requests',
      retryAfterMs: window.endsInMs,
      route: routeKey(route),
      message: `invalid-request budget spent (${window.count} in this window); only interaction responses are sent`,
    });
  }

  async #reserveBucket(route: DiscordRoute, deadlineMs: number): Promise<BucketTicket> {
    // A call that waits counts once, even when its timer wakes a millisecond before the window's reset and the
    // bucket asks for one more.
    let waited = false;
    for (;;) {
      const reservation = this.#buckets.reserve(routeKey(route), route.majorParameter);
      const budgetMs = deadlineMs - Date.now();
      switch (reservation.kind) {
        case 'go':
          return reservation.ticket;
        case 'probing':
          if (budgetMs <= 0) throw this.#refuse('route', route, PROBE_RETRY_MS);
          await settledWithin(reservation.settled, budgetMs);
          break;
        case 'wait':
          if (reservation.waitMs > budgetMs) throw this.#refuse('route', route, reservation.waitMs);
          if (!waited) this.#metrics?.waits.inc({ limit: 'route' });
          waited = true;
          await sleep(reservation.waitMs);
          break;
      }
    }
  }

  async #takeGlobal(route: DiscordRoute, deadlineMs: number): Promise<void> {
    for (;;) {
      const waitMs = await this.#global.take();
      if (waitMs === 0) return;
      if (waitMs > deadlineMs - Date.now()) throw this.#refuse('global', route, waitMs);
      this.#metrics?.waits.inc({ limit: 'global' });
      await sleep(waitMs);
    }
  }

  #checkSendBy(route: DiscordRoute, sendBy: number | undefined): void {
    if (sendBy === undefined) return;
    const lateByMs = Date.now() - sendBy;
    if (lateByMs <= 0) return;
    this.#metrics?.refusals.inc({ limit: 'deadline' });
    throw new SendDeadlinePassedError(route, lateByMs);
  }

  #refuse(limit: 'route' | 'global', route: DiscordRoute, retryAfterMs: number): RateLimitedError {
    this.#metrics?.refusals.inc({ limit });
    return new RateLimitedError({ code: limit, retryAfterMs, route: routeKey(route) });
  }

  async #onRateLimited(route: DiscordRoute, limited: RateLimitAnswer): Promise<RateLimitedError> {
    const { scope, retryAfterMs } = limited;
    this.#metrics?.rateLimited.inc({ scope });
    if (limited.ban !== undefined) return this.#onBanned(route, limited.ban, retryAfterMs);
    this.#logger?.warn({ route: routeKey(route), scope, retryAfterMs }, 'discord answered 429');
    if (scope === 'global') {
      try {
        await this.#global.block(retryAfterMs);
      } catch (error) {
        this.#logger?.warn({ err: error }, 'could not record the global rate limit in redis');
      }
    }
    if (countsAsInvalid(429, scope)) await this.#recordInvalid();
    return new RateLimitedError({ code: scope, retryAfterMs, status: 429, route: routeKey(route) });
  }

  /**
   * A ban answer: recorded in Redis for every replica, logged as an error and counted once per ban (by the
   * replica that started it; the others' answers to requests already in flight only lengthen it if they say
   * it ends later).
   */
  async #onBanned(route: DiscordRoute, shape: BanShape, banMs: number): Promise<RateLimitedError> {
    this.#noteBan(shape, Date.now() + banMs);
    let started: boolean;
    try {
      started = await this.#ban.record(shape, banMs);
    } catch (error) {
      // This replica stops all the same; reporting it twice beats not at all.
      started = true;
      this.#logger?.warn(
        { err: error },
        'could not record the ban in redis; other replicas will meet it too',
      );
    }
    if (started) {
      this.#metrics?.bans.inc({ shape });
      this.#logger?.error(
        { route: routeKey(route), shape, banMs },
        'discord banned this bot for too many invalid requests; no replica sends anything, interaction ' +
          'responses included, until the ban ends',
      );
    }
    await this.#recordInvalid();
    return new RateLimitedError({
      code: 'cloudflare',
      retryAfterMs: banMs,
      status: 429,
      route: routeKey(route),
      message: `discord banned this bot for invalid requests (${shape} answer) for ${Math.ceil(banMs / 1000)} s`,
    });
  }

  // Best effort: the answer already happened, and a Redis hiccup must not turn, say, an interaction's
  // 40060 into a different error.
  async #recordInvalid(): Promise<void> {
    try {
      const { count } = await this.#invalid.record();
      this.#metrics?.invalidRequests.set(count);
      if (count === this.#options.invalidRequestLimit) {
        this.#logger?.warn(
          { count, limit: this.#options.invalidRequestLimit },
          'invalid-request budget spent; refusing all but interaction responses until the window ends',
        );
      }
    } catch (error) {
      this.#logger?.warn({ err: error }, 'could not count an invalid request in redis');
    }
  }
}
