import { ManualClock } from '../world/clock.js';
import { IdentifyLimiter } from './identifyLimiter.js';

describe('IdentifyLimiter', () => {
  it('lets one IDENTIFY per shard_id % max_concurrency bucket through per window, within a daily budget', () => {
    const clock = new ManualClock(0);
    const limiter = new IdentifyLimiter(clock, { maxConcurrency: 2, windowMs: 5000, dailyLimit: 4 });
    expect([0, 1, 2, 3].map((s) => limiter.tryStart(s))).toEqual(['ok', 'ok', 'concurrency', 'concurrency']);
    clock.advance(5000);
    expect([2, 3].map((s) => limiter.tryStart(s))).toEqual(['ok', 'ok']);
    clock.advance(5000);
    expect(limiter.tryStart(0)).toBe('exhausted');
    expect(limiter.sessionStartLimit()).toMatchObject({ total: 4, remaining: 0, max_concurrency: 2 });
  });
});
