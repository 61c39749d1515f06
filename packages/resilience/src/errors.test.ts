import {
  CallTimeoutError,
  CircuitOpenError,
  PermanentError,
  RateLimitedError,
  ResilienceError,
} from './errors';

describe('error types', () => {
  it('put their code in the name, so one grep finds every occurrence of a cause', () => {
    expect(new PermanentError({ code: '50013', message: 'Missing Permissions' }).name).toBe(
      'PermanentError[50013]',
    );
    expect(new RateLimitedError({ retryAfterMs: 10, code: 'global' }).name).toBe('RateLimitedError[global]');
    expect(new RateLimitedError({ retryAfterMs: 10 }).name).toBe('RateLimitedError[RATE_LIMITED]');
    expect(new CircuitOpenError({ breaker: 'postgres', state: 'open', retryAfterMs: 5 }).name).toBe(
      'CircuitOpenError[postgres]',
    );
    expect(new CallTimeoutError({ breaker: 'discord-rest', timeoutMs: 5 }).name).toBe(
      'CallTimeoutError[discord-rest]',
    );
  });

  it('carry their context as fields, and the cause as the standard cause', () => {
    const cause = new Error('HTTP 403');
    const error = new PermanentError({
      code: '50013',
      message: 'Missing Permissions',
      status: 403,
      route: 'POST /channels/:id/messages',
      cause,
    });
    expect(error).toBeInstanceOf(ResilienceError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '50013', status: 403, route: 'POST /channels/:id/messages' });
    expect(error.cause).toBe(cause);
    expect(new RateLimitedError({ retryAfterMs: 1 }).cause).toBeUndefined();
  });

  it('round retry delays up to whole milliseconds and never below zero', () => {
    expect(new RateLimitedError({ retryAfterMs: 12.2 }).retryAfterMs).toBe(13);
    expect(new CircuitOpenError({ breaker: 'x', state: 'open', retryAfterMs: -4 }).retryAfterMs).toBe(0);
    expect(() => new RateLimitedError({ retryAfterMs: Number.NaN })).toThrow(RangeError);
  });
});
