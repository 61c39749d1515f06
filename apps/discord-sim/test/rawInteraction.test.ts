import {
  Intents,
  SimClient,
  SimClientError,
  startSimulator,
  type RawInteractionRequest,
  type Simulator,
} from '../src/index.js';
import { RawGateway } from './support/rawGateway.js';

const TWO_TO_53_PLUS_1 = '9007199254740993';

// `POST /_sim/interactions/raw`: malformed interactions reach the bot byte for byte, and stay answerable.
describe('raw interactions', () => {
  let sim: Simulator;
  let api: SimClient;
  let gateway: RawGateway;
  let guildId: string;
  let userId: string;

  beforeAll(async () => {
    sim = await startSimulator({ population: { count: 1, membersPerGuild: 3 } });
    api = new SimClient(sim.controlUrl);
    gateway = await RawGateway.connect(sim.gatewayUrl);
    gateway.identify(sim.botToken, [0, 1], Intents.Guilds);
    await gateway.waitFor((p) => p.t === 'READY');
    guildId = sim.state.population.guilds()[0]!.id;
    userId = sim.state.population.memberIds(sim.state.population.guilds()[0]!, 0, 1)[0]!;
  });

  afterAll(async () => {
    await gateway.close();
    await sim.close();
  });

  /** Dispatches, and returns the INTERACTION_CREATE frame's text as the bot received it. */
  async function send(
    request: Omit<RawInteractionRequest, 'guildId' | 'userId'>,
  ): Promise<{ id: string; token: string; text: string }> {
    const { id, token, delivered } = await api.dispatchRawInteraction({ guildId, userId, ...request });
    expect(delivered).toBe(true);
    const frame = await gateway.waitFor(
      (p) => p.t === 'INTERACTION_CREATE' && (p.d as { id: string }).id === id,
    );
    return { id, token, text: gateway.texts[gateway.frames.indexOf(frame)]! };
  }

  const integerOption = (value: string): string => `[{"name":"amount","type":4,"value":${value}}]`;

  it('writes 2^53 + 1 into the frame as written, and records the answer to it as to any interaction', async () => {
    const options = integerOption(TWO_TO_53_PLUS_1);
    const { id, token, text } = await send({ command: 'pay', dataJson: { options } });
    expect(text).toContain(`"options":${options}`);
    // JSON.parse, as a bot does, cannot hold it: proof the digits did not come through a JavaScript number.
    expect(JSON.parse(text)).toMatchObject({ d: { id, token, member: { user: { id: userId } } } });

    const res = await fetch(`${sim.restUrl}/v10/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'refused' } }),
    });
    expect(res.status).toBe(204);
    const timeline = await api.interaction(id);
    expect(timeline).toMatchObject({
      command: 'pay',
      delivered: true,
      acknowledgement: { type: 4 },
      content: 'refused',
      violations: [],
      options: [{ name: 'amount', type: 4, value: Number(TWO_TO_53_PLUS_1) }],
    });
  });

  it.each<[string, Pick<RawInteractionRequest, 'json' | 'dataJson'>]>([
    ['1e308 for an integer', { dataJson: { options: integerOption('1e308') } }],
    ['1.5 for an integer', { dataJson: { options: integerOption('1.5') } }],
    ['a string for an integer', { dataJson: { options: integerOption('"abc"') } }],
    [
      'a 50 kB string',
      { dataJson: { options: `[{"name":"note","type":3,"value":"${'x'.repeat(50_000)}"}]` } },
    ],
    ['a lone UTF-16 surrogate', { dataJson: { options: '[{"name":"note","type":3,"value":"a\\ud800b"}]' } }],
    [
      '26 options',
      {
        dataJson: {
          options: JSON.stringify(
            Array.from({ length: 26 }, (_, i) => ({ name: `o${i}`, type: 4, value: i })),
          ),
        },
      },
    ],
    ['a garbage locale', { json: { locale: '"\\u0000zz-NOT-A-LOCALE"' } }],
    ['a field Discord never sends', { json: { surprise: '{"nested":[1,2,3]}' } }],
  ])('sends %s verbatim', async (_, fragments) => {
    const { text } = await send({ command: 'pay', ...fragments });
    for (const [field, fragment] of Object.entries({ ...fragments.json, ...fragments.dataJson }))
      expect(text).toContain(`"${field}":${fragment}`);
  });

  it.each(['constructor', '__proto__', ''])('sends a command named %j', async (command) => {
    const { id, text } = await send({ command });
    expect(text).toContain(`"name":${JSON.stringify(command)}`);
    expect((await api.interaction(id)).command).toBe(command);
  });

  it('takes the whole of d.data as text', async () => {
    const data = `{"id":"1","name":"pay","type":1,"options":${integerOption(TWO_TO_53_PLUS_1)}}`;
    const { text } = await send({ command: 'pay', json: { data } });
    expect(text).toContain(`"data":${data}`);
  });

  it('refuses fragments that are not JSON, a __proto__ field, and d.data given twice, dispatching nothing', async () => {
    const before = (await api.stats()).dispatched;
    const refusal = (request: Omit<RawInteractionRequest, 'guildId' | 'userId'>) =>
      api.dispatchRawInteraction({ guildId, userId, ...request }).then(
        () => undefined,
        (error: unknown) => (error instanceof SimClientError ? error.status : error),
      );
    expect(await refusal({ command: 'pay', dataJson: { options: '[{"value":' } })).toBe(400);
    expect(
      await refusal({ command: 'pay', json: JSON.parse('{"__proto__":"1"}') as Record<string, string> }),
    ).toBe(400);
    expect(await refusal({ command: 'pay', json: { data: '{}' }, dataJson: { options: '[]' } })).toBe(400);
    expect((await api.stats()).dispatched).toBe(before);
  });
});
