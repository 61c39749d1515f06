import { CircuitOpenError, InvalidJobError, RateLimitedError } from './errors';
import { retry, type RetryEvent, type Sleep } from './retry';

/** A sleep that returns at once and remembers what it was asked to wait. */
function recordingSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  const sleep: Sleep = (ms) => {
    waits.push(ms);
    return Promise.resolve();
  };
  return { waits, sleep };
}

/** A function that fails with each error in turn, then returns 'done'. */
function failing(...errors: Error[]): jest.Mock<Promise<string>, [number]> {
  return jest.fn((attempt: number) =>
    Promise.resolve().then(() => {
      const error = errors[attempt - 1];
      if (error !== undefined) throw error;
      return 'done';
    }),
  );
}

describe('retry', () => {
  it('returns the first success, passing the attempt number', async () => {
    const { sleep, waits } = recordingSleep();
    const fn = failing(new Error('a'), new Error('b'));
    await expect(retry(fn, { sleep, random: () => 0.5 })).resolves.toBe('done');
    expect(fn.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
    // Full jitter at 0.5: half of 100 ms, then half of 200 ms.
    expect(waits).toEqual([50, 100]);
  });

  it('rethrows the last error unchanged after maxAttempts calls', async () => {
    const { sleep, waits } = recordingSleep();
    const last = new Error('still down');
    const fn = failing(new Error('1'), new Error('2'), last, new Error('never reached'));
    await expect(retry(fn, { sleep, maxAttempts: 3, random: () => 0 })).rejects.toBe(last);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(waits).toHaveLength(2);
  });

  it('never retries an error classified never', async () => {
    const { sleep, waits } = recordingSleep();
    const invalid = new InvalidJobError({ path: 'data', issue: 'bad' });
    const fn = failing(invalid);
    await expect(retry(fn, { sleep })).rejects.toBe(invalid);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it("never retries what the caller's classifier calls permanent", async () => {
    const { sleep } = recordingSleep();
    const duplicate = Object.assign(new Error('duplicate key'), { code: '23505' });
    const fn = failing(duplicate);
    const classify = (e: unknown) =>
      (e as { code?: string }).code === '23505' ? ({ action: 'never', reason: 'dup' } as const) : undefined;
    await expect(retry(fn, { sleep, classify })).rejects.toBe(duplicate);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('waits exactly retryAfterMs for a rate limit or an open breaker, not a backoff', async () => {
    const { sleep, waits } = recordingSleep();
    const fn = failing(
      new RateLimitedError({ retryAfterMs: 1_234 }),
      new CircuitOpenError({ breaker: 'pg', state: 'open', retryAfterMs: 77 }),
    );
    await expect(retry(fn, { sleep, random: () => 0.999 })).resolves.toBe('done');
    expect(waits).toEqual([1_234, 77]);
  });

  it('rethrows at once a retry-at longer than maxRetryAtMs, leaving the wait to the queue', async () => {
    const { sleep, waits } = recordingSleep();
    const limited = new RateLimitedError({ retryAfterMs: 60_000 });
    const fn = failing(limited);
    await expect(retry(fn, { sleep, maxRetryAtMs: 30_000 })).rejects.toBe(limited);
    expect(waits).toEqual([]);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('reports each retry before waiting', async () => {
    const { sleep } = recordingSleep();
    const events: RetryEvent[] = [];
    const first = new Error('first');
    await retry(failing(first), { sleep, random: () => 0, onRetry: (e) => events.push(e) });
    expect(events).toEqual([{ attempt: 1, error: first, classification: { action: 'retry' }, delayMs: 0 }]);
  });

  it('stops waiting when its signal aborts and rethrows the error that caused the wait', async () => {
    const controller = new AbortController();
    const cause = new Error('down');
    const fn = failing(cause, cause, cause);
    const sleep: Sleep = (_ms, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        controller.abort(new Error('shutting down'));
      });
    await expect(retry(fn, { sleep, signal: controller.signal })).rejects.toBe(cause);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not start when its signal has already aborted', async () => {
    const fn = failing();
    await expect(retry(fn, { signal: AbortSignal.abort(new Error('stopped')) })).rejects.toThrow('stopped');
    expect(fn).not.toHaveBeenCalled();
  });

  it('really waits with the default sleep', async () => {
    const started = Date.now();
    await retry(failing(new RateLimitedError({ retryAfterMs: 30 })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects a nonsensical attempt limit', async () => {
    await expect(retry(failing(), { maxAttempts: 0 })).rejects.toThrow(RangeError);
  });
});
