import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import Router from 'find-my-way';
import { DiscordError, Errors } from '../world/discordError.js';
import type { SimState } from '../world/simState.js';
import { bucketHeaders } from './bucketHeaders.js';
import type { BucketName } from './bucketLimits.js';
import type { FaultInjector } from './faultInjector.js';
import type { GlobalRateLimit } from './globalRateLimit.js';
import type { BanShape, InvalidRequestBudget } from './invalidRequestBudget.js';
import type { GatewayDirectory, RouteDef } from './restRoute.js';
import { restRoutes } from './restRoutes.js';
import type { BucketLimit, RouteBuckets } from './routeBuckets.js';
import type { SharedRateLimits } from './sharedRateLimits.js';

export interface RestServerDeps {
  state: SimState;
  gateway: GatewayDirectory;
  buckets: RouteBuckets;
  bucketLimits: Record<BucketName, BucketLimit>;
  globalLimit: GlobalRateLimit;
  invalidBudget: InvalidRequestBudget;
  faults: FaultInjector;
  sharedLimits: SharedRateLimits;
}

/** How a 429 is labelled: Discord's `X-RateLimit-Scope` and, for some shared limits, a JSON `code`. */
interface RateLimitAnswer {
  scope: 'global' | 'user' | 'shared';
  code?: number;
  message?: string;
}

const API_PREFIX = '/api/v10';
const JSON_TYPE = 'application/json';

/**
 * Discord's REST API under `/api/v10`, in the order Discord checks things: the invalid-request ban, auth, the
 * global limit (interaction routes exempt), injected faults, the route's bucket, the resource's shared limit,
 * then the handler. Every answer on a bucketed route carries `X-RateLimit-*`; every 429 carries `Retry-After`;
 * 401/403/429 count against the invalid-request budget, except 429s of scope `shared`.
 */
