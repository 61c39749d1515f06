import { GuildDirectory } from './guildDirectory.js';

describe('GuildDirectory', () => {
  it('counts members from GUILD_CREATE through joins and leaves', () => {
    const guilds = new GuildDirectory();
    guilds.learn({ id: '1', name: 'One', member_count: 10 });
    expect(guilds.memberJoined('1')).toEqual({ name: 'One', memberCount: 11 });
    expect(guilds.memberLeft('1')).toEqual({ name: 'One', memberCount: 10 });
    expect(guilds.memberJoined('2')).toBeUndefined();
    guilds.forget({ id: '1' });
    expect(guilds.memberJoined('1')).toBeUndefined();
  });

  it.each([
    null,
    'x',
    { id: '1' },
    { id: '1', name: '' },
    { id: '1', name: 'x'.repeat(101) },
    { id: '1', name: 'x', unavailable: true },
  ])('ignores the malformed or unavailable GUILD_CREATE %p', (raw) => {
    const guilds = new GuildDirectory();
    guilds.learn(raw);
    expect(guilds.size).toBe(0);
  });
});
