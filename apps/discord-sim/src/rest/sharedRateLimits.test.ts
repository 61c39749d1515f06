import { ManualClock } from '../world/clock.js';
import { SharedRateLimits } from './sharedRateLimits.js';

describe('SharedRateLimits', () => {
  it('counts writes per channel and answers 20028 past the limit until the window resets', () => {
    const clock = new ManualClock(0);
    const limits = new SharedRateLimits(clock, {
      channelWrites: { limit: 2, windowMs: 1000 },
      dmOpens: null,
    });
    expect(limits.take('channelWrites', 'a')).toBeUndefined();
    expect(limits.take('channelWrites', 'a')).toBeUndefined();
    clock.advance(300);
    expect(limits.take('channelWrites', 'a')).toEqual({
      code: 20028,
      message: 'The write action you are performing on the channel has hit the write rate limit.',
      retryAfterMs: 700,
    });
    expect(limits.take('channelWrites', 'b')).toBeUndefined();
    clock.advance(700);
    expect(limits.take('channelWrites', 'a')).toBeUndefined();
  });

  it('is off while a limit is null, and can be configured and reset at run time', () => {
    const limits = new SharedRateLimits(new ManualClock(0), { channelWrites: null, dmOpens: null });
    for (let i = 0; i < 100; i += 1) expect(limits.take('dmOpens', 'bot')).toBeUndefined();
    expect(limits.configure({ dmOpens: { limit: 1, windowMs: 10_000 } })).toEqual({
      channelWrites: null,
      dmOpens: { limit: 1, windowMs: 10_000 },
    });
    expect(limits.take('dmOpens', 'bot')).toBeUndefined();
    expect(limits.take('dmOpens', 'bot')).toMatchObject({ code: 40003, retryAfterMs: 10_000 });
    limits.reset();
    expect(limits.settings).toEqual({ channelWrites: null, dmOpens: null });
    expect(limits.take('dmOpens', 'bot')).toBeUndefined();
  });
});
