import type { Answer } from '@droas/discord-sim';
import { acknowledgementNotes } from './acknowledgementNotes.js';
import type { Sent } from './loadDriver.js';

function sent(id: string, ackType: 4 | 5, ackLatencyMs: number): Sent {
  const answer: Answer = {
    seq: Number(id),
    id,
    command: 'balance',
    guildId: '1',
    userId: '2',
    dispatchedAt: 0,
    answeredAt: ackLatencyMs + 10,
    latencyMs: ackLatencyMs + 10,
    ackType,
    ackLatencyMs,
    content: 'ok',
  };
  return { id, command: 'balance', sentAt: 0, answer };
}

describe('acknowledgementNotes', () => {
  it('says how close each kind of acknowledgement came to the deadline', () => {
    const notes = acknowledgementNotes([sent('1', 4, 20), sent('2', 4, 40), sent('3', 5, 1_600)]);
    expect(notes).toEqual([
      "acknowledgements after dispatch, of Discord's 3000 ms: callbacks 2 (p50 20 ms, p99 40 ms, max 40 ms); " +
        'deferrals 1 (p50 1600 ms, p99 1600 ms, max 1600 ms)',
    ]);
  });

  it('names the late ones by kind, with the latest', () => {
    const notes = acknowledgementNotes([sent('1', 4, 3_050), sent('2', 5, 3_200), sent('3', 4, 100)]);
    expect(notes[1]).toBe(
      'late acknowledgements among the answered: 2 (1 callbacks, 1 deferrals), the latest 3200 ms after ' +
        'dispatch; first: 1 /balance type 4 at 3050 ms, 2 /balance type 5 at 3200 ms',
    );
  });

  it('says nothing when nothing was answered', () => {
    expect(acknowledgementNotes([{ id: '1', command: 'pay', sentAt: 0 }])).toEqual([]);
  });
});
