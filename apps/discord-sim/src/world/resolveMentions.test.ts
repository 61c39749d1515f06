import { ManualClock } from './clock.js';
import { Population } from './population.js';
import { mentionScopeOf, resolveMentions, type MentionScope } from './resolveMentions.js';

const U = '111111111111111111';
const V = '333333333333333333';
const R = '222222222222222222';

const everywhere = (defaults: MentionScope['defaults']): MentionScope => ({
  defaults,
  canSee: () => true,
  isRole: () => true,
  inGuild: true,
});

describe('resolveMentions', () => {
  const content = `@everyone @here <@${U}> <@!${U}> <@${V}> <@&${R}>`;
  const channel = everywhere('everything');
  const webhook = everywhere('usersOnly');

  it('pings everything written in a channel message without allowed_mentions', () => {
    expect(resolveMentions(content, undefined, channel)).toEqual({
      users: [U, V],
      roles: [R],
      everyone: true,
    });
  });

  it('pings only users in an interaction response or webhook message without allowed_mentions', () => {
    expect(resolveMentions(content, undefined, webhook)).toEqual({
      users: [U, V],
      roles: [],
      everyone: false,
    });
  });

  it('pings only what allowed_mentions allows, whatever the defaults', () => {
    for (const scope of [channel, webhook]) {
      expect(resolveMentions(content, { parse: [] }, scope)).toEqual({
        users: [],
        roles: [],
        everyone: false,
      });
      expect(resolveMentions(content, { parse: ['roles', 'everyone'] }, scope)).toEqual({
        users: [],
        roles: [R],
        everyone: true,
      });
      expect(resolveMentions(content, { users: [V], roles: [R] }, scope)).toEqual({
        users: [V],
        roles: [R],
        everyone: false,
      });
    }
  });

  it('pings no user for `users: []`, and every user for parse users beside an empty list', () => {
    expect(resolveMentions(content, { users: [] }, webhook)).toEqual({
      users: [],
      roles: [],
      everyone: false,
    });
    expect(resolveMentions(content, { parse: ['users'], users: [] }, channel).users).toEqual([U, V]);
  });

  it('ignores ids allowed but not written in the content', () => {
    expect(resolveMentions(`<@${U}>`, { users: [U, V] }, channel).users).toEqual([U]);
  });

  it('pings only who can be reached: members of the guild, its roles, @everyone only in a guild', () => {
    const population = new Population(new ManualClock());
    const [guild, other] = population.seed({ count: 2, membersPerGuild: 2 });
    const [member] = population.memberIds(guild!, 0, 1);
    const [stranger] = population.memberIds(other!, 0, 1);
    const [role] = population.roleIds(guild!);
    const [otherRole] = population.roleIds(other!);
    const text = `@here <@${member}> <@${stranger}> <@&${role}> <@&${otherRole}>`;
    const inGuild = mentionScopeOf(population, population.channelId(guild!, 0), 'everything');
    expect(resolveMentions(text, undefined, inGuild)).toEqual({
      users: [member],
      roles: [role],
      everyone: true,
    });
    const dm = mentionScopeOf(population, population.dmChannelId(stranger!), 'everything');
    expect(resolveMentions(text, undefined, dm)).toEqual({ users: [stranger], roles: [], everyone: false });
  });
});
