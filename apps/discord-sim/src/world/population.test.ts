import { ManualClock } from './clock.js';
import { Population } from './population.js';
import { shardOf } from './snowflake.js';

describe('Population', () => {
  it('derives a million users and their memberships from ids, without storing them', () => {
    const population = new Population(new ManualClock());
    const heapBefore = process.memoryUsage().heapUsed;
    population.seed({ count: 10_000, membersPerGuild: 100, users: 1_000_000 });
    // 10,000 guild records, not a million user objects.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
    const guild = population.guilds()[4242]!;
    const members = population.memberIds(guild, 0, 100);
    expect(new Set(members).size).toBe(100);
    expect(members.every((id) => population.isMember(guild, id))).toBe(true);
    expect(population.isMember(guild, population.userId(0))).toBe(false);
    expect(population.user(members[0]!)).toMatchObject({ id: members[0], username: 'user424200' });
    expect(population.user(population.userId(1_000_000))).toBeUndefined();
  });

  it('spreads guilds evenly over shards and finds them by id', () => {
    const population = new Population(new ManualClock());
    const guilds = population.seed({ count: 1000 });
    const perShard = [0, 1, 2, 3].map((s) => population.guildIdsOfShard(s, 4).length);
    expect(perShard).toEqual([250, 250, 250, 250]);
    expect(population.guildIdsOfShard(3, 4).every((id) => shardOf(id, 4) === 3)).toBe(true);
    expect(population.guild(guilds[17]!.id)).toBe(guilds[17]);
    const channelId = population.channelId(guilds[17]!, 2);
    expect(population.channel(channelId)).toEqual({ guild: guilds[17], index: 2 });
  });

  it('makes joining users fresh accounts created now', () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const population = new Population(clock);
    const [guild] = population.seed({ count: 1, membersPerGuild: 3 });
    const newcomer = population.createUser();
    expect(population.isMember(guild!, newcomer)).toBe(false);
    population.addMember(guild!, newcomer);
    expect(population.isMember(guild!, newcomer)).toBe(true);
    expect(population.memberCount(guild!)).toBe(4);
  });

  it('refuses DMs for the configured share of users, deterministically', () => {
    const population = new Population(new ManualClock(), 10);
    population.seed({ count: 1, membersPerGuild: 1, users: 10_000 });
    const refusing = Array.from({ length: 10_000 }, (_, i) =>
      population.refusesDms(population.userId(i)),
    ).filter(Boolean);
    expect(refusing.length).toBeGreaterThan(800);
    expect(refusing.length).toBeLessThan(1200);
  });
});
