import {
  DEFAULT_BAN_DURATION_MS,
  FALLBACK_RETRY_AFTER_MS,
  banShapeOf,
  countsAsInvalid,
  parseBucketHeaders,
  parseRateLimitAnswer,
} from './rateLimitHeaders.js';

describe('parseBucketHeaders', () => {
  it('reads remaining, reset-after (as ms, rounded up) and the bucket id', () => {
    const headers = new Headers({
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset': '1700000000.123',
      'x-ratelimit-reset-after': '4.9991',
      'x-ratelimit-bucket': 'abcd',
    });
    expect(parseBucketHeaders(headers)).toEqual({ bucket: 'abcd', remaining: 4, resetAfterMs: 5000 });
  });

  it('needs both remaining and reset-after', () => {
    expect(parseBucketHeaders(new Headers({ 'x-ratelimit-remaining': '1' }))).toBeUndefined();
    expect(parseBucketHeaders(new Headers({ 'x-ratelimit-reset-after': '1' }))).toBeUndefined();
    expect(
      parseBucketHeaders(new Headers({ 'x-ratelimit-remaining': 'x', 'x-ratelimit-reset-after': '1' })),
    ).toBeUndefined();
  });
});

describe('parseRateLimitAnswer', () => {
  it('takes the longer of Retry-After and the body, and the scope', () => {
    const headers = new Headers({ 'retry-after': '1', 'x-ratelimit-scope': 'user' });
    expect(parseRateLimitAnswer(headers, { retry_after: 0.25, global: false })).toEqual({
      retryAfterMs: 1000,
      scope: 'user',
    });
    expect(parseRateLimitAnswer(new Headers(), { retry_after: 64.57, global: false })).toEqual({
      retryAfterMs: 64570,
      scope: 'user',
    });
  });

  it('recognises the global limit by header or body', () => {
    const global = new Headers({
      'retry-after': '1',
      'x-ratelimit-global': 'true',
      'x-ratelimit-scope': 'global',
    });
    expect(parseRateLimitAnswer(global, { retry_after: 0.1, global: true }).scope).toBe('global');
    expect(parseRateLimitAnswer(new Headers(), { retry_after: 1, global: true }).scope).toBe('global');
    expect(parseRateLimitAnswer(new Headers({ 'x-ratelimit-scope': 'shared' }), {}).scope).toBe('shared');
  });

  it("reads Cloudflare's plain-text ban as a ban, for its Retry-After", () => {
    expect(parseRateLimitAnswer(new Headers({ 'retry-after': '60' }), 'error code: 1015')).toEqual({
      retryAfterMs: 60_000,
      scope: 'cloudflare',
      ban: 'text',
    });
  });

  it('takes a ban that states no wait, in either shape, to last the ban duration', () => {
    expect(parseRateLimitAnswer(new Headers(), 'error code: 1015', 30_000)).toEqual({
      retryAfterMs: 30_000,
      scope: 'cloudflare',
      ban: 'text',
    });
    expect(parseRateLimitAnswer(new Headers({ 'retry-after': 'soon' }), undefined)).toEqual({
      retryAfterMs: DEFAULT_BAN_DURATION_MS,
      scope: 'cloudflare',
      ban: 'text',
    });
    expect(parseRateLimitAnswer(new Headers(), jsonBan)).toEqual({
      retryAfterMs: DEFAULT_BAN_DURATION_MS,
      scope: 'cloudflare',
      ban: 'json',
    });
  });

  it('never answers 0 for a rate limit that says nothing, so nobody loops on it', () => {
    expect(parseRateLimitAnswer(new Headers(), {})).toEqual({
      retryAfterMs: FALLBACK_RETRY_AFTER_MS,
      scope: 'user',
    });
  });
});

// The JSON ban as Discord words it: `code: 0`, no `retry_after`, no rate-limit header.
const jsonBan = {
  message:
    'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently.',
  code: 0,
};

describe('banShapeOf', () => {
  it('reads any 429 that is not JSON as Cloudflare’s ban, whatever its body', () => {
    expect(banShapeOf(new Headers(), undefined)).toBe('text');
    expect(banShapeOf(new Headers({ 'retry-after': '10' }), undefined)).toBe('text');
  });

  it('reads a JSON 429 with code 0 and no wait anywhere as the JSON ban', () => {
    expect(banShapeOf(new Headers(), jsonBan)).toBe('json');
  });

  it('leaves every rate limit that states a wait, a scope or a bucket alone', () => {
    expect(banShapeOf(new Headers(), { ...jsonBan, retry_after: 1.5 })).toBeUndefined();
    expect(banShapeOf(new Headers(), { ...jsonBan, global: true })).toBeUndefined();
    for (const name of ['retry-after', 'x-ratelimit-scope', 'x-ratelimit-global', 'x-ratelimit-bucket']) {
      expect(banShapeOf(new Headers({ [name]: '1' }), jsonBan)).toBeUndefined();
    }
    expect(
      banShapeOf(new Headers(), { message: 'You are being rate limited.', code: 20028 }),
    ).toBeUndefined();
    expect(banShapeOf(new Headers(), { message: 'You are being rate limited.' })).toBeUndefined();
  });
});

describe('countsAsInvalid', () => {
  it("follows Discord's rule: 401, 403, and 429 unless shared", () => {
    expect(countsAsInvalid(401)).toBe(true);
    expect(countsAsInvalid(403)).toBe(true);
    expect(countsAsInvalid(429, 'user')).toBe(true);
    expect(countsAsInvalid(429, 'global')).toBe(true);
    expect(countsAsInvalid(429, 'shared')).toBe(false);
    expect(countsAsInvalid(404)).toBe(false);
    expect(countsAsInvalid(400)).toBe(false);
  });
});
