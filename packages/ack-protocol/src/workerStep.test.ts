import { DefaultAckTimings as t } from './ackTimings.js';
import { decideWorkerStep } from './workerStep.js';

describe('the worker’s decision', () => {
  it.each([
    [
      'a fresh claim before the guard’s time: answer with the callback',
      { kind: 'taken', lease: 'W:1', afterLapse: false },
      300,
      { do: 'respond', lease: 'W:1', askFirst: false },
    ],
    [
      'a free claim after the guard should have taken it: ask Discord first',
      { kind: 'taken', lease: 'W:1', afterLapse: false },
      1_800,
      { do: 'respond', lease: 'W:1', askFirst: true },
    ],
    [
      'a lapsed claim: ask Discord',
      { kind: 'taken', lease: 'W:1', afterLapse: true },
      4_000,
      { do: 'ask', lease: 'W:1' },
    ],
    [
      'a fresh claim too late for a callback: ask',
      { kind: 'taken', lease: 'W:1', afterLapse: false },
      2_850,
      { do: 'ask', lease: 'W:1' },
    ],
    [
      'another attempt sending: wait for its lease',
      { kind: 'held', by: 'worker', leftMs: 700, lease: 'W:1' },
      2_800,
      { do: 'wait', ms: 725 },
    ],
    [
      'the guard deferring: look again soon',
      { kind: 'held', by: 'gateway', leftMs: 2_000, lease: 'G:1' },
      1_500,
      { do: 'wait', ms: 250 },
    ],
    [
      'deferred: edit',
      { kind: 'settled', state: { kind: 'deferred', ephemeral: true } },
      1_900,
      { do: 'edit', state: { kind: 'deferred', ephemeral: true } },
    ],
    [
      'answered by an earlier attempt: edit the same answer',
      { kind: 'settled', state: { kind: 'answered' } },
      5_000,
      { do: 'edit', state: { kind: 'answered' } },
    ],
    [
      'followed up: delivered',
      { kind: 'settled', state: { kind: 'followed-up' } },
      5_000,
      { do: 'delivered', via: 'followup' },
    ],
    ['dead', { kind: 'settled', state: { kind: 'dead' } }, 5_000, { do: 'dead' }],
    [
      'read free before the deadline: wait until it is final',
      { kind: 'free' },
      2_900,
      { do: 'wait', ms: 350 },
    ],
    ['read free after the deadline: ask', { kind: 'free' }, 3_100, { do: 'ask' }],
    ['read lapsed after the deadline: ask', { kind: 'lapsed', by: 'gateway' }, 9_000, { do: 'ask' }],
  ] as const)('%s', (_name, observed, ageMs, step) => {
    expect(decideWorkerStep(observed, ageMs, t)).toEqual(step);
  });
});
