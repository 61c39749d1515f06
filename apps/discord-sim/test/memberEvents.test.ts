import { once } from 'node:events';
import {
  Client,
  GatewayIntentBits,
  GuildMemberFlags,
  type GuildMember,
  type PartialGuildMember,
} from 'discord.js';
import { Intents, SimClient, startSimulator, type Simulator } from '../src/index.js';
import { RawGateway, type GatewayPayload } from './support/rawGateway.js';

// The member events a welcome feature lives on: joins (pending under screening, DID_REJOIN on a rejoin),
// screening passed, roles added, leaves. First as frames on a bare socket, then as an unmodified discord.js
// Client reads them.
describe('member events', () => {
  describe('on the wire', () => {
    let sim: Simulator;
    let api: SimClient;
    let g: RawGateway;
    let guildId: string;

    beforeEach(async () => {
      sim = await startSimulator({ population: { count: 1, membersPerGuild: 3 } });
      api = new SimClient(sim.controlUrl);
      guildId = sim.state.population.guilds()[0]!.id;
      g = await RawGateway.connect(sim.gatewayUrl);
      g.identify(sim.botToken, [0, 1], Intents.Guilds | Intents.GuildMembers);
      await g.waitFor((p) => p.t === 'GUILD_CREATE');
    });
    afterEach(async () => {
      await g.close();
      await sim.close();
    });

    const next = (t: string): Promise<GatewayPayload> => {
      const from = g.frames.length;
      return g.waitFor((p) => p.t === t, 3000, from);
    };

    it('sends GUILD_MEMBER_REMOVE with guild_id and user only, and the member is gone', async () => {
      const userId = (await api.members(guildId, 0, 1)).memberIds[0]!;
      const removed = next('GUILD_MEMBER_REMOVE');
      expect(await api.memberLeave(guildId, userId)).toMatchObject({ guildId, userId, delivered: true });
      expect((await removed).d).toEqual({ guild_id: guildId, user: sim.state.population.user(userId) });
      expect((await api.guild(guildId)).memberCount).toBe(2);
      const res = await fetch(`${sim.restUrl}/v10/guilds/${guildId}/members/${userId}`, {
        headers: { authorization: `Bot ${sim.botToken}` },
      });
      expect(await res.json()).toEqual({ message: 'Unknown Member', code: 10007 });
      await expect(api.memberLeave(guildId, userId)).rejects.toMatchObject({ status: 400 });
      expect((await api.stats()).memberLeaves).toBe(1);
    });

    it('flags a rejoin with DID_REJOIN and a new joined_at, and a first join with neither', async () => {
      const first = next('GUILD_MEMBER_ADD');
      const { userId } = await api.memberJoin(guildId);
      const joined = (await first).d as { flags: number; joined_at: string; pending: boolean };
      expect(joined).toMatchObject({ guild_id: guildId, flags: 0, pending: false, roles: [] });
      await api.memberLeave(guildId, userId);
      await new Promise((r) => setTimeout(r, 5));
      const again = next('GUILD_MEMBER_ADD');
      await api.memberJoin(guildId, userId);
      const rejoined = (await again).d as { flags: number; joined_at: string };
      expect(rejoined.flags & 1).toBe(1);
      expect(Date.parse(rejoined.joined_at)).toBeGreaterThan(Date.parse(joined.joined_at));
    });

    it('makes joins pending under screening, then sends the whole member with pending false', async () => {
      await api.setScreening(guildId, true);
      const add = next('GUILD_MEMBER_ADD');
      const { userId } = await api.memberJoin(guildId);
      const member = (await add).d as Record<string, unknown>;
      expect(member).toMatchObject({ pending: true });
      const update = next('GUILD_MEMBER_UPDATE');
      expect(await api.passScreening(guildId, userId)).toMatchObject({ delivered: true });
      expect((await update).d).toEqual({
        guild_id: guildId,
        user: sim.state.population.user(userId),
        nick: null,
        avatar: null,
        banner: null,
        roles: [],
        joined_at: member.joined_at,
        premium_since: null,
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        communication_disabled_until: null,
      });
      await expect(api.passScreening(guildId, userId)).rejects.toMatchObject({ status: 400 });
      expect((await api.stats()).memberUpdates).toBe(1);
    });

    it('sends GUILD_MEMBER_UPDATE with the new roles after a role PUT, and nothing for a role already held', async () => {
      const userId = (await api.members(guildId, 0, 1)).memberIds[0]!;
      const role = sim.state.population.roleIds(sim.state.population.guild(guildId)!)[0]!;
      const put = () =>
        fetch(`${sim.restUrl}/v10/guilds/${guildId}/members/${userId}/roles/${role}`, {
          method: 'PUT',
          headers: { authorization: `Bot ${sim.botToken}` },
        });
      const update = next('GUILD_MEMBER_UPDATE');
      expect((await put()).status).toBe(204);
      expect((await update).d).toMatchObject({ guild_id: guildId, user: { id: userId }, roles: [role] });
      expect((await put()).status).toBe(204);
      await new Promise((r) => setTimeout(r, 50));
      expect(g.dispatches('GUILD_MEMBER_UPDATE')).toHaveLength(1);
    });

    it('numbers generated joins in the order it sends them, counting on across generators', async () => {
      const joinsFrom = g.frames.length;
      const names = () =>
        g.frames
          .slice(joinsFrom)
          .filter((p) => p.t === 'GUILD_MEMBER_ADD')
          .map((p) => (p.d as { user: { global_name: string } }).user.global_name);
      await api.startGenerator({ kind: 'joins', ratePerSec: 2000, count: 30, numbered: true });
      await g.waitFor(() => names().length === 30, 5000);
      await api.startGenerator({ kind: 'joins', ratePerSec: 2000, count: 10, numbered: true });
      await g.waitFor(() => names().length === 40, 5000);
      expect(names()).toEqual(Array.from({ length: 40 }, (_, i) => `join ${i + 1}`));
    });

    it('tells when each session identified and which identify rules hold', async () => {
      const [session] = (await api.sessions()).sessions;
      expect(session?.identifiedAtMs).toBeGreaterThan(Date.now() - 60_000);
      expect(session?.identifiedAtMs).toBeLessThanOrEqual(Date.now());
      expect(await api.identifyRules()).toEqual({ maxConcurrency: 1, windowMs: 5000, dailyLimit: 1000 });
    });
  });

  describe('as discord.js reads them', () => {
    let sim: Simulator;
    let api: SimClient;
    let client: Client;

    beforeAll(async () => {
      sim = await startSimulator({ population: { count: 1, membersPerGuild: 3 } });
      api = new SimClient(sim.controlUrl);
      client = new Client({
        intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
        rest: { api: sim.restUrl },
      });
      const ready = once(client, 'clientReady');
      await client.login(sim.botToken);
      await ready;
    }, 20_000);
    afterAll(async () => {
      await client.destroy();
      await sim.close();
    });

    it('sees a pending join, its screening passed, a role added, a leave and a rejoin', async () => {
      const guild = client.guilds.cache.first()!;
      await api.setScreening(guild.id, true);
      const added = once(client, 'guildMemberAdd') as Promise<[GuildMember]>;
      const { userId } = await api.memberJoin(guild.id);
      const [member] = await added;
      expect(member.id).toBe(userId);
      expect(member.pending).toBe(true);

      const passed = once(client, 'guildMemberUpdate') as Promise<[GuildMember, GuildMember]>;
      await api.passScreening(guild.id, userId);
      const [before, after] = await passed;
      expect([before.pending, after.pending]).toEqual([true, false]);

      const role = sim.state.population.roleIds(sim.state.population.guild(guild.id)!)[0]!;
      const roleAdded = once(client, 'guildMemberUpdate') as Promise<[GuildMember, GuildMember]>;
      await after.roles.add(role);
      const [, withRole] = await roleAdded;
      expect(withRole.roles.cache.has(role)).toBe(true);

      const removed = once(client, 'guildMemberRemove') as Promise<[GuildMember | PartialGuildMember]>;
      const countBefore = guild.memberCount;
      await api.memberLeave(guild.id, userId);
      expect((await removed)[0].id).toBe(userId);
      expect(guild.memberCount).toBe(countBefore - 1);

      await api.setScreening(guild.id, false);
      const rejoined = once(client, 'guildMemberAdd') as Promise<[GuildMember]>;
      await api.memberJoin(guild.id, userId);
      const [back] = await rejoined;
      expect(back.flags.has(GuildMemberFlags.DidRejoin)).toBe(true);
      expect(back.pending).toBe(false);
      expect(back.roles.cache.has(role)).toBe(false);
    });
  });
});
