import {
  FALLBACK_RETRY_AFTER_MS,
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

  it("reads Cloudflare's plain-text ban as its own scope", () => {
    expect(parseRateLimitAnswer(new Headers({ 'retry-after': '60' }), 'error code: 1015')).toEqual({
      retryAfterMs: 60_000,
      scope: 'cloudflare',
    });
  });

  it('never answers 0 for a 429 that says nothing, so nobody loops on it', () => {
    expect(parseRateLimitAnswer(new Headers(), {}).retryAfterMs).toBe(FALLBACK_RETRY_AFTER_MS);
    expect(parseRateLimitAnswer(new Headers({ 'retry-after': 'soon' }), undefined).retryAfterMs).toBe(
      FALLBACK_RETRY_AFTER_MS,
    );
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
