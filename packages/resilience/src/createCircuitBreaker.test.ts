import { createLogger, Metrics } from '@droas/runtime';
import { type CircuitBreaker, type CircuitStateChange } from './circuitBreaker';
import { createCircuitBreaker } from './createCircuitBreaker';
import { CallTimeoutError, CircuitOpenError, PermanentError } from './errors';

// Real opossum with short timers: the transitions are opossum's, and these tests pin how we drive them.

const breakers: CircuitBreaker[] = [];
afterEach(() => {
  for (const breaker of breakers.splice(0)) breaker.shutdown();
});

function make(options: Parameters<typeof createCircuitBreaker>[1] = {}) {
  const metrics = new Metrics({ collectDefaults: false });
  const lines: string[] = [];
  const logger = createLogger({
    name: 'test',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const breaker = createCircuitBreaker(
    'dep',
    { volumeThreshold: 2, resetTimeoutMs: 40, timeoutMs: 1_000, ...options },
    { metrics, logger },
  );
  breakers.push(breaker);
  const changes: Array<[CircuitStateChange['from'], CircuitStateChange['to']]> = [];
  breaker.onStateChange(({ from, to }) => changes.push([from, to]));
  return { breaker, metrics, changes, lines };
}

async function value(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return found?.value ?? 0;
}

/** How many calls ended with `outcome`: the `_count` series of the duration histogram. */
async function calls(metrics: Metrics, outcome: string): Promise<number> {
  const metric = metrics.registry.getSingleMetric('droas_circuit_breaker_call_duration_seconds');
  const { values } = (await metric!.get()) as {
    values: Array<{ metricName?: string; labels: Record<string, unknown>; value: number }>;
  };
  const found = values.find((v) => v.metricName?.endsWith('_count') && v.labels.outcome === outcome);
  return found?.value ?? 0;
}

const fail =
  (message = 'ECONNREFUSED') =>
  () =>
    Promise.reject(new Error(message));
const succeed = () => Promise.resolve('ok');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function open(breaker: CircuitBreaker): Promise<void> {
  for (let i = 0; i < 2; i++) await expect(breaker.execute(fail())).rejects.toThrow('ECONNREFUSED');
  expect(breaker.state).toBe('open');
}

describe('createCircuitBreaker', () => {
  it('passes results through and hands fn a live signal', async () => {
    const { breaker, metrics } = make();
    let seen: AbortSignal | undefined;
    await expect(
      breaker.execute((signal) => {
        seen = signal;
        return succeed();
      }),
    ).resolves.toBe('ok');
    expect(seen?.aborted).toBe(false);
    expect(breaker.state).toBe('closed');
    expect(await value(metrics, 'droas_circuit_breaker_state', { breaker: 'dep' })).toBe(0);
    expect(await calls(metrics, 'success')).toBe(1);
    expect(await calls(metrics, 'failure')).toBe(0);
  });

  it('stays closed below the volume threshold, then opens and refuses without calling', async () => {
    const { breaker, metrics, changes } = make({ volumeThreshold: 3 });
    for (let i = 0; i < 2; i++) await expect(breaker.execute(fail())).rejects.toThrow('ECONNREFUSED');
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(fail())).rejects.toThrow('ECONNREFUSED');
    expect(breaker.state).toBe('open');
    expect(changes).toEqual([['closed', 'open']]);

    const fn = jest.fn(succeed);
    const rejection = await breaker.execute(fn).catch((e: unknown) => e);
    expect(fn).not.toHaveBeenCalled();
    expect(rejection).toBeInstanceOf(CircuitOpenError);
    expect(rejection).toMatchObject({ breaker: 'dep', state: 'open', name: 'CircuitOpenError[dep]' });
    const { retryAfterMs } = rejection as CircuitOpenError;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(40);

    expect(await value(metrics, 'droas_circuit_breaker_state', { breaker: 'dep' })).toBe(2);
    expect(
      await value(metrics, 'droas_circuit_breaker_rejections_total', { breaker: 'dep', state: 'open' }),
    ).toBe(1);
    expect(
      await value(metrics, 'droas_circuit_breaker_transitions_total', {
        breaker: 'dep',
        from: 'closed',
        to: 'open',
      }),
    ).toBe(1);
  });

  it('half-opens after the reset timeout and closes on a successful trial', async () => {
    const { breaker, metrics, changes, lines } = make();
    await open(breaker);
    await sleep(60);
    expect(breaker.state).toBe('half-open');
    expect(await value(metrics, 'droas_circuit_breaker_state', { breaker: 'dep' })).toBe(1);
    await expect(breaker.execute(succeed)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
    expect(await value(metrics, 'droas_circuit_breaker_state', { breaker: 'dep' })).toBe(0);
    expect(lines.some((l) => l.includes('"msg":"circuit breaker opened"') && l.includes('"level":40'))).toBe(
      true,
    );
  });

  it('re-opens when the trial fails, and refuses others while the trial is in flight', async () => {
    const { breaker, changes } = make();
    await open(breaker);
    await sleep(60);
    let failTrial!: (error: Error) => void;
    const trial = breaker.execute(() => new Promise((_resolve, reject) => (failTrial = reject)));
    const concurrent = await breaker.execute(succeed).catch((e: unknown) => e);
    expect(concurrent).toBeInstanceOf(CircuitOpenError);
    expect(concurrent).toMatchObject({ state: 'half-open', retryAfterMs: 40 });
    failTrial(new Error('still down'));
    await expect(trial).rejects.toThrow('still down');
    expect(breaker.state).toBe('open');
    expect(changes.at(-1)).toEqual(['half-open', 'open']);
  });

  it("does not count errors the caller's predicate ignores, nor permanent failures, but still throws them", async () => {
    const notFound = Object.assign(new Error('404'), { status: 404 });
    const { breaker, metrics } = make({ ignoreError: (e) => (e as { status?: number }).status === 404 });
    for (let i = 0; i < 5; i++) {
      await expect(breaker.execute(() => Promise.reject(notFound))).rejects.toBe(notFound);
      await expect(
        breaker.execute(() => Promise.reject(new PermanentError({ code: '50013', message: 'x' }))),
      ).rejects.toBeInstanceOf(PermanentError);
    }
    expect(breaker.state).toBe('closed');
    expect(await calls(metrics, 'ignored')).toBe(10);
    expect(await calls(metrics, 'failure')).toBe(0);
  });

  it('an ignored error proves the dependency is up: a half-open trial answering 404 closes the breaker', async () => {
    const { breaker } = make({ ignoreError: (e) => (e as { status?: number }).status === 404 });
    await open(breaker);
    await sleep(60);
    await expect(
      breaker.execute(() => Promise.reject(Object.assign(new Error('404'), { status: 404 }))),
    ).rejects.toThrow('404');
    expect(breaker.state).toBe('closed');
  });

  it('aborts a call that runs past the timeout and counts it as a failure', async () => {
    const { breaker, metrics } = make({ timeoutMs: 20, volumeThreshold: 1, ignoreError: () => true });
    let signal: AbortSignal | undefined;
    const hung = breaker.execute(
      (s) =>
        new Promise<never>((_resolve, reject) => {
          signal = s;
          s.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        }),
    );
    const error = await hung.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallTimeoutError);
    expect(error).toMatchObject({ breaker: 'dep', timeoutMs: 20 });
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
    expect(await calls(metrics, 'timeout')).toBe(1);
    // ignoreError says true for everything, yet a timeout is always the dependency's fault.
    expect(breaker.state).toBe('open');
    expect(
      await value(metrics, 'droas_circuit_breaker_transitions_total', {
        breaker: 'dep',
        from: 'closed',
        to: 'open',
      }),
    ).toBe(1);
  });

  it('gives each call its own signal, so one timeout does not abort the others', async () => {
    const { breaker } = make({ timeoutMs: 40, volumeThreshold: 10 });
    let slowSignal: AbortSignal | undefined;
    let fastSignal: AbortSignal | undefined;
    const slowFailed = breaker
      .execute((s) => {
        slowSignal = s;
        return new Promise<never>(() => {});
      })
      .catch((e: unknown) => e);
    await sleep(20);
    // Still within its own timeout when the slow call's runs out.
    const fast = breaker.execute(async (s) => {
      fastSignal = s;
      await slowFailed;
      return 'fast';
    });
    expect(await slowFailed).toBeInstanceOf(CallTimeoutError);
    expect(slowSignal?.aborted).toBe(true);
    await expect(fast).resolves.toBe('fast');
    expect(fastSignal?.aborted).toBe(false);
  });

  it('keeps notifying when a listener throws, logs it, and unsubscribes', async () => {
    const { breaker, lines } = make();
    const seen: string[] = [];
    breaker.onStateChange(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = breaker.onStateChange(({ to }) => seen.push(to));
    await open(breaker);
    expect(seen).toEqual(['open']);
    expect(lines.some((l) => l.includes('circuit breaker state listener threw'))).toBe(true);
    unsubscribe();
    await sleep(60);
    expect(seen).toEqual(['open']);
  });

  it('shuts down once, however often asked, and refuses calls afterwards', async () => {
    const { breaker } = make();
    breaker.shutdown();
    breaker.shutdown();
    await expect(breaker.execute(succeed)).rejects.toThrow('shutdown');
  });

  it('shares one set of metrics between the breakers of a process', async () => {
    const metrics = new Metrics({ collectDefaults: false });
    const a = createCircuitBreaker('postgres', {}, { metrics });
    const b = createCircuitBreaker('discord-rest', { volumeThreshold: 0 }, { metrics });
    breakers.push(a, b);
    await expect(b.execute(fail())).rejects.toThrow();
    expect(await value(metrics, 'droas_circuit_breaker_state', { breaker: 'postgres' })).toBe(0);
    expect(await value(metrics, 'droas_circuit_breaker_state', { breaker: 'discord-rest' })).toBe(2);
  });

  it('rejects options opossum would misread', () => {
    expect(() => createCircuitBreaker('x', { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createCircuitBreaker('x', { errorThresholdPercentage: 120 })).toThrow(RangeError);
    expect(() => createCircuitBreaker('x', { volumeThreshold: -1 })).toThrow(RangeError);
    expect(() => createCircuitBreaker(' ')).toThrow(TypeError);
  });
});
