import {
  ManualClock,
  SimClient,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../src/index.js';

// Raw HTTP against each of Discord's REST rules, with an injected clock where time matters.
describe('REST rules', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function start(
    options: SimulatorOptions = {},
  ): Promise<{ s: Simulator; api: SimClient; guildId: string; userId: string; channelId: string }> {
    sim = await startSimulator({ population: { count: 2, membersPerGuild: 4 }, ...options });
    const api = new SimClient(sim.controlUrl);
    const guild = sim.state.population.guilds()[0]!;
    return {
      s: sim,
      api,
      guildId: guild.id,
      userId: sim.state.population.memberIds(guild, 0, 1)[0]!,
      channelId: sim.state.population.channelId(guild, 0),
    };
  }

  function call(
    s: Simulator,
    method: string,
    path: string,
    body?: unknown,
    auth: string | null = s.botToken,
  ) {
    const headers: Record<string, string> = {};
    if (auth !== null) headers.authorization = `Bot ${auth}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${s.restUrl}/v10${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  const callback = (s: Simulator, id: string, token: string, body: unknown) =>
    call(s, 'POST', `/interactions/${id}/${token}/callback`, body, null);

  it('serves /gateway/bot with the gateway URL and session_start_limit', async () => {
    const { s } = await start({ maxConcurrency: 16 });
    const res = await call(s, 'GET', '/gateway/bot');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      url: s.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 16 },
    });
    expect((await call(s, 'GET', '/gateway/bot', undefined, 'wrong')).status).toBe(401);
  });

  // In a container the simulator listens on 0.0.0.0 and the gateway reaches it by its service name: a URL
  // built from the listening address would send discord.js to its own container.
  it('hands out the gateway URL under its public host name, not the address it listens on', async () => {
    const { s } = await start({ host: '127.0.0.1', publicHost: 'localhost' });
    expect(s.gatewayUrl).toBe(`ws://localhost:${s.port}`);
    const res = await call(s, 'GET', '/gateway/bot');
    expect(((await res.json()) as { url: string }).url).toBe(`ws://localhost:${s.port}`);
  });

  it('answers a late acknowledgement with 404/10062 and records it', async () => {
    const clock = new ManualClock();
    const { s, api, guildId, userId } = await start({ clock });
    const { id, token } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });
    clock.advance(3001);
    const res = await callback(s, id, token, { type: 4, data: { content: 'too late' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Unknown interaction', code: 10062 });
    const timeline = await api.interaction(id);
    expect(timeline.acknowledgement).toBeNull();
    expect(timeline.violations).toMatchObject([{ rule: 'late-acknowledgement', code: 10062 }]);
    expect((await api.stats()).lateAcknowledgements).toBe(1);
  });

  it('accepts an acknowledgement at 3 s exactly, and answers a second with 400/40060', async () => {
    const clock = new ManualClock();
    const { s, api, guildId, userId } = await start({ clock });
    const { id, token } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });
    clock.advance(3000);
    expect((await callback(s, id, token, { type: 5 })).status).toBe(204);
    const second = await callback(s, id, token, { type: 4, data: { content: 'again' } });
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({
      message: 'Interaction has already been acknowledged.',
      code: 40060,
    });
    expect(await api.stats()).toMatchObject({ acknowledged: 1, doubleAcknowledgements: 1 });
  });

  it('lets the token edit for 15 minutes, then answers 401/50027', async () => {
    const clock = new ManualClock();
    const { s, api, guildId, userId } = await start({ clock });
    const { id, token } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });
    const original = `/webhooks/${s.applicationId}/${token}/messages/@original`;
    // Before the acknowledgement the token is not a webhook yet.
    expect((await call(s, 'PATCH', original, { content: 'early' }, null)).status).toBe(404);
    expect((await callback(s, id, token, { type: 5 })).status).toBe(204);
    clock.advance(15 * 60_000);
    const edit = await call(s, 'PATCH', original, { content: 'just in time' }, null);
    expect(edit.status).toBe(200);
    expect(await edit.json()).toMatchObject({ content: 'just in time', type: 20, flags: 0 });
    clock.advance(1);
    const late = await call(s, 'PATCH', original, { content: 'expired' }, null);
    expect(late.status).toBe(401);
    expect(await late.json()).toEqual({ message: 'Invalid Webhook Token', code: 50027 });
    const followUp = await call(
      s,
      'POST',
      `/webhooks/${s.applicationId}/${token}?wait=true`,
      { content: 'x' },
      null,
    );
    expect(followUp.status).toBe(401);
    expect((await api.interaction(id)).content).toBe('just in time');
  });

  it('answers a webhook call before the acknowledgement with 404/10015, recording writes but not reads', async () => {
    const { s, api, guildId, userId } = await start();
    const { id, token } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });
    const original = `/webhooks/${s.applicationId}/${token}/messages/@original`;
    const read = await call(s, 'GET', original, undefined, null);
    expect(read.status).toBe(404);
    expect(await read.json()).toEqual({ message: 'Unknown Webhook', code: 10015 });
    expect((await api.interaction(id)).violations).toEqual([]);
    expect((await call(s, 'PATCH', original, { content: 'early' }, null)).status).toBe(404);
    expect((await api.interaction(id)).violations).toMatchObject([
      { rule: 'webhook-before-acknowledgement', code: 10015 },
    ]);
    expect((await callback(s, id, token, { type: 4, data: { content: 'hi' } })).status).toBe(204);
    const after = await call(s, 'GET', original, undefined, null);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ content: 'hi' });
  });

  it('records broken rules without refusing them when not strict', async () => {
    const clock = new ManualClock();
    const { s, api, guildId, userId } = await start({ clock, strict: false });
    const { id, token } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });
    clock.advance(5000);
    expect((await callback(s, id, token, { type: 4, data: { content: 'late but accepted' } })).status).toBe(
      204,
    );
    expect((await api.interaction(id)).violations.map((v) => v.rule)).toEqual(['late-acknowledgement']);
  });

  it('applies the global limit with its headers, exempting interaction callbacks', async () => {
    const clock = new ManualClock();
    const { s, api, guildId, userId } = await start({ clock, globalRateLimitPerSec: 50 });
    for (let i = 0; i < 50; i += 1) expect((await call(s, 'GET', '/users/@me')).status).toBe(200);
    const limited = await call(s, 'GET', '/users/@me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    expect(await limited.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 1,
      global: true,
    });
    const { id, token } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });
    expect((await callback(s, id, token, { type: 4, data: { content: 'exempt' } })).status).toBe(204);
    clock.advance(1000);
    expect((await call(s, 'GET', '/users/@me')).status).toBe(200);
    expect((await api.stats()).rateLimitedByScope.global).toBe(1);
  });

  it('keeps per-route buckets per channel, with X-RateLimit headers and a 429 past the limit', async () => {
    const clock = new ManualClock();
    const { s, guildId } = await start({ clock });
    const guild = s.state.population.guild(guildId)!;
    const [a, b] = [0, 1].map((k) => s.state.population.channelId(guild, k));
    const remaining: (string | null)[] = [];
    let bucket: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const res = await call(s, 'POST', `/channels/${a}/messages`, { content: `m${i}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('5');
      expect(res.headers.get('x-ratelimit-reset-after')).toBe('5.000');
      remaining.push(res.headers.get('x-ratelimit-remaining'));
      bucket = res.headers.get('x-ratelimit-bucket');
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    expect(bucket).toMatch(/^[0-9a-f]{32}$/);
    clock.advance(1500);
    const limited = await call(s, 'POST', `/channels/${a}/messages`, { content: 'm5' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('4');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('x-ratelimit-reset-after')).toBe('3.500');
    expect(limited.headers.get('x-ratelimit-global')).toBeNull();
    expect((await call(s, 'POST', `/channels/${b}/messages`, { content: 'other channel' })).status).toBe(200);
    clock.advance(3500);
    expect((await call(s, 'POST', `/channels/${a}/messages`, { content: 'next window' })).status).toBe(200);
  });

  it('refuses everything for a while once the invalid-request budget is spent, from the request after the limit', async () => {
    // The old off-by-one: the 5th invalid request of a budget of 5 started the ban. Discord allows 10,000 and
    // bans after them, so the 5th is still allowed and the 6th starts it.
    const clock = new ManualClock();
    const { s, api } = await start({ clock, invalidRequestLimit: 5, invalidRequestBanMs: 60_000 });
    for (let i = 0; i < 5; i += 1)
      expect((await call(s, 'GET', '/users/@me', undefined, 'bad')).status).toBe(401);
    expect((await call(s, 'GET', '/users/@me')).status).toBe(200);
    expect(await api.invalidRequests()).toEqual({ count: 5, bannedForMs: 0, banShape: 'cloudflare' });
    expect((await call(s, 'GET', '/users/@me', undefined, 'bad')).status).toBe(401);
    const banned = await call(s, 'GET', '/users/@me');
    expect(banned.status).toBe(429);
    expect(banned.headers.get('retry-after')).toBe('60');
    expect(await banned.text()).toBe('error code: 1015');
    expect((await api.invalidRequests()).bannedForMs).toBe(60_000);
    clock.advance(60_000);
    expect((await call(s, 'GET', '/users/@me')).status).toBe(200);
    expect(await api.stats()).toMatchObject({ invalidRequests: 6, rateLimitedByScope: { banned: 1 } });
  });

  it('gives the ban as Discord JSON with code 0 and no Retry-After or rate-limit headers when asked', async () => {
    const { s, api, userId } = await start({ invalidRequestLimit: 1 });
    expect(await api.setInvalidRequestBanShape('json')).toEqual({ banShape: 'json' });
    for (let i = 0; i < 2; i += 1) await call(s, 'GET', '/users/@me', undefined, 'bad');
    // Every route, interaction webhooks included, and with no headers to say for how long.
    for (const path of [
      '/users/@me',
      `/webhooks/${s.applicationId}/nope/messages/@original`,
      `/users/${userId}`,
    ]) {
      const banned = await call(s, 'GET', path);
      expect(banned.status).toBe(429);
      expect(banned.headers.get('content-type')).toBe('application/json');
      expect(
        [...banned.headers.keys()].filter((h) => h === 'retry-after' || h.startsWith('x-ratelimit')),
      ).toEqual([]);
      expect(await banned.json()).toEqual({
        message: expect.stringContaining('temporarily') as unknown,
        code: 0,
      });
    }
    await api.reset();
    expect((await api.invalidRequests()).banShape).toBe('cloudflare');
  });

  it('gives Discord error bodies for bad messages, inaccessible channels and DM refusals', async () => {
    const { s, api, channelId, userId } = await start();
    const expectError = async (res: Response, status: number, code: number) => {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { code: number }).code).toBe(code);
    };
    const tooLong = await call(s, 'POST', `/channels/${channelId}/messages`, { content: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
      },
    });
    await expectError(await call(s, 'POST', `/channels/${channelId}/messages`, {}), 400, 50006);
    await expectError(
      await call(s, 'POST', '/channels/11111111111111111111/messages', { content: 'x' }),
      404,
      10003,
    );
    await api.setChannelAccess(channelId, 'missingAccess');
    await expectError(await call(s, 'POST', `/channels/${channelId}/messages`, { content: 'x' }), 403, 50001);
    await api.setChannelAccess(channelId, 'missingPermissions');
    await expectError(await call(s, 'POST', `/channels/${channelId}/messages`, { content: 'x' }), 403, 50013);

    const dm = (await (await call(s, 'POST', '/users/@me/channels', { recipient_id: userId })).json()) as {
      id: string;
      type: number;
    };
    expect(dm.type).toBe(1);
    expect((await call(s, 'POST', `/channels/${dm.id}/messages`, { content: 'hi' })).status).toBe(200);
    await api.setRefusesDms(userId, true);
    await expectError(await call(s, 'POST', `/channels/${dm.id}/messages`, { content: 'hi' }), 403, 50007);
  });

  it('refuses embeds past their limits with 50035 at the field path, on messages, callbacks and edits', async () => {
    const { s, api, guildId, userId, channelId } = await start();
    const tooLong = { embeds: [{ title: 'ok' }, { fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] };
    const expected = {
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        embeds: {
          1: {
            fields: {
              0: {
                value: {
                  _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 1024 or fewer in length.' }],
                },
              },
            },
          },
        },
      },
    };
    const message = await call(s, 'POST', `/channels/${channelId}/messages`, tooLong);
    expect(message.status).toBe(400);
    expect(await message.json()).toEqual(expected);

    const { id, token } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });
    const refused = await callback(s, id, token, { type: 4, data: tooLong });
    expect(await refused.json()).toEqual(expected);
    // A refused body does not spend the acknowledgement.
    expect((await callback(s, id, token, { type: 5 })).status).toBe(204);
    const original = `/webhooks/${s.applicationId}/${token}/messages/@original`;
    const sixThousand = Array.from({ length: 7 }, () => ({ description: 'd'.repeat(1000) }));
    const edit = await call(s, 'PATCH', original, { embeds: sixThousand }, null);
    expect(edit.status).toBe(400);
    expect(await edit.json()).toMatchObject({
      code: 50035,
      errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } },
    });
    const eleven = await call(
      s,
      'POST',
      `/webhooks/${s.applicationId}/${token}?wait=true`,
      {
        embeds: Array.from({ length: 11 }, () => ({ title: 't' })),
      },
      null,
    );
    expect(await eleven.json()).toMatchObject({
      code: 50035,
      errors: { embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    expect((await call(s, 'PATCH', original, { embeds: sixThousand.slice(1) }, null)).status).toBe(200);
  });

  it('adds roles, refusing the one above the bot (50013) and unknown ones (10011)', async () => {
    const { s, guildId, userId } = await start();
    const guild = s.state.population.guild(guildId)!;
    const [low, , top] = s.state.population.roleIds(guild);
    expect((await call(s, 'PUT', `/guilds/${guildId}/members/${userId}/roles/${low}`)).status).toBe(204);
    expect((await call(s, 'PUT', `/guilds/${guildId}/members/${userId}/roles/${top}`)).status).toBe(403);
    expect(
      (await call(s, 'PUT', `/guilds/${guildId}/members/${userId}/roles/11111111111111111111`)).status,
    ).toBe(404);
    const member = (await (await call(s, 'GET', `/guilds/${guildId}/members/${userId}`)).json()) as {
      roles: string[];
    };
    expect(member.roles).toEqual([low]);
  });

  it('works out who a message pings under allowed_mentions and its defaults, and again on edit', async () => {
    const { s, api, guildId, userId, channelId } = await start({
      bucketLimits: { channelMessages: { limit: 100, windowMs: 5000 } },
    });
    const guild = s.state.population.guild(guildId)!;
    const [, other] = s.state.population.memberIds(guild, 0, 2) as [string, string];
    const [role] = s.state.population.roleIds(guild) as [string];
    const content = `@everyone @here <@&${role}> <@${userId}> <@!${other}>`;
    const all = { users: [userId, other], roles: [role], everyone: true };
    const usersOnly = { users: [userId, other], roles: [], everyone: false };
    const none = { users: [], roles: [], everyone: false };
    const post = (allowed?: unknown) =>
      call(s, 'POST', `/channels/${channelId}/messages`, {
        content,
        ...(allowed === undefined ? {} : { allowed_mentions: allowed }),
      });
    const pingsOf = async (res: Response) => {
      expect(res.status).toBe(200);
      const { id } = (await res.json()) as { id: string };
      return (await api.channelMessages(channelId)).messages.find((m) => m.id === id)!.pings;
    };

    // A channel message: everything by default; only what allowed_mentions lets through otherwise.
    expect(await pingsOf(await post())).toEqual(all);
    expect(await pingsOf(await post({ parse: [] }))).toEqual(none);
    expect(await pingsOf(await post({ users: [] }))).toEqual(none);
    expect(await pingsOf(await post({ users: [other], parse: ['everyone'] }))).toEqual({
      users: [other],
      roles: [],
      everyone: true,
    });
    expect(await pingsOf(await post({ parse: ['users', 'roles'], users: [] }))).toEqual({
      ...all,
      everyone: false,
    });
    for (const kind of ['users', 'roles'] as const) {
      const refused = await post({ parse: [kind], [kind]: [kind === 'users' ? userId : role] });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        code: 50035,
        errors: { allowed_mentions: { _errors: [{ code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE' }] } },
      });
    }
    const message = (await (await post()).json()) as Record<string, unknown>;
    expect(message).toMatchObject({ mention_everyone: true, mention_roles: [role] });
    expect((message.mentions as { id: string }[]).map((u) => u.id)).toEqual([userId, other]);

    // An interaction response and its webhook messages: users only by default.
    const { id, token } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });
    expect((await callback(s, id, token, { type: 4, data: { content } })).status).toBe(204);
    const webhook = `/webhooks/${s.applicationId}/${token}`;
    const followUp = await call(s, 'POST', `${webhook}?wait=true`, { content }, null);
    const restricted = await call(
      s,
      'POST',
      `${webhook}?wait=true`,
      { content, allowed_mentions: { parse: ['everyone'] } },
      null,
    );
    const pingsById = async () =>
      new Map((await api.channelMessages(channelId)).messages.map((m) => [m.id, m.pings]));
    let byId = await pingsById();
    const originalId = (await api.interaction(id)).response!.id;
    expect(byId.get(originalId)).toEqual(usersOnly);
    expect(byId.get(((await followUp.json()) as { id: string }).id)).toEqual(usersOnly);
    expect(byId.get(((await restricted.json()) as { id: string }).id)).toEqual({ ...none, everyone: true });

    // An edit works mentions out afresh: under its own allowed_mentions, else the defaults, never the original's.
    const edit = (body: unknown) => call(s, 'PATCH', `${webhook}/messages/@original`, body, null);
    expect((await edit({ content, allowed_mentions: { parse: ['roles', 'everyone'] } })).status).toBe(200);
    byId = await pingsById();
    expect(byId.get(originalId)).toEqual({ users: [], roles: [role], everyone: true });
    expect((await edit({ content: `${content}!` })).status).toBe(200);
    byId = await pingsById();
    expect(byId.get(originalId)).toEqual(usersOnly);
    const edited = (await (await edit({ content: 'no mentions' })).json()) as Record<string, unknown>;
    expect(edited).toMatchObject({ mentions: [], mention_roles: [], mention_everyone: false });
  });

  it('injects 5xx, 429 and latency on a route, then stops', async () => {
    const { s, api, channelId } = await start();
    const route = 'POST /channels/:channelId/messages';
    await api.addFault({ kind: 'serverError', route, count: 1, status: 502 });
    expect((await call(s, 'POST', `/channels/${channelId}/messages`, { content: 'a' })).status).toBe(502);
    expect((await call(s, 'POST', `/channels/${channelId}/messages`, { content: 'b' })).status).toBe(200);
    await api.addFault({ kind: 'rateLimit', route, count: 1, retryAfterMs: 2500 });
    const limited = await call(s, 'POST', `/channels/${channelId}/messages`, { content: 'c' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    await api.addFault({ kind: 'latency', latencyMs: 200, count: 1 });
    const started = Date.now();
    expect((await call(s, 'GET', '/users/@me')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect((await api.stats()).rateLimitedByScope.injected).toBe(1);
  });

  it('creates a message once per enforced nonce, and refuses a nonce over 25 characters', async () => {
    const { s, channelId } = await start();
    const send = (body: object) =>
      call(s, 'POST', `/channels/${channelId}/messages`, { content: 'hi', ...body });
    const first = await send({ nonce: 'batch-1', enforce_nonce: true });
    const again = await send({ nonce: 'batch-1', enforce_nonce: true });
    expect(first.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    // Without enforce_nonce the nonce is only echoed: a second message is created.
    await send({ nonce: 'batch-2' });
    await send({ nonce: 'batch-2' });
    expect(s.state.messages.list(channelId)).toHaveLength(3);
    const long = await send({ nonce: 'x'.repeat(26), enforce_nonce: true });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { code: number }).code).toBe(50035);
  });
});