export class RestServer {
  readonly #router = Router();
  readonly #pending = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: RestServerDeps) {
    for (const route of restRoutes) this.#router.on(route.method, route.template, () => undefined, route);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        this.#process(req, res, chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        this.#fail(res, error);
      }
    });
  }

  /** Drops requests held by injected timeouts or latency. */
  close(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }

  #process(req: IncomingMessage, res: ServerResponse, rawBody: string | undefined): void {
    const { state, invalidBudget, globalLimit, faults } = this.deps;
    const { stats } = state;
    stats.restRequests += 1;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);

    const banMs = invalidBudget.banRemainingMs();
    if (banMs > 0) {
      stats.banned += 1;
      stats.rateLimited += 1;
      return sendBan(res, invalidBudget.banShape, banMs);
    }
    if (!path.startsWith(API_PREFIX)) return this.#sendError(res, Errors.notFound());
    const found = this.#router.find(req.method as 'GET', path.slice(API_PREFIX.length));
    if (!found) return this.#sendError(res, Errors.notFound());
    const route = found.store as RouteDef;

    if (route.auth === 'bot') {
      const auth = req.headers.authorization;
      if (state.account.revoked || auth !== `Bot ${state.account.token}`)
        return this.#sendError(res, Errors.unauthorized());
    }
    if (route.global) {
      const waitMs = globalLimit.take();
      if (waitMs > 0) {
        stats.rateLimitedGlobal += 1;
        return this.#send429(res, waitMs, { 'x-ratelimit-global': 'true' }, { scope: 'global' });
      }
    }
    const fault = faults.pick(route.method, route.template);
    if (fault) {
      switch (fault.kind) {
        case 'rateLimit':
          stats.rateLimitedInjected += 1;
          return this.#send429(res, fault.retryAfterMs ?? 1000, {}, { scope: 'user' });
        case 'serverError':
          stats.serverErrors += 1;
          res.writeHead(fault.status ?? 500, { 'content-type': JSON_TYPE });
          res.end(JSON.stringify({ message: `${fault.status ?? 500}: Internal Server Error`, code: 0 }));
          return;
        case 'timeout':
          this.#later(fault.latencyMs ?? 30_000, () => req.socket.destroy());
          return;
        case 'latency':
          this.#later(fault.latencyMs ?? 1000, () => {
            try {
              this.#run(route, found.params, url, q, rawBody, req, res);
            } catch (error) {
              this.#fail(res, error);
            }
          });
          return;
      }
    }
    this.#run(route, found.params, url, q, rawBody, req, res);
  }

  #run(
    route: RouteDef,
    params: Record<string, string | undefined>,
    url: string,
    q: number,
    rawBody: string | undefined,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    const { state, gateway, buckets, bucketLimits, sharedLimits } = this.deps;
    const major = route.major(params);
    const verdict = buckets.take(`${route.bucket}:${major}`, bucketLimits[route.bucket]);
    const headers = bucketHeaders(route.bucket, verdict);
    if (!verdict.allowed) {
      state.stats.rateLimitedRoute += 1;
      return this.#send429(res, verdict.resetAfterMs, headers, { scope: 'user' });
    }
    const sharedHit = route.shared === undefined ? undefined : sharedLimits.take(route.shared, major);
    if (sharedHit) {
      // The bot's own bucket still has room (its headers say so); the resource is what is busy.
      state.stats.rateLimitedShared += 1;
      const { retryAfterMs, code, message } = sharedHit;
      return this.#send429(res, retryAfterMs, headers, { scope: 'shared', code, message });
    }
    let body: unknown;
    if (rawBody !== undefined && rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return this.#sendError(res, Errors.invalidJson(), headers);
      }
    }
    let result;
    try {
      result = route.handle({
        method: req.method ?? 'GET',
        state,
        gateway,
        params,
        query: q === -1 ? undefined : new URLSearchParams(url.slice(q + 1)),
        body,
      });
    } catch (error) {
      if (error instanceof DiscordError) return this.#sendError(res, error, headers);
      throw error;
    }
    if (result.body === undefined) {
      res.writeHead(result.status, headers);
      res.end();
    } else {
      headers['content-type'] = JSON_TYPE;
      res.writeHead(result.status, headers);
      res.end(JSON.stringify(result.body));
    }
  }

  #send429(res: ServerResponse, waitMs: number, headers: OutgoingHttpHeaders, answer: RateLimitAnswer): void {
    const { stats } = this.deps.state;
    stats.rateLimited += 1;
    // Docs topics/rate-limits.mdx, "Invalid Request Limit": 429s of scope `shared` are not held against the bot.
    if (answer.scope !== 'shared') this.#countInvalid();
    const retryAfter = Math.max(waitMs, 1) / 1000;
    res.writeHead(429, {
      ...headers,
      'x-ratelimit-scope': answer.scope,
      'content-type': JSON_TYPE,
      // Whole seconds, as Discord sends; the body has the precise figure.
      'retry-after': String(Math.ceil(retryAfter)),
    });
    res.end(
      JSON.stringify({
        message: answer.message ?? 'You are being rate limited.',
        retry_after: Number(retryAfter.toFixed(3)),
        global: answer.scope === 'global',
        ...(answer.code === undefined ? {} : { code: answer.code }),
      }),
    );
  }

  #sendError(res: ServerResponse, error: DiscordError, headers: OutgoingHttpHeaders = {}): void {
    if (error.status === 401 || error.status === 403) this.#countInvalid();
    res.writeHead(error.status, { ...headers, 'content-type': JSON_TYPE });
    res.end(JSON.stringify(error.toBody()));
  }

  #countInvalid(): void {
    this.deps.state.stats.invalidRequests += 1;
    this.deps.invalidBudget.record();
  }

  #fail(res: ServerResponse, error: unknown): void {
    if (error instanceof DiscordError) return this.#sendError(res, error);
    this.deps.state.stats.serverErrors += 1;
    if (!res.headersSent) res.writeHead(500, { 'content-type': JSON_TYPE });
    res.end(
      JSON.stringify({
        message: `500: ${error instanceof Error ? error.message : 'Internal Server Error'}`,
        code: 0,
      }),
    );
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      fn();
    }, ms);
    this.#pending.add(timer);
  }
}

/**
 * A banned caller's answer: Cloudflare's own (plain text, error 1015, `Retry-After`), or the JSON one Discord
 * also gives (`code: 0`, and neither `Retry-After` nor any rate-limit header, so a client cannot tell how long).
 */
function sendBan(res: ServerResponse, shape: BanShape, banMs: number): void {
  if (shape === 'cloudflare') {
    res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': String(Math.ceil(banMs / 1000)) });
    res.end('error code: 1015');
    return;
  }
  res.writeHead(429, { 'content-type': JSON_TYPE });
  res.end(
    JSON.stringify({
      message:
        'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently. ' +
        'Please read our docs at https://discord.com/developers/docs/topics/rate-limits to prevent this moving forward.',
      code: 0,
    }),
  );
}
