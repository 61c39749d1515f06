import { parseConfig, ConfigError } from '@droas/runtime';
import { seededRandom } from '@droas/testkit';
import {
  ACK_DEADLINE_MS,
  ACK_TIMING_VARIABLES,
  DefaultAckTimings,
  MIN_ACK_FLIGHT_MS,
  ackTimingsEnvShape,
  checkAckTimings,
  checkAckTimingsConfig,
  resolveAckTimings,
  type AckTimings,
} from './ackTimings.js';

/**
 * What the protocol's safety needs of its timings, stated as properties of time rather than as the rules
 * `checkAckTimings` is written with, so the two are checked against each other.
 */
function violatedProperties(t: AckTimings): string[] {
  const broken: string[] = [];
  // A claim held while an acknowledgement is on its way must outlast the moment it could still land.
  if (!(t.leaseEndMs > ACK_DEADLINE_MS)) broken.push('a lease ends while a request may still land');
  // Whoever starts the last deferral or callback leaves it time to reach Discord.
  if (t.guardLastStartMs + MIN_ACK_FLIGHT_MS > ACK_DEADLINE_MS) broken.push('the last deferral cannot land');
  if (t.workerLastCallbackMs >= ACK_DEADLINE_MS) broken.push('the last callback cannot land');
  // The guard looks at least twice: a claim released by a failed callback is seen again in time.
  if (t.guardFireMs + t.guardRecheckMs > t.guardLastStartMs) broken.push('the guard never looks again');
  // While Redis is away the guard holds back, but not past its last chance.
  if (t.guardHoldBackMs < t.guardFireMs || t.guardHoldBackMs > t.guardLastStartMs) {
    broken.push('the hold-back is outside the guard window');
  }
  // A sender asks Discord only once nothing it sent can land.
  if (t.answerWaitEndMs < t.leaseEndMs) broken.push('a sender asks while its request may land');
  if (t.guardTickMs < 1 || t.guardRecheckMs < t.guardTickMs) broken.push('checks finer than the tick');
  // A living worker misses at most two beats before it looks dead.
  if (t.heartbeatTtlMs < 3 * t.heartbeatMs) broken.push('a living worker can look dead');
  return broken;
}

function randomEnv(random: () => number): Record<string, string> {
  const env: Record<string, string> = {};
  const ranges: Record<string, [number, number]> = {
    ACK_GUARD_MS: [100, 2_800],
    ACK_GUARD_RECHECK_MS: [1, 2_800],
    ACK_GUARD_HOLD_BACK_MS: [100, 2_800],
    ACK_GUARD_LAST_START_MS: [100, 2_800],
    ACK_WORKER_LAST_CALLBACK_MS: [100, 2_900],
    ACK_LEASE_END_MS: [3_000, 13_000],
    ACK_ANSWER_WAIT_END_MS: [3_000, 60_000],
    ACK_GUARD_TICK_MS: [1, 100],
    ACK_HEARTBEAT_MS: [1, 2_000],
    ACK_HEARTBEAT_TTL_MS: [1, 6_000],
  };
  for (const [name, [min, max]] of Object.entries(ranges)) {
    // Half the time the default, so combinations near the accepted region come up often.
    if (random() < 0.5) continue;
    env[name] = String(Math.round(min + random() * (max - min)));
  }
  return env;
}

describe('acknowledgement timings', () => {
  it('holds every safety property for every configuration the environment accepts, and refuses the rest', () => {
    const random = seededRandom(42);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const env = randomEnv(random);
      let config;
      try {
        config = parseConfig(ackTimingsEnvShape, env, [checkAckTimingsConfig]);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        refused++;
        continue;
      }
      accepted++;
      const timings = Object.fromEntries(
        Object.entries(ACK_TIMING_VARIABLES).map(([key, name]) => [key, config[name]]),
      ) as unknown as AckTimings;
      expect(violatedProperties(timings)).toEqual([]);
    }
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });

  it('refuses every configuration that breaks a property', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 20_000; i++) {
      const t: AckTimings = {
        guardFireMs: Math.round(random() * 3_000),
        guardRecheckMs: Math.round(random() * 1_000),
        guardHoldBackMs: Math.round(random() * 3_000),
        guardLastStartMs: Math.round(random() * 3_000),
        workerLastCallbackMs: Math.round(random() * 3_100),
        leaseEndMs: Math.round(2_500 + random() * 2_000),
        answerWaitEndMs: Math.round(2_500 + random() * 4_000),
        guardTickMs: Math.round(random() * 120),
        heartbeatMs: Math.round(random() * 1_000),
        heartbeatTtlMs: Math.round(random() * 3_000),
      };
      if (violatedProperties(t).length > 0) expect(checkAckTimings(t)).not.toEqual([]);
    }
  });

  it('accepts the defaults', () => {
    expect(checkAckTimings(DefaultAckTimings)).toEqual([]);
    expect(resolveAckTimings()).toEqual(DefaultAckTimings);
  });

  it('names the variables of a broken rule', () => {
    expect(() =>
      parseConfig(ackTimingsEnvShape, { ACK_LEASE_END_MS: '3000', ACK_GUARD_MS: '2700' }, [
        checkAckTimingsConfig,
      ]),
    ).toThrow(/ACK_LEASE_END_MS.*\n.*ACK_GUARD_MS|ACK_GUARD_MS[\s\S]*ACK_LEASE_END_MS/);
    expect(() => resolveAckTimings({ leaseEndMs: 2_200 })).toThrow(/leaseEndMs/);
  });
});
