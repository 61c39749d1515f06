import { ManualClock } from '../world/clock.js';
import { GlobalRateLimit } from './globalRateLimit.js';
import { IdentifyLimiter } from '../gateway/identifyLimiter.js';
import { InvalidRequestBudget } from './invalidRequestBudget.js';
import { RouteBuckets } from './routeBuckets.js';

describe('rate limits', () => {
  it('opens a bucket window on the first request and resets it windowMs later', () => {
    const clock = new ManualClock(0);
    const buckets = new RouteBuckets(clock);
    const limit = { limit: 2, windowMs: 1000 };
    expect(buckets.take('a', limit)).toMatchObject({ allowed: true, remaining: 1, resetAfterMs: 1000 });
    clock.advance(400);
    expect(buckets.take('a', limit)).toMatchObject({ allowed: true, remaining: 0, resetAfterMs: 600 });
    expect(buckets.take('a', limit)).toMatchObject({ allowed: false, remaining: 0 });
    expect(buckets.take('b', limit).allowed).toBe(true);
    clock.advance(600);
    expect(buckets.take('a', limit)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('allows perSecond requests per second globally', () => {
    const clock = new ManualClock(0);
    const global = new GlobalRateLimit(clock, 3);
    expect([global.take(), global.take(), global.take()]).toEqual([0, 0, 0]);
    clock.advance(250);
    expect(global.take()).toBe(750);
    clock.advance(750);
    expect(global.take()).toBe(0);
  });

  it('bans once the invalid-request budget is spent, for banMs', () => {
    const clock = new ManualClock(0);
    const budget = new InvalidRequestBudget(clock, { limit: 3, windowMs: 10_000, banMs: 5000 });
    budget.record();
    budget.record();
    expect(budget.banRemainingMs()).toBe(0);
    budget.record();
    expect(budget.banRemainingMs()).toBe(5000);
    clock.advance(5000);
    expect(budget.banRemainingMs()).toBe(0);
  });

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
