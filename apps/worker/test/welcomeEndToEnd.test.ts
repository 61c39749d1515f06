import type { GuildRecord } from '@droas/discord-sim';
import { eventually } from '@droas/testkit';
import { MANAGE_GUILD } from './support/economyOptions';
import { greetingOptions } from './support/greetingOptions';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

/**
 * Welcome and goodbye for real: the simulator's joins and leaves go through the gateway and the
 * `member-events` queue to two worker processes, which post in the simulated channels. What the members
 * would see is read back from the simulator's message store, with who each message actually pinged.
 */
describe('welcome and goodbye, end to end', () => {
  let stack: WorkerStack;
  let guilds: readonly GuildRecord[];

  beforeAll(async () => {
    stack = await startWorkerStack({
      workers: 2,
      sim: { population: { count: 6, membersPerGuild: 20 } },
    });
    guilds = stack.sim.state.population.guilds();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  const population = () => stack.sim.state.population;
  const adminOf = (guild: GuildRecord) => population().memberIds(guild, 0, 1)[0]!;
  const channelOf = (guild: GuildRecord) => population().channelId(guild, 1);
  const messagesIn = (channelId: string) =>
    stack.sim.state.messages.list(channelId).filter((r) => r.deletedAtMs === undefined);

  /** Runs `/welcome …` (or `/goodbye …`) as the guild's admin; resolves to what they were told (text and embeds). */
  async function configure(
    guild: GuildRecord,
    command: 'welcome' | 'goodbye',
    sub: string,
    values?: Record<string, string | number | boolean>,
  ): Promise<string> {
    const { id } = stack.sim.state.dispatchInteraction({
      guildId: guild.id,
      userId: adminOf(guild),
      command,
      options: greetingOptions(sub, values),
      permissions: MANAGE_GUILD,
    });
    const [timeline] = await stack.waitAnswered([id]);
    const embeds = (timeline!.response?.embeds ?? []) as { title?: string; description?: string }[];
    return [timeline!.content ?? '', ...embeds.map((e) => JSON.stringify(e))].join('\n');
  }

  async function enableWelcome(guild: GuildRecord, text: string): Promise<string> {
    const channelId = channelOf(guild);
    await configure(guild, 'welcome', 'channel', { channel: channelId });
    await configure(guild, 'welcome', 'message', { text });
    expect(await configure(guild, 'welcome', 'enable')).toMatch(/on|enabled/i);
    return channelId;
  }

  it('greets a join once in its channel, pinging only the member, through a duplicate delivery and a rejoin', async () => {
    const guild = guilds[0]!;
    const channelId = await enableWelcome(guild, 'Welcome {user} to **{server}**!');
    const userId = population().createUser();
    // Discord may deliver an event twice (two sessions during a handover): the gateway forwards both.
    const gateway = stack.sim.state.gateway;
    const dispatch = gateway.dispatch.bind(gateway);
    gateway.dispatch = (guildId, name, data) => {
      if (name === 'GUILD_MEMBER_ADD') dispatch(guildId, name, data);
      return dispatch(guildId, name, data);
    };
    try {
      stack.sim.state.memberJoin(guild.id, userId);
    } finally {
      gateway.dispatch = dispatch;
    }
    const [greeting] = await eventually(() => {
      const found = messagesIn(channelId);
      return found.length > 0 ? found : undefined;
    }, 15_000);
    expect(greeting!.message.content).toContain(`<@${userId}>`);
    expect(greeting!.message.content).toContain(`**${guild.name}**`);
    expect(greeting!.pings).toEqual({ users: [userId], roles: [], everyone: false });
    // The preview renders the admin in the server as it is, and says who would be pinged.
    const preview = await configure(guild, 'welcome', 'preview');
    expect(preview).toContain(`**${guild.name}**`);

    // Leaves and comes back within five minutes: not greeted again.
    stack.sim.state.memberLeave(guild.id, userId);
    stack.sim.state.memberJoin(guild.id, userId);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(messagesIn(channelId)).toHaveLength(1);
    const rows = await stack.db.sql<{ status: string; reason: string | null }[]>`
      select status, reason from greeting_deliveries
      where guild_id = ${guild.id} and user_id = ${userId} and kind = 'welcome' order by event_at`;
    expect(rows.map((r) => r.status)).toEqual(['sent', 'skipped']);
    expect(rows[1]!.reason).toMatch(/rejoined within 5 minutes/);
  }, 60_000);

  it('says goodbye when a member leaves', async () => {
    const guild = guilds[1]!;
    const channelId = population().channelId(guild, 2);
    await configure(guild, 'goodbye', 'channel', { channel: channelId });
    await configure(guild, 'goodbye', 'message', { text: 'Goodbye {user.name}, we will miss you.' });
    await configure(guild, 'goodbye', 'enable');
    const leaver = population().memberIds(guild, 5, 1)[0]!;
    stack.sim.state.memberLeave(guild.id, leaver);
    const [goodbye] = await eventually(() => {
      const found = messagesIn(channelId);
      return found.length > 0 ? found : undefined;
    }, 15_000);
    expect(goodbye!.message.content).toBe(
      `Goodbye ${population().user(leaver)!.global_name}, we will miss you.`,
    );
    expect(goodbye!.pings.everyone).toBe(false);
  }, 60_000);

  it('pings only the new member whatever the template and the name say', async () => {
    const guild = guilds[2]!;
    const roleId = population().roleId(guild, 1);
    const channelId = await enableWelcome(
      guild,
      `@everyone @here <@&${roleId}> look: {user} ({user.name}) joined {server}`,
    );
    const hostileNames = ['@everyone', '`**', '<@&' + roleId + '>', '[x](https://evil.example)'];
    const members = hostileNames.map((globalName) => population().createUser({ globalName }));
    for (const userId of members) {
      stack.sim.state.memberJoin(guild.id, userId);
      // One at a time, so each is greeted alone with the guild's own template.
      await eventually(
        () =>
          messagesIn(channelId).some((r) => r.message.content.includes(`<@${userId}>`)) ? true : undefined,
        15_000,
      );
    }
    const sent = messagesIn(channelId);
    expect(sent).toHaveLength(members.length);
    sent.forEach((record, i) => {
      expect(record.pings).toEqual({ users: [members[i]], roles: [], everyone: false });
      expect(record.message.mention_everyone).toBe(false);
      expect(record.message.mention_roles).toEqual([]);
      // The name is shown, literally: no mention, no markdown, no link.
      expect(record.message.content).not.toContain('](https://');
    });
    expect(sent[0]!.message.content).toMatch(/\(@\u200beveryone\)/);
    expect(sent[1]!.message.content).toContain('(\\`\\*\\*)');
  }, 90_000);

  it('with screening, greets a pending member only once they pass, and never one who leaves first', async () => {
    const guild = guilds[3]!;
    stack.sim.state.setScreening(guild.id, true);
    const channelId = await enableWelcome(guild, 'Welcome {user}!');
    await configure(guild, 'welcome', 'when', { moment: 'screening-passed' });
    await configure(guild, 'welcome', 'dm', { state: 'on', text: 'Welcome to {server}, {user.name}.' });
    const passer = population().createUser();
    const leaver = population().createUser();
    stack.sim.state.memberJoin(guild.id, passer);
    stack.sim.state.memberJoin(guild.id, leaver);
    await eventually(async () => {
      const [row] = await stack.db.sql<{ n: number }[]>`
        select count(*)::int as n from greeting_deliveries
        where guild_id = ${guild.id} and status = 'waiting-screening'`;
      return row!.n === 2 ? true : undefined;
    }, 15_000);
    expect(messagesIn(channelId)).toHaveLength(0);

    stack.sim.state.memberLeave(guild.id, leaver);
    stack.sim.state.passScreening(guild.id, passer);
    const [greeting] = await eventually(() => {
      const found = messagesIn(channelId);
      return found.length > 0 ? found : undefined;
    }, 15_000);
    expect(greeting!.pings.users).toEqual([passer]);
    // The DM, sent on the screening pass, names the server the join saw.
    const dm = await eventually(
      () => stack.sim.state.messages.list(population().dmChannelId(passer))[0],
      10_000,
    );
    expect(dm.message.content).toBe(`Welcome to ${guild.name}, ${population().user(passer)!.global_name}.`);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(messagesIn(channelId)).toHaveLength(1);
    const [left] = await stack.db.sql<{ status: string; reason: string }[]>`
      select status, reason from greeting_deliveries
      where guild_id = ${guild.id} and user_id = ${leaver} and kind = 'welcome'`;
    expect(left).toEqual({ status: 'skipped', reason: 'left before passing screening' });
  }, 90_000);

  it('stops at a channel it may not post in: one failed attempt, no storm, and status says how to fix it', async () => {
    const guild = guilds[4]!;
    const channelId = await enableWelcome(guild, 'Welcome {user}!');
    population().setChannelAccess(channelId, 'missingPermissions');
    const before = stack.sim.state.stats.toJSON();
    const joiners = Array.from({ length: 5 }, () => population().createUser());
    for (const userId of joiners) stack.sim.state.memberJoin(guild.id, userId);
    await eventually(async () => {
      const [row] = await stack.db.sql<{ n: number }[]>`
        select count(*)::int as n from greeting_deliveries
        where guild_id = ${guild.id} and status in ('failed', 'skipped')`;
      return row!.n === joiners.length ? true : undefined;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const after = stack.sim.state.stats.toJSON();
    // One refused request, however many joins: nothing more goes into the invalid-request budget.
    expect(after.invalidRequests - before.invalidRequests).toBe(1);
    const status = await configure(guild, 'welcome', 'status');
    console.info(`/welcome status with a blocked channel:\n${status}`);
    expect(status).toContain('Welcome messages: blocked');
    expect(status).toContain(`<#${channelId}>`);
    expect(status).toContain('View Channel and Send Messages');
    expect(status).toContain('Recent problems');
    expect(status).toContain('`/welcome channel`');
  }, 90_000);

  it('sends the DM and gives autoroles once, recording a refused DM and a role above the bot without retrying', async () => {
    const guild = guilds[5]!;
    const [given, aboveBot] = [population().roleId(guild, 1), population().roleId(guild, guild.roleCount)];
    await enableWelcome(guild, 'Welcome {user}!');
    await configure(guild, 'welcome', 'dm', { state: 'on', text: 'Hello {user.name}, welcome to {server}.' });
    await configure(guild, 'welcome', 'autorole add', { role: given });
    await configure(guild, 'welcome', 'autorole add', { role: aboveBot });
    const opener = population().createUser({ globalName: 'Opener' });
    const closed = population().createUser();
    population().setRefusesDms(closed, true);
    const before = stack.sim.state.stats.toJSON();
    for (const userId of [opener, closed]) {
      stack.sim.state.memberJoin(guild.id, userId);
      // Apart, so neither DM is shed by the bot-wide budget for opening DMs.
      await new Promise((r) => setTimeout(r, 1_500));
    }
    const rows = await eventually(async () => {
      const found = await stack.db.sql<
        { user_id: string; dm_status: string | null; roles_status: string | null }[]
      >`
        select user_id::text, dm_status, roles_status from greeting_deliveries
        where guild_id = ${guild.id} and kind = 'welcome' and dm_status is not null and roles_status is not null`;
      return found.length === 2 ? found : undefined;
    }, 20_000);
    const of = (userId: string) => rows.find((r) => r.user_id === userId)!;
    expect(of(opener).dm_status).toBe('sent');
    expect(of(closed).dm_status).toBe('refused');
    for (const userId of [opener, closed]) {
      expect(of(userId).roles_status).toContain(`<@&${aboveBot}>`);
      expect(population().memberRoles(guild, userId)).toContain(given);
      expect(population().memberRoles(guild, userId)).not.toContain(aboveBot);
    }
    const dms = stack.sim.state.messages.list(population().dmChannelId(opener));
    expect(dms.map((d) => d.message.content)).toEqual([`Hello Opener, welcome to ${guild.name}.`]);
    await new Promise((r) => setTimeout(r, 1_500));
    // One refused role per member and one refused DM: nothing was tried again.
    const after = stack.sim.state.stats.toJSON();
    console.info(
      `DM and autoroles: ${JSON.stringify(rows)}; invalid requests ${after.invalidRequests - before.invalidRequests}`,
    );
    // Two 403s for the role above the bot (one per member) and one for the closed DMs.
    expect(after.invalidRequests - before.invalidRequests).toBe(3);
  }, 90_000);
});
