import { seededRandom } from '@droas/testkit';
import { memberPicker, weightedCommandPicker, type MixCommand } from './commandMix.js';

describe('weightedCommandPicker', () => {
  it('draws commands in proportion to their weights', () => {
    const pick = weightedCommandPicker(
      [
        { command: 'balance', weight: 60 },
        { command: 'pay', weight: 25 },
        { command: 'daily', weight: 10 },
        { command: 'leaderboard', weight: 5 },
      ],
      seededRandom(7),
    );
    const counts: Record<MixCommand, number> = { balance: 0, pay: 0, daily: 0, leaderboard: 0 };
    for (let i = 0; i < 20_000; i++) counts[pick()]++;
    expect(counts.balance / 20_000).toBeCloseTo(0.6, 1);
    expect(counts.pay / 20_000).toBeCloseTo(0.25, 1);
    expect(counts.daily / 20_000).toBeCloseTo(0.1, 1);
    expect(counts.leaderboard / 20_000).toBeCloseTo(0.05, 1);
  });

  it('never draws a command of weight 0, even when random() is at its ends', () => {
    const ends = [0, 0.999999999];
    let i = 0;
    const pick = weightedCommandPicker(
      [
        { command: 'daily', weight: 0 },
        { command: 'balance', weight: 1 },
        { command: 'pay', weight: 0 },
      ],
      () => ends[i++ % 2]!,
    );
    expect([pick(), pick()]).toEqual(['balance', 'balance']);
  });

  it('refuses a mix that cannot draw anything', () => {
    expect(() => weightedCommandPicker([], Math.random)).toThrow(RangeError);
    expect(() => weightedCommandPicker([{ command: 'pay', weight: 0 }], Math.random)).toThrow(RangeError);
    expect(() => weightedCommandPicker([{ command: 'pay', weight: -1 }], Math.random)).toThrow(RangeError);
    expect(() => weightedCommandPicker([{ command: 'pay', weight: NaN }], Math.random)).toThrow(RangeError);
  });
});

describe('memberPicker', () => {
  const guilds = [
    { guildId: 'g1', memberIds: ['a', 'b'] },
    { guildId: 'g2', memberIds: ['c', 'd', 'e', 'f', 'g', 'h'] },
  ];

  it('spreads draws over members, so a guild gets its share of the members', () => {
    const pick = memberPicker(guilds, seededRandom(3));
    let g2 = 0;
    for (let i = 0; i < 8_000; i++) if (pick().guildId === 'g2') g2++;
    expect(g2 / 8_000).toBeCloseTo(6 / 8, 1);
  });

  it('pairs each member with a different member of the same guild', () => {
    const pick = memberPicker(guilds, seededRandom(5));
    for (let i = 0; i < 2_000; i++) {
      const { guildId, userId, otherUserId } = pick();
      const members = guilds.find((g) => g.guildId === guildId)!.memberIds;
      expect(members).toContain(userId);
      expect(members).toContain(otherUserId);
      expect(otherUserId).not.toBe(userId);
    }
  });

  it('refuses a guild where nobody could be paid', () => {
    expect(() => memberPicker([{ guildId: 'g', memberIds: ['a'] }], Math.random)).toThrow(RangeError);
    expect(() => memberPicker([{ guildId: 'g', memberIds: ['a', 'a'] }], Math.random)).toThrow(RangeError);
    expect(() => memberPicker([], Math.random)).toThrow(RangeError);
  });
});
