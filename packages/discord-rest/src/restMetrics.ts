import { FAST_SECONDS_BUCKETS, type Counter, type Gauge, type Histogram, type Metrics } from '@droas/runtime';

/** The limits the client applies before sending; `deadline`, a call's own send-by time. */
export type LocalLimit = 'route' | 'global' | 'invalid' | 'ban' | 'deadline';

export interface RestMetrics {
  /** `droas_discord_rest_requests_total{method,route,status}`; status is the HTTP status, `error` or `timeout`. */
  readonly requests: Counter<'method' | 'route' | 'status'>;
  /** `droas_discord_rest_request_duration_seconds{method,route}`: sending to last byte. */
  readonly duration: Histogram<'method' | 'route'>;
  /**
   * `droas_discord_rest_limit_waits_total{limit}`: `route`, calls that waited for their route bucket; `global`,
   * pauses for the shared global budget (a call may pause more than once while other replicas take it).
   */
  readonly waits: Counter<'limit'>;
  /**
   * `droas_discord_rest_limit_refusals_total{limit}`: calls refused here, with `RateLimitedError`, or with
   * `SendDeadlinePassedError` for `deadline`.
   */
  readonly refusals: Counter<'limit'>;
  /** `droas_discord_rest_rate_limited_total{scope}`: 429s Discord answered. */
  readonly rateLimited: Counter<'scope'>;
  /** `droas_discord_rest_invalid_requests`: the bot's invalid answers in the current window, all replicas. */
  readonly invalidRequests: Gauge;
  /**
   * `droas_discord_rest_bans_total{shape}`: invalid-request bans detected, `text` or `json`; counted by the one
   * replica that recorded each ban, so the sum over replicas is the number of bans.
   */
  readonly bans: Counter<'shape'>;
  /**
   * `droas_discord_rest_banned`: 1 while this process knows of a ban in force (its own answer, or another
   * replica's read from Redis before a request), else 0.
   */
  readonly banned: Gauge;
  /** Tells `banned` that a ban is in force until `untilMs` (epoch ms); 0 when none is. */
  banKnownUntil(untilMs: number): void;
}

// prom-client refuses a second metric of the same name in one registry; clients sharing a Metrics share
// the series.
const byRegistry = new WeakMap<Metrics, RestMetrics>();

export function restMetrics(metrics: Metrics): RestMetrics {
  let found = byRegistry.get(metrics);
  if (found === undefined) {
    // Read at scrape time, so the gauge drops to 0 when the ban ends even if nothing is sent after it.
    let bannedUntilMs = 0;
    found = {
      requests: metrics.counter({
        name: 'discord_rest_requests_total',
        help: 'Discord REST requests sent, by route template, method and status.',
        labelNames: ['method', 'route', 'status'],
      }),
      duration: metrics.histogram({
        name: 'discord_rest_request_duration_seconds',
        help: 'Discord REST request latency, sending to last byte.',
        labelNames: ['method', 'route'],
        buckets: FAST_SECONDS_BUCKETS,
      }),
      waits: metrics.counter({
        name: 'discord_rest_limit_waits_total',
        help: 'route: calls that waited for their bucket; global: pauses for the shared global budget',
        labelNames: ['limit'],
      }),
      refusals: metrics.counter({
        name: 'discord_rest_limit_refusals_total',
        help: "Calls refused before sending, by the limit that refused them (deadline: past the call's send-by time).",
        labelNames: ['limit'],
      }),
      rateLimited: metrics.counter({
        name: 'discord_rest_rate_limited_total',
        help: '429 answers from Discord, by scope.',
        labelNames: ['scope'],
      }),
      invalidRequests: metrics.gauge({
        name: 'discord_rest_invalid_requests',
        help: "The bot's 401/403/429 answers in the current invalid-request window, across replicas.",
      }),
      bans: metrics.counter({
        name: 'discord_rest_bans_total',
        help: 'Invalid-request bans detected (Cloudflare text 1015 or JSON code 0), by shape; one per ban.',
        labelNames: ['shape'],
      }),
      banned: metrics.gauge({
        name: 'discord_rest_banned',
        help: '1 while an invalid-request ban is in force and nothing is sent to Discord, else 0.',
        collect() {
          this.set(bannedUntilMs > Date.now() ? 1 : 0);
        },
      }),
      banKnownUntil(untilMs: number) {
        bannedUntilMs = untilMs;
      },
    };
    byRegistry.set(metrics, found);
  }
  return found;
}
