/** A response's headers, read by lower-case name: what both WHATWG `Headers` and {@link headerReader} give. */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** A per-route bucket's state, as one response describes it. */
export interface BucketHeaders {
  /** `X-RateLimit-Bucket`: Discord's id for the bucket, shared by routes that share a limit. */
  bucket: string | undefined;
  /** `X-RateLimit-Remaining`: requests left in the current window after this one. */
  remaining: number;
  /** `X-RateLimit-Reset-After`, in ms: when the window resets, counted from when the answer was made. */
  resetAfterMs: number;
}

/**
 * Which limit a 429 came from. `user` and `shared` are per-route (`shared` is a resource's limit across
 * bots, which Discord does not count as invalid); `global` is the bot's 50/s; `cloudflare` is the
 * invalid-request ban, in either of its shapes ({@link BanShape}).
 */
export type RateLimitScope = 'user' | 'shared' | 'global' | 'cloudflare';

/**
 * The two forms a ban for too many invalid requests takes (neither is documented): `text`, Cloudflare's own
 * plain-text page (`error code: 1015`), usually with `Retry-After`; `json`, a Discord body `{message, code: 0}`
 * with no `retry_after`, no `Retry-After` and no rate-limit header, so nothing says how long it lasts.
 */
export type BanShape = 'text' | 'json';

/** What a 429 says about how long to stay away. */
export interface RateLimitAnswer {
  retryAfterMs: number;
  scope: RateLimitScope;
  /** Set when the 429 is a ban rather than a rate limit; `scope` is then `cloudflare`. */
  ban?: BanShape;
}

/**
 * Used when a 429 says nothing usable about when to come back. discord.js reads a missing `Retry-After` as 0
 * and retries at once, in a loop; a second is a guess, but one that cannot loop.
 */
export const FALLBACK_RETRY_AFTER_MS = 1000;

/**
 * How long a ban is taken to last when its answer does not say (the JSON shape never does). Discord documents
 * neither the ban nor its length; bans are reported to last about an hour, and sending into one earns nothing
 * but more refusals, so the default errs long. `DiscordRestOptions.banDurationMs` overrides it.
 */
export const DEFAULT_BAN_DURATION_MS = 3_600_000;

/**
 * Reads the bucket headers; undefined unless both `-Remaining` and `-Reset-After` are there and numbers
 * (`-Reset` is an epoch time on Discord's clock, so the relative `-Reset-After` is what a client can trust).
 */
export function parseBucketHeaders(headers: ResponseHeaders): BucketHeaders | undefined {
  const remaining = numberHeader(headers, 'x-ratelimit-remaining');
  const resetAfterS = numberHeader(headers, 'x-ratelimit-reset-after');
  if (remaining === undefined || resetAfterS === undefined) return undefined;
  return {
    bucket: headers.get('x-ratelimit-bucket') ?? undefined,
    remaining: Math.max(0, Math.floor(remaining)),
    resetAfterMs: Math.max(0, Math.ceil(resetAfterS * 1000)),
  };
}

/**
 * Reads a 429. The wait is the longer of `Retry-After` (whole seconds, rounded up by Discord) and the body's
 * precise `retry_after`, so rounding never sends a request early. A ban ({@link banShapeOf}) that states no
 * wait lasts `banDurationMs`; any other 429 that states none, {@link FALLBACK_RETRY_AFTER_MS}.
 */
export function parseRateLimitAnswer(
  headers: ResponseHeaders,
  body: unknown,
  banDurationMs: number = DEFAULT_BAN_DURATION_MS,
): RateLimitAnswer {
  const json = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const waits = [numberHeader(headers, 'retry-after'), json?.['retry_after']]
    .filter((s): s is number => typeof s === 'number' && Number.isFinite(s) && s >= 0)
    .map((s) => Math.ceil(s * 1000));
  const ban = banShapeOf(headers, json);
  if (ban !== undefined) {
    return {
      retryAfterMs: waits.length === 0 ? banDurationMs : Math.max(...waits),
      scope: 'cloudflare',
      ban,
    };
  }
  return {
    retryAfterMs: waits.length === 0 ? FALLBACK_RETRY_AFTER_MS : Math.max(...waits),
    scope: scopeOf(headers, json),
  };
}

/**
 * Whether a 429 is the invalid-request ban, and in which form. Discord answers every rate limit of its own in
 * JSON with `retry_after`, so a 429 that is not JSON comes from Cloudflare in front of it (`text`); a JSON 429
 * with `code: 0` and no wait anywhere, neither in the body nor in a header, is the ban Discord words itself
 * (`json`).
 */
export function banShapeOf(
  headers: ResponseHeaders,
  json: Record<string, unknown> | undefined,
): BanShape | undefined {
  if (json === undefined) return 'text';
  if (json['code'] !== 0 || 'retry_after' in json || json['global'] === true) return undefined;
  const rateLimitHeader = ['retry-after', 'x-ratelimit-scope', 'x-ratelimit-global', 'x-ratelimit-bucket'];
  return rateLimitHeader.some((name) => headers.has(name)) ? undefined : 'json';
}

function scopeOf(headers: ResponseHeaders, json: Record<string, unknown> | undefined): RateLimitScope {
  if (headers.has('x-ratelimit-global') || json?.['global'] === true) return 'global';
  const scope = headers.get('x-ratelimit-scope');
  if (scope === 'user' || scope === 'shared' || scope === 'global') return scope;
  return 'user';
}

/**
 * Whether Discord counts an answer against the invalid-request budget (10,000 per 10 minutes, then a
 * temporary ban): every 401 and 403, and every 429 except those of a `shared` limit.
 */
export function countsAsInvalid(status: number, scope?: RateLimitScope): boolean {
  if (status === 401 || status === 403) return true;
  return status === 429 && scope !== 'shared';
}

function numberHeader(headers: ResponseHeaders, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}
