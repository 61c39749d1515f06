import { ManualClock } from '../world/clock.js';
import { GlobalRateLimit } from './globalRateLimit.js';

describe('GlobalRateLimit', () => {
  it('allows perSecond requests per second globally', () => {
    const clock = new ManualClock(0);
    const global = new GlobalRateLimit(clock, 3);
    expect([global.take(), global.take(), global.take()]).toEqual([0, 0, 0]);
    clock.advance(250);
    expect(global.take()).toBe(750);
    clock.advance(750);
    expect(global.take()).toBe(0);
  });
});
