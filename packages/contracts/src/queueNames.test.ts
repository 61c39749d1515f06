import { QUEUE_NAMES, queueNameForKind } from './queueNames.js';

describe('queue names', () => {
  it('are the names the design uses', () => {
    expect(QUEUE_NAMES).toEqual({ interactions: 'interactions', memberJoins: 'member-joins' });
  });

  it('route each job kind to its own queue', () => {
    expect(queueNameForKind('interaction')).toBe('interactions');
    expect(queueNameForKind('member-join')).toBe('member-joins');
  });
});
