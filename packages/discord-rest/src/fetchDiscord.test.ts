import { parseBucketHeaders } from './rateLimitHeaders.js';
import { headerReader } from './fetchDiscord.js';

describe('headerReader', () => {
  it('reads Node’s parsed headers by any case, as WHATWG Headers would', () => {
    const headers = headerReader({
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset-after': '1.5',
      'x-ratelimit-bucket': 'abc',
      'set-cookie': ['a=1', 'b=2'],
    });
    expect(headers.get('X-RateLimit-Bucket')).toBe('abc');
    expect(headers.has('x-ratelimit-global')).toBe(false);
    expect(headers.get('retry-after')).toBeNull();
    expect(headers.get('set-cookie')).toBe('a=1, b=2');
    expect(parseBucketHeaders(headers)).toEqual({ bucket: 'abc', remaining: 4, resetAfterMs: 1500 });
  });
});
