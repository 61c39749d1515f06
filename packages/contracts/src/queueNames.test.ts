import { QUEUE_NAMES, queueNameForKind } from './queueNames.js';

describe('queue names', () => {
  it('are the names the design uses', () => {
    expect(QUEUE_NAMES).toEqual({
      interactions: 'interactions',
      memberEvents: 'member-events',
      greetingFlushes: 'greeting-flushes',
    });
  });

  it('route each job kind to its own queue', () => {
    expect(queueNameForKind('interaction')).toBe('interactions');
    for (const kind of ['member-join', 'member-leave', 'member-screened'] as const) {
      expect(queueNameForKind(kind)).toBe('member-events');
    }
  });
});
