import { ManualClock } from '../world/clock.js';
import { InvalidRequestBudget } from './invalidRequestBudget.js';

describe('InvalidRequestBudget', () => {
  it('allows `limit` invalid requests and bans from the next one, for banMs', () => {
    const clock = new ManualClock(0);
    const budget = new InvalidRequestBudget(clock, {
      limit: 3,
      windowMs: 10_000,
      banMs: 5000,
      banShape: 'json',
    });
    for (let i = 0; i < 3; i += 1) budget.record();
    expect(budget.banRemainingMs()).toBe(0);
    budget.record();
    expect(budget.banRemainingMs()).toBe(5000);
    clock.advance(5000);
    expect(budget.banRemainingMs()).toBe(0);
  });

  it('starts a fresh count in each window', () => {
    const clock = new ManualClock(0);
    const budget = new InvalidRequestBudget(clock, {
      limit: 2,
      windowMs: 1000,
      banMs: 5000,
      banShape: 'json',
    });
    budget.record();
    budget.record();
    clock.advance(1000);
    budget.record();
    budget.record();
    expect(budget.banRemainingMs()).toBe(0);
    expect(budget.count).toBe(2);
  });

  it('goes back to the configured ban shape on reset', () => {
    const budget = new InvalidRequestBudget(new ManualClock(0), {
      limit: 1,
      windowMs: 1000,
      banMs: 1000,
      banShape: 'cloudflare',
    });
    budget.banShape = 'json';
    budget.reset();
    expect(budget.banShape).toBe('cloudflare');
  });
});
