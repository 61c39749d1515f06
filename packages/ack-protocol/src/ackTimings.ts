import { env } from '@droas/runtime';

/**
 * Discord refuses an interaction's first response (its acknowledgement: a callback of type 4 or 5) this long
 * after the interaction's creation, with 10062; a second one at any time with 40060.
 */
export const ACK_DEADLINE_MS = 3_000;

/**
 * The least time an acknowledgement is given to reach Discord: nobody starts one later than this before the
 * deadline. A request takes a few milliseconds on a healthy link; this leaves room for a slow one.
 */
export const MIN_ACK_FLIGHT_MS = 200;

/**
 * Every moment of the acknowledgement protocol, in milliseconds after the interaction's creation (the time in
 * its snowflake, Discord's clock). The gateway's guard and the workers must use the same values; both read
 * them from the same variables ({@link ackTimingsEnvShape}).
 *
 * ```
 * 0 ─── guardFire ──(recheck)── guardHoldBack ── guardLastStart ── workerLastCallback ── 3000 ── leaseEnd ── answerWaitEnd
 *       guard's first check      Redis down: ask   last deferral     last callback        deadline  leases lapse  senders ask
 *                                Discord from here  started           started                                   Discord
 * ```
 */
export interface AckTimings {
  /** The guard's first look at an interaction: if nobody has claimed it, it defers. @defaultValue 1500 */
  readonly guardFireMs: number;
  /** Between the guard's looks at an interaction a worker is answering. @defaultValue 200 */
  readonly guardRecheckMs: number;
  /**
   * While Redis cannot be reached, the guard holds back until this, so a worker's callback sent before the
   * outage has landed; then it asks Discord whether anyone answered, and defers if not. @defaultValue 2200
   */
  readonly guardHoldBackMs: number;
  /** The guard starts no deferral later than this, so it lands before the deadline. @defaultValue 2600 */
  readonly guardLastStartMs: number;
  /** A worker starts no callback later than this; past it, an edit is the only way. @defaultValue 2800 */
  readonly workerLastCallbackMs: number;
  /**
   * A claim whose holder is sending an acknowledgement lasts until this: until a request in flight can no
   * longer land (the deadline, plus the skew between our clocks and Discord's). Nobody else acknowledges
   * while it holds, so two acknowledgements never race. @defaultValue 3500
   */
  readonly leaseEndMs: number;
  /**
   * How long a sender waits for Discord's answer to its acknowledgement before it gives up on the request and
   * asks Discord instead (after the deadline, Discord's answer is final). @defaultValue 5000
   */
  readonly answerWaitEndMs: number;
  /** The guard's checks falling due within one tick share one Redis round trip. @defaultValue 10 */
  readonly guardTickMs: number;
  /** How often a worker says it is alive while it may hold claims. @defaultValue 200 */
  readonly heartbeatMs: number;
  /**
   * How long a heartbeat lasts. A worker silent this long is dead to the guard, which then takes over its
   * claims (asking Discord first); it must outlast any pause of a living worker. @defaultValue 1200
   */
  readonly heartbeatTtlMs: number;
}

export const DefaultAckTimings = {
  guardFireMs: 1_500,
  guardRecheckMs: 200,
  guardHoldBackMs: 2_200,
  guardLastStartMs: 2_600,
  workerLastCallbackMs: 2_800,
  leaseEndMs: 3_500,
  answerWaitEndMs: 5_000,
  guardTickMs: 10,
  heartbeatMs: 200,
  heartbeatTtlMs: 1_200,
} as const satisfies AckTimings;

/** Where each timing comes from in the environment: one variable per timing, the same for gateway and workers. */
export const ACK_TIMING_VARIABLES = {
  guardFireMs: 'ACK_GUARD_MS',
  guardRecheckMs: 'ACK_GUARD_RECHECK_MS',
  guardHoldBackMs: 'ACK_GUARD_HOLD_BACK_MS',
  guardLastStartMs: 'ACK_GUARD_LAST_START_MS',
  workerLastCallbackMs: 'ACK_WORKER_LAST_CALLBACK_MS',
  leaseEndMs: 'ACK_LEASE_END_MS',
  answerWaitEndMs: 'ACK_ANSWER_WAIT_END_MS',
  guardTickMs: 'ACK_GUARD_TICK_MS',
  heartbeatMs: 'ACK_HEARTBEAT_MS',
  heartbeatTtlMs: 'ACK_HEARTBEAT_TTL_MS',
} as const satisfies Record<keyof AckTimings, string>;

/**
 * The rules the protocol's safety rests on, each as the problem it reports when broken. Every rule names the
 * timings it relates; `name` turns a timing into what the reader configured (an environment variable).
 */
