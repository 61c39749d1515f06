import type { ReadinessCheck } from './opsServer.js';

export interface CachedProbeOptions {
  /** An answer (success or failure) is reused for this long, so frequent probes do not load the dependency. */
  reuseMs: number;
  /** A probe that has not answered after this long counts as failed. */
  timeoutMs: number;
  /** The clock, in milliseconds. @defaultValue `performance.now` */
  now?: () => number;
}

/**
 * A readiness check around a round trip to a dependency (`select 1`, `PING`): the answer is cached for
 * `reuseMs`, and at most one round trip is outstanding at a time. A probe that hangs (a server that accepts
 * connections and never answers) is not asked again until it settles; meanwhile every check fails with
 * "no answer within", instead of piling up one more stuck query per probe.
 */
export function cacheProbe(probe: () => Promise<unknown>, options: CachedProbeOptions): ReadinessCheck {
  const now = options.now ?? (() => performance.now());
  let answer: { at: number; error: Error | undefined } | undefined;
  let pending: Promise<void> | undefined;

  const start = (): Promise<void> => {
    pending ??= probe().then(
      () => {
        answer = { at: now(), error: undefined };
      },
      (error: unknown) => {
        answer = { at: now(), error: error instanceof Error ? error : new Error(String(error)) };
      },
    );
    const settled = pending;
    void settled.finally(() => {
      if (pending === settled) pending = undefined;
    });
    return settled;
  };

  return async () => {
    if (answer === undefined || now() - answer.at >= options.reuseMs) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
        timer.unref();
      });
      try {
        if ((await Promise.race([start(), timedOut])) === 'timeout') {
          throw new Error(`unreachable: no answer within ${options.timeoutMs} ms`);
        }
      } finally {
        clearTimeout(timer);
      }
    }
    if (answer?.error) throw new Error(`unreachable: ${answer.error.message}`);
  };
}
