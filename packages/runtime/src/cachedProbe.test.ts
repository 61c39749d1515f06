import { cacheProbe } from './cachedProbe';

/** A probe the test answers by hand, counting the round trips it was asked for. */
function manualProbe() {
  const calls: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const probe = () =>
    new Promise<void>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { probe, calls };
}

describe('cacheProbe', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 0;
  });

  it('reuses an answer for reuseMs, then asks again', async () => {
    let asked = 0;
    const check = cacheProbe(
      () => {
        asked++;
        return Promise.resolve();
      },
      { reuseMs: 1000, timeoutMs: 500, now },
    );
    await check();
    clock = 999;
    await check();
    expect(asked).toBe(1);
    clock = 1000;
    await check();
    expect(asked).toBe(2);
  });

  it('fails with what the dependency said, and caches the failure too', async () => {
    let asked = 0;
    const check = cacheProbe(
      () => {
        asked++;
        return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      },
      { reuseMs: 1000, timeoutMs: 500, now },
    );
    await expect(check()).rejects.toThrow('unreachable: connect ECONNREFUSED 127.0.0.1:5432');
    await expect(check()).rejects.toThrow('unreachable: connect ECONNREFUSED');
    expect(asked).toBe(1);
  });

  it('recovers on the first probe that succeeds after the cached failure expires', async () => {
    let up = false;
    const check = cacheProbe(() => (up ? Promise.resolve() : Promise.reject(new Error('down'))), {
      reuseMs: 1000,
      timeoutMs: 500,
      now,
    });
    await expect(check()).rejects.toThrow('unreachable: down');
    up = true;
    await expect(check()).rejects.toThrow('unreachable: down');
    clock = 1000;
    await expect(check()).resolves.toBeUndefined();
  });

  it('fails a probe that does not answer in time, and sends no second one while the first hangs', async () => {
    const { probe, calls } = manualProbe();
    const check = cacheProbe(probe, { reuseMs: 1000, timeoutMs: 20, now });
    await expect(check()).rejects.toThrow('unreachable: no answer within 20 ms');
    clock = 5000;
    await expect(check()).rejects.toThrow('unreachable: no answer within 20 ms');
    expect(calls).toHaveLength(1);
    // It answers at last: the next check asks again.
    calls[0]!.resolve();
    await new Promise((r) => setImmediate(r));
    await expect(check()).resolves.toBeUndefined();
    clock = 6000;
    const next = check();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve();
    await expect(next).resolves.toBeUndefined();
  });

  it('shares one round trip between checks asked at the same time', async () => {
    const { probe, calls } = manualProbe();
    const check = cacheProbe(probe, { reuseMs: 1000, timeoutMs: 1000, now });
    const both = Promise.all([check(), check()]);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    await expect(both).resolves.toEqual([undefined, undefined]);
  });
});
