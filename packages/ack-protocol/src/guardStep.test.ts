import { DefaultAckTimings as t } from './ackTimings.js';
import { decideGuardStep } from './guardStep.js';

describe('the guard’s decision', () => {
  it.each([
    [
      'a fresh claim, in time: defer',
      { kind: 'taken', lease: 'G:1', afterLapse: false },
      1_500,
      { do: 'defer', lease: 'G:1' },
    ],
    [
      'a lapsed claim: ask Discord first',
      { kind: 'taken', lease: 'G:1', afterLapse: true },
      1_500,
      { do: 'ask-then-defer', lease: 'G:1' },
    ],
    [
      'a claim taken too late: give it back',
      { kind: 'taken', lease: 'G:1', afterLapse: false },
      2_600,
      { do: 'stop', result: 'too_late', release: 'G:1' },
    ],
    [
      'a worker sending: look again',
      { kind: 'held', by: 'worker', leftMs: 2_000, lease: 'W:1' },
      1_500,
      { do: 'recheck', atAgeMs: 1_700 },
    ],
    [
      'a worker sending at the last look: leave it to the worker',
      { kind: 'held', by: 'worker', leftMs: 900, lease: 'W:1' },
      2_500,
      { do: 'stop', result: 'worker_answering' },
    ],
    [
      'another guard deferring: a duplicate dispatch',
      { kind: 'held', by: 'gateway', leftMs: 900, lease: 'G:1' },
      1_500,
      { do: 'stop', result: 'duplicate' },
    ],
    [
      'settled: nothing to do',
      { kind: 'settled', state: { kind: 'answered' } },
      1_500,
      { do: 'stop', result: 'not_needed' },
    ],
    [
      'dead: nothing to do',
      { kind: 'settled', state: { kind: 'dead' } },
      1_500,
      { do: 'stop', result: 'dead' },
    ],
    ['Redis away, early: hold back', { kind: 'unreachable' }, 1_500, { do: 'recheck', atAgeMs: 1_700 }],
    [
      'Redis away, hold-back nearly over: look at its end',
      { kind: 'unreachable' },
      2_100,
      { do: 'recheck', atAgeMs: 2_200 },
    ],
    [
      'Redis away past the hold-back: ask Discord',
      { kind: 'unreachable' },
      2_200,
      { do: 'ask-then-defer-unclaimed' },
    ],
    [
      'Redis away past the last start: too late',
      { kind: 'unreachable' },
      2_600,
      { do: 'stop', result: 'too_late' },
    ],
  ] as const)('%s', (_name, observed, ageMs, step) => {
    expect(decideGuardStep(observed, ageMs, t)).toEqual(step);
  });
});
