import { classifyError, type ErrorClassifier } from './classifyError';
import { CallTimeoutError, CircuitOpenError, PermanentError, RateLimitedError } from './errors';

describe('classifyError', () => {
  it('never retries a permanent failure, and says why', () => {
    expect(classifyError(new PermanentError({ code: '50013', message: 'Missing Permissions' }))).toEqual({
      action: 'never',
      reason: 'PermanentError[50013]: Missing Permissions',
    });
  });

  it('comes back after exactly the delay a rate limit or an open breaker gives', () => {
    expect(classifyError(new RateLimitedError({ retryAfterMs: 1_250 }))).toEqual({
      action: 'retry-at',
      delayMs: 1_250,
    });
    expect(classifyError(new CircuitOpenError({ breaker: 'pg', state: 'open', retryAfterMs: 30 }))).toEqual({
      action: 'retry-at',
      delayMs: 30,
    });
  });

  it('retries with backoff anything else, timeouts and non-errors included', () => {
    expect(classifyError(new Error('ECONNRESET'))).toEqual({ action: 'retry' });
    expect(classifyError(new CallTimeoutError({ breaker: 'pg', timeoutMs: 1 }))).toEqual({ action: 'retry' });
    expect(classifyError('a string')).toEqual({ action: 'retry' });
    expect(classifyError(undefined)).toEqual({ action: 'retry' });
  });

  it("asks the caller's classifier about errors it does not know", () => {
    const postgres: ErrorClassifier = (error) =>
      (error as { code?: string }).code === '23505'
        ? { action: 'never', reason: 'duplicate key' }
        : undefined;
    expect(classifyError(Object.assign(new Error('dup'), { code: '23505' }), postgres)).toEqual({
      action: 'never',
      reason: 'duplicate key',
    });
    expect(classifyError(Object.assign(new Error('deadlock'), { code: '40P01' }), postgres)).toEqual({
      action: 'retry',
    });
  });

  it("does not let the caller's classifier override this package's own errors", () => {
    const retryEverything: ErrorClassifier = () => ({ action: 'retry' });
    expect(
      classifyError(new PermanentError({ code: '50013', message: 'Missing Permissions' }), retryEverything)
        .action,
    ).toBe('never');
  });
});
