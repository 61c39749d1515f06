import { ManualClock } from './clock.js';
import { DISCORD_EPOCH_MS, SnowflakeGenerator, composeId, decodeId, shardOf } from './snowflake.js';

describe('snowflakes', () => {
  it('round-trips timestamp, kind and increment', () => {
    const id = composeId(Date.UTC(2021, 5, 1), 4, 4095);
    expect(decodeId(id)).toEqual({ timestampMs: Date.UTC(2021, 5, 1), kind: 4, increment: 4095 });
    expect(id).toMatch(/^\d{17,19}$/);
  });

  it("routes by Discord's formula, (id >> 22) % shards, and DMs to shard 0", () => {
    // 175928847299117063 is the example in Discord's docs: timestamp 41944705796 ms since the epoch.
    expect(shardOf('175928847299117063', 7)).toBe(41944705796 % 7);
    expect(shardOf(null, 7)).toBe(0);
    expect(decodeId('175928847299117063')?.timestampMs).toBe(41944705796 + DISCORD_EPOCH_MS);
  });

  it('never repeats an id, even past 4,096 in one millisecond', () => {
    const generator = new SnowflakeGenerator(new ManualClock(Date.UTC(2024, 0, 1)));
    const ids = Array.from({ length: 10_000 }, () => generator.next());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(BigInt)).toEqual([...ids.map(BigInt)].sort((a, b) => (a < b ? -1 : 1)));
  });
});
