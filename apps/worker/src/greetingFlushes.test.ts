import { flushSlot } from './greetingFlushes';

describe('flushSlot', () => {
  it('rounds the due moment up to a quarter-second boundary', () => {
    expect(flushSlot(1_000, 0)).toBe(5);
    expect(flushSlot(1_010, 0)).toBe(5);
    expect(flushSlot(1_010, 300)).toBe(6);
    expect(flushSlot(1_000, 1_250)).toBe(9);
  });

  it('never names a slot that has begun, so a flush running in its slot can ask for another', () => {
    for (let now = 0; now < 2_000; now += 7) {
      const running = Math.floor(now / 250);
      expect(flushSlot(now, 0)).toBeGreaterThan(running);
      expect(flushSlot(now, -50)).toBeGreaterThan(running);
    }
  });

  it('runs no earlier than asked', () => {
    for (const [now, delay] of [
      [0, 0],
      [123, 10],
      [999, 1],
      [5_000, 1_249],
    ] as const) {
      expect(flushSlot(now, delay) * 250).toBeGreaterThanOrEqual(now + delay);
    }
  });
});
