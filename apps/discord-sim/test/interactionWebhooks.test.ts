import { once } from 'node:events';
import { Client, GatewayIntentBits, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { SimClient, startSimulator, type Simulator } from '../src/index.js';

// What Discord does with an interaction's webhook once the callback is in: a follow-up during "thinking…"
// becomes the response, deletes are real, and `with_response` returns the callback response only when asked.
describe('interaction callbacks and webhooks', () => {
  let sim: Simulator;
  let api: SimClient;
  let guildId: string;
  let userId: string;
  let channelId: string;

  beforeAll(async () => {
    sim = await startSimulator({ population: { count: 1, membersPerGuild: 3 } });
    api = new SimClient(sim.controlUrl);
    const guild = sim.state.population.guilds()[0]!;
    guildId = guild.id;
    userId = sim.state.population.memberIds(guild, 0, 1)[0]!;
    channelId = sim.state.population.channelId(guild, 0);
  });
  afterAll(() => sim.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.restUrl}/v10${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text.length === 0 ? undefined : (JSON.parse(text) as Record<string, unknown>),
    };
  };
  const dispatch = () => api.dispatchInteraction({ guildId, userId, command: 'welcome' });
  const hook = (token: string) => `/webhooks/${sim.applicationId}/${token}`;

  describe('with_response', () => {
    it.each([
      ['absent', ''],
      ['false', '?with_response=false'],
    ])('answers 204 when it is %s', async (_what, query) => {
      const { id, token } = await dispatch();
      const res = await call('POST', `/interactions/${id}/${token}/callback${query}`, {
        type: 4,
        data: { content: 'x' },
      });
      expect(res).toEqual({ status: 204, body: undefined });
    });

    it('returns resource.message for a type 4 response', async () => {
      const { id, token } = await dispatch();
      const res = await call('POST', `/interactions/${id}/${token}/callback?with_response=true`, {
        type: 4,
        data: { content: 'hello' },
      });
      expect(res.status).toBe(200);
      const response = res.body as {
        interaction: Record<string, unknown>;
        resource: { type: number; message: { id: string } };
      };
      expect(response.interaction).toMatchObject({ id, type: 2, response_message_loading: false });
      expect(response.resource).toMatchObject({ type: 4, message: { content: 'hello' } });
      expect(response.interaction.response_message_id).toBe(response.resource.message.id);
    });

    it('returns no resource.message for a deferral, only its loading message id', async () => {
      const { id, token } = await dispatch();
      const res = await call('POST', `/interactions/${id}/${token}/callback?with_response=1`, {
        type: 5,
        data: { flags: 64 },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        interaction: {
          id,
          type: 2,
          response_message_id: (await api.interaction(id)).response!.id,
          response_message_loading: true,
          response_message_ephemeral: true,
        },
        resource: { type: 5 },
      });
    });
  });

  describe('a follow-up while the deferral is still thinking', () => {
    it('edits the loading message instead of creating one, ignoring the ephemeral flag', async () => {
      const { id, token } = await dispatch();
      await call('POST', `/interactions/${id}/${token}/callback`, { type: 5 });
      const originalId = (await api.interaction(id)).response!.id;
      const first = await call('POST', `${hook(token)}?wait=true`, { content: 'Welcome!', flags: 64 });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: originalId, content: 'Welcome!', flags: 0 });
      // Thinking is over: the next follow-up is a new message, and may be ephemeral.
      const second = await call('POST', `${hook(token)}?wait=true`, { content: 'psst', flags: 64 });
      expect(second.body).toMatchObject({ content: 'psst', flags: 64 });
      expect(second.body!.id).not.toBe(originalId);

      const timeline = await api.interaction(id);
      expect(timeline.content).toBe('Welcome!');
      expect(timeline.edits).toEqual([
        { at: expect.any(Number) as number, content: 'Welcome!', viaFollowUp: true },
      ]);
      expect(timeline.followUps.map((f) => f.content)).toEqual(['psst']);
      const inChannel = (await api.channelMessages(channelId)).messages.filter((m) => m.id === originalId);
      expect(inChannel).toMatchObject([{ content: 'Welcome!', flags: 0 }]);
    });

    it('keeps an ephemeral deferral ephemeral, whatever the follow-up asks', async () => {
      const { id, token } = await dispatch();
      await call('POST', `/interactions/${id}/${token}/callback`, { type: 5, data: { flags: 64 } });
      const first = await call('POST', `${hook(token)}?wait=true`, { content: 'only you', flags: 4 });
      expect(first.body).toMatchObject({ content: 'only you', flags: 64 | 4 });
      expect((await api.channelMessages(channelId)).messages.map((m) => m.content)).not.toContain('only you');
    });
  });

  describe('DELETE', () => {
    it('deletes the original response: 10008 after, out of the channel, recorded in the timeline', async () => {
      const { id, token } = await dispatch();
      await call('POST', `/interactions/${id}/${token}/callback`, {
        type: 4,
        data: { content: 'to delete' },
      });
      const original = `${hook(token)}/messages/@original`;
      expect((await call('DELETE', original)).status).toBe(204);
      const unknown = { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      expect(await call('GET', original)).toEqual(unknown);
      expect(await call('PATCH', original, { content: 'back?' })).toEqual(unknown);
      expect(await call('DELETE', original)).toEqual(unknown);
      const timeline = await api.interaction(id);
      expect(timeline.deletions).toEqual([
        { at: expect.any(Number) as number, messageId: timeline.response!.id, original: true },
      ]);
      expect((await api.channelMessages(channelId)).messages.map((m) => m.content)).not.toContain(
        'to delete',
      );
      // The token still works: a follow-up after the deletion is a new message.
      expect((await call('POST', `${hook(token)}?wait=true`, { content: 'after' })).status).toBe(200);
    });

    it('deletes a follow-up the same way', async () => {
      const { id, token } = await dispatch();
      await call('POST', `/interactions/${id}/${token}/callback`, { type: 4, data: { content: 'first' } });
      const sent = await call('POST', `${hook(token)}?wait=true`, { content: 'second' });
      const path = `${hook(token)}/messages/${sent.body!.id as string}`;
      expect((await call('DELETE', path)).status).toBe(204);
      expect((await call('GET', path)).status).toBe(404);
      expect((await api.interaction(id)).deletions).toMatchObject([
        { messageId: sent.body!.id, original: false },
      ]);
    });
  });

  describe('with discord.js', () => {
    let client: Client;
    const handlers = new Map<string, (i: ChatInputCommandInteraction) => Promise<unknown>>();
    const results = new Map<string, unknown>();

    beforeAll(async () => {
      client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: sim.restUrl } });
      client.on('interactionCreate', (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        const handle = handlers.get(interaction.commandName);
        void handle?.(interaction).then(
          (r) => results.set(interaction.id, r),
          (e: unknown) => results.set(interaction.id, e),
        );
      });
      const ready = once(client, 'clientReady');
      await client.login(sim.botToken);
      await ready;
    }, 20_000);
    afterAll(() => client.destroy());

    async function run(command: string): Promise<unknown> {
      const { id } = await api.dispatchInteraction({ guildId, userId, command });
      const deadline = Date.now() + 5000;
      while (!results.has(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return results.get(id);
    }

    it('gets resource.message from reply({withResponse}) and none from deferReply({withResponse})', async () => {
      handlers.set(
        'replied',
        async (i) => (await i.reply({ content: 'hi', withResponse: true })).resource?.message?.content,
      );
      handlers.set('deferred', async (i) => {
        const response = await i.deferReply({ withResponse: true });
        return [response.resource?.message ?? null, response.interaction.responseMessageLoading];
      });
      expect(await run('replied')).toBe('hi');
      expect(await run('deferred')).toEqual([null, true]);
    });

    it('turns followUp during a deferral into the reply, and deleteReply into a real deletion', async () => {
      handlers.set('greet', async (i) => {
        await i.deferReply();
        const message = await i.followUp({ content: 'Welcome!', flags: MessageFlags.Ephemeral });
        const original = await i.fetchReply();
        await i.deleteReply();
        const after = await i.fetchReply().then(
          () => 'still there',
          (e: { code?: number }) => e.code,
        );
        return [message.id === original.id, message.flags.has(MessageFlags.Ephemeral), after];
      });
      expect(await run('greet')).toEqual([true, false, 10008]);
    });
  });

  describe('the answer log (GET /_sim/answers)', () => {
    it('lists each interaction once, when its answer became readable: the callback, or the edit after a deferral', async () => {
      const start = (await api.answers(0, 1)).lastSeq;
      const answered = await dispatch();
      await call('POST', `/interactions/${answered.id}/${answered.token}/callback`, {
        type: 4,
        data: { content: 'at once' },
      });
      const deferred = await dispatch();
      await call('POST', `/interactions/${deferred.id}/${deferred.token}/callback`, { type: 5 });
      const unanswered = await dispatch();
      await call('POST', `/interactions/${unanswered.id}/${unanswered.token}/callback`, { type: 5 });
      expect((await api.answers(start)).answers.map((a) => a.id)).toEqual([answered.id]);
      await call('PATCH', `${hook(deferred.token)}/messages/@original`, { content: 'later' });
      await call('PATCH', `${hook(deferred.token)}/messages/@original`, { content: 'again' });

      const { answers, next } = await api.answers(start);
      expect(answers.map((a) => [a.id, a.ackType, a.content])).toEqual([
        [answered.id, 4, 'at once'],
        [deferred.id, 5, 'later'],
      ]);
      expect(answers.every((a) => a.latencyMs === a.answeredAt - a.dispatchedAt)).toBe(true);
      expect((await api.answers(next)).answers).toEqual([]);
      await expect(api.answers(-1)).rejects.toThrow(/after: expected a non-negative integer/);
    });
  });
});
