import { AnswerLog } from './answerLog.js';

const answer = (id: string) => ({
  id,
  command: 'balance',
  guildId: '1',
  userId: '2',
  dispatchedAt: 0,
  answeredAt: 5,
  latencyMs: 5,
  ackType: 4 as const,
  ackLatencyMs: 5,
  content: 'x',
});

describe('AnswerLog', () => {
  it('reads on from a position, in batches, and drops the oldest past its capacity', () => {
    const log = new AnswerLog(3);
    for (const id of ['a', 'b', 'c', 'd']) log.add(answer(id));
    expect(log.lastSeq).toBe(4);
    expect(log.since(0, 10).map((a) => a.id)).toEqual(['b', 'c', 'd']);
    expect(log.since(2, 1).map((a) => [a.seq, a.id])).toEqual([[3, 'c']]);
    expect(log.since(4, 10)).toEqual([]);
  });
});