export function checkAckTimings(t: AckTimings, name: (key: keyof AckTimings) => string = String): string[] {
  const problems: string[] = [];
  const rule = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const n = name;
  rule(t.guardTickMs >= 1 && t.guardTickMs <= 100, `${n('guardTickMs')} must be from 1 to 100 ms`);
  rule(t.guardFireMs > 0, `${n('guardFireMs')} must be positive`);
  rule(
    t.guardFireMs <= t.guardHoldBackMs && t.guardHoldBackMs <= t.guardLastStartMs,
    `${n('guardFireMs')} ≤ ${n('guardHoldBackMs')} ≤ ${n('guardLastStartMs')} must hold: the guard looks first, ` +
      'holds back while Redis is away, and still has time to defer',
  );
  rule(
    t.guardRecheckMs >= t.guardTickMs && t.guardFireMs + t.guardRecheckMs <= t.guardLastStartMs,
    `${n('guardRecheckMs')} must be at least ${n('guardTickMs')}, and ${n('guardFireMs')} + ` +
      `${n('guardRecheckMs')} at most ${n('guardLastStartMs')}: a claim a failed callback released must be ` +
      'seen again before the last deferral',
  );
  rule(
    t.guardLastStartMs <= ACK_DEADLINE_MS - MIN_ACK_FLIGHT_MS,
    `${n('guardLastStartMs')} must be at most ${ACK_DEADLINE_MS - MIN_ACK_FLIGHT_MS} (the ${ACK_DEADLINE_MS} ms ` +
      `deadline less ${MIN_ACK_FLIGHT_MS} ms for the deferral to land)`,
  );
  rule(
    t.workerLastCallbackMs >= t.guardLastStartMs &&
      t.workerLastCallbackMs <= ACK_DEADLINE_MS - MIN_ACK_FLIGHT_MS / 2,
    `${n('workerLastCallbackMs')} must be from ${n('guardLastStartMs')} to ` +
      `${ACK_DEADLINE_MS - MIN_ACK_FLIGHT_MS / 2}: a worker may answer while the guard may, and only while a ` +
      'callback can still land',
  );
  rule(
    t.leaseEndMs > ACK_DEADLINE_MS + 100 && t.leaseEndMs <= ACK_DEADLINE_MS + 10_000,
    `${n('leaseEndMs')} must be from ${ACK_DEADLINE_MS + 101} to ${ACK_DEADLINE_MS + 10_000}: a claim must ` +
      'outlast any acknowledgement still in flight, with room for clock skew',
  );
  rule(
    t.answerWaitEndMs >= t.leaseEndMs && t.answerWaitEndMs <= 60_000,
    `${n('answerWaitEndMs')} must be from ${n('leaseEndMs')} to 60000: a sender asks Discord only once ` +
      'nothing it sent can still land',
  );
  rule(
    t.heartbeatMs >= 10 && t.heartbeatTtlMs >= 3 * t.heartbeatMs && t.heartbeatTtlMs <= 60_000,
    `${n('heartbeatTtlMs')} must be at least 3 × ${n('heartbeatMs')} (at least 10 ms), and at most 60000: ` +
      'two late heartbeats must not make a living worker look dead',
  );
  return problems;
}

/** The defaults with `overrides` applied; throws a `RangeError` naming every broken rule. */
export function resolveAckTimings(overrides: Partial<AckTimings> = {}): AckTimings {
  const timings = { ...DefaultAckTimings, ...overrides };
  const problems = checkAckTimings(timings);
  if (problems.length > 0) throw new RangeError(`invalid acknowledgement timings: ${problems.join('; ')}`);
  return timings;
}

/**
 * The variables of {@link ACK_TIMING_VARIABLES} as a config shape, for the gateway's and the workers' config.
 * Each is range-checked alone; {@link checkAckTimingsConfig} checks how they relate.
 */
export const ackTimingsEnvShape = {
  ACK_GUARD_MS: env.int(100, 2_800).default(DefaultAckTimings.guardFireMs),
  ACK_GUARD_RECHECK_MS: env.int(1, 2_800).default(DefaultAckTimings.guardRecheckMs),
  ACK_GUARD_HOLD_BACK_MS: env.int(100, 2_800).default(DefaultAckTimings.guardHoldBackMs),
  ACK_GUARD_LAST_START_MS: env.int(100, 2_800).default(DefaultAckTimings.guardLastStartMs),
  ACK_WORKER_LAST_CALLBACK_MS: env.int(100, 2_900).default(DefaultAckTimings.workerLastCallbackMs),
  ACK_LEASE_END_MS: env.int(3_000, 13_000).default(DefaultAckTimings.leaseEndMs),
  ACK_ANSWER_WAIT_END_MS: env.int(3_000, 60_000).default(DefaultAckTimings.answerWaitEndMs),
  ACK_GUARD_TICK_MS: env.int(1, 100).default(DefaultAckTimings.guardTickMs),
  ACK_HEARTBEAT_MS: env.int(1, 60_000).default(DefaultAckTimings.heartbeatMs),
  ACK_HEARTBEAT_TTL_MS: env.int(1, 60_000).default(DefaultAckTimings.heartbeatTtlMs),
};

type AckTimingsConfig = { readonly [K in (typeof ACK_TIMING_VARIABLES)[keyof AckTimings]]: number };

/** The timings a parsed config holds. */
export function ackTimingsFromConfig(config: AckTimingsConfig): AckTimings {
  const entries = Object.entries(ACK_TIMING_VARIABLES) as [keyof AckTimings, keyof AckTimingsConfig][];
  return Object.fromEntries(
    entries.map(([key, variable]) => [key, config[variable]]),
  ) as unknown as AckTimings;
}

/** A config check (runtime's `ConfigCheck`) refusing timings that break the protocol's ordering. */
export function checkAckTimingsConfig(config: AckTimingsConfig): string[] {
  return checkAckTimings(ackTimingsFromConfig(config), (key) => ACK_TIMING_VARIABLES[key]);
}
