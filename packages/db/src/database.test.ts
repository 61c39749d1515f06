import { reconnectBackoffMs } from './database.js';

describe('reconnectBackoffMs', () => {
  it('starts at tens of milliseconds and doubles per failure in a row', () => {
    const full = () => 0.999_999;
    expect(reconnectBackoffMs(0, 1_000, full)).toBeCloseTo(25, 0);
    expect(reconnectBackoffMs(1, 1_000, full)).toBeCloseTo(50, 0);
    expect(reconnectBackoffMs(3, 1_000, full)).toBeCloseTo(200, 0);
  });

  it('never waits longer than the cap, however many failures (postgres.js alone would wait up to 20 s)', () => {
    for (const failures of [6, 10, 50, 1_000]) {
      expect(reconnectBackoffMs(failures, 1_000, () => 0.999_999)).toBeLessThanOrEqual(1_000);
    }
  });

  it('jitters between half and all of the step', () => {
    expect(reconnectBackoffMs(2, 1_000, () => 0)).toBe(50);
    expect(reconnectBackoffMs(2, 1_000, () => 0.5)).toBe(75);
  });
});
