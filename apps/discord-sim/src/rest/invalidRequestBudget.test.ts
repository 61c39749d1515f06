import { ManualClock } from '../world/clock.js';
import { InvalidRequestBudget } from './invalidRequestBudget.js';

describe('InvalidRequestBudget', () => {
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
});
