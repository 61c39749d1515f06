import { once } from 'node:events';
import { Client, GatewayIntentBits, type ChatInputCommandInteraction } from 'discord.js';
import { SimClient, startSimulator, type Simulator } from '../src/index.js';

// `with_response` returns the callback response only when asked, and resource.message only for a message.
describe('interaction callbacks and webhooks', () => {
  let sim: Simulator;
  let api: SimClient;
  let guildId: string;
  let userId: string;

  beforeAll(async () => {
    sim = await startSimulator({ population: { count: 1, membersPerGuild: 3 } });
    api = new SimClient(sim.controlUrl);
    const guild = sim.state.population.guilds()[0]!;
    guildId = guild.id;
    userId = sim.state.population.memberIds(guild, 0, 1)[0]!;
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
  });
});
