import { ManualClock } from './clock.js';
import { MemberFlags, SEEDED_JOINED_AT } from './memberships.js';
import { Population } from './population.js';

function world() {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const population = new Population(clock);
  const [guild] = population.seed({ count: 1, membersPerGuild: 3 });
  const seeded = population.memberIds(guild!, 0, 3);
  return { clock, population, guild: guild!, seeded, m: population.memberships };
}

describe('Memberships', () => {
  it('lets a seeded member leave: not a member, one fewer, skipped in listings, roles forgotten', () => {
    const { population, guild, seeded, m } = world();
    const [first, second] = seeded as [string, string];
    population.addMemberRole(guild, second, population.roleIds(guild)[0]!);
    expect(m.leave(guild, second)).toBe(true);
    expect(population.isMember(guild, second)).toBe(false);
    expect(population.memberCount(guild)).toBe(2);
    expect(population.memberIds(guild, 0, 3)).toEqual([first, seeded[2]]);
    expect(population.memberRoles(guild, second)).toEqual([]);
    expect(m.leave(guild, second)).toBe(false);
  });

  it('flags a rejoin (DID_REJOIN) with a fresh join date, and not a first join', () => {
    const { clock, population, guild, seeded, m } = world();
    const newcomer = population.createUser();
    expect(population.addMember(guild, newcomer).flags).toBe(0);
    m.leave(guild, newcomer);
    m.leave(guild, seeded[0]!);
    clock.advance(60_000);
    const back = population.addMember(guild, newcomer);
    expect(back).toEqual({ joinedAt: new Date(clock.now()).toISOString(), pending: false, flags: 1 });
    expect(population.addMember(guild, seeded[0]!).flags).toBe(MemberFlags.DidRejoin);
    expect(population.memberCount(guild)).toBe(4);
  });

  it('keeps a current member as they are when they "join" again, as Discord may resend GUILD_MEMBER_ADD', () => {
    const { clock, population, guild, seeded } = world();
    expect(population.addMember(guild, seeded[0]!)).toEqual({
      joinedAt: SEEDED_JOINED_AT,
      pending: false,
      flags: 0,
    });
    const newcomer = population.createUser();
    const first = population.addMember(guild, newcomer);
    clock.advance(1000);
    expect(population.addMember(guild, newcomer)).toBe(first);
    expect(population.memberCount(guild)).toBe(4);
  });

  it('makes joins to a screening guild pending until they pass, once', () => {
    const { population, guild, m } = world();
    m.setScreening(guild, true);
    const newcomer = population.createUser();
    expect(population.addMember(guild, newcomer).pending).toBe(true);
    expect(m.passScreening(guild, newcomer)).toBe(true);
    expect(m.state(guild, newcomer)?.pending).toBe(false);
    expect(m.passScreening(guild, newcomer)).toBe(false);
    m.setScreening(guild, false);
    expect(population.addMember(guild, population.createUser()).pending).toBe(false);
  });

  it('adds a role once, and says whether it changed anything', () => {
    const { population, guild, seeded } = world();
    const role = population.roleIds(guild)[0]!;
    expect(population.addMemberRole(guild, seeded[0]!, role)).toBe(true);
    expect(population.addMemberRole(guild, seeded[0]!, role)).toBe(false);
    expect(population.memberRoles(guild, seeded[0]!)).toEqual([role]);
  });

  it('forgets every change on reset', () => {
    const { population, guild, seeded, m } = world();
    m.setScreening(guild, true);
    m.leave(guild, seeded[0]!);
    population.reset();
    const [again] = population.seed({ count: 1, membersPerGuild: 3 });
    expect(population.isMember(again!, seeded[0]!)).toBe(true);
    expect(m.screens(again!)).toBe(false);
  });
});
