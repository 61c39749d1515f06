import type { RawInteractionRequest } from '@droas/discord-sim';
import { createTestRedisNamespace, eventually, type TestRedisNamespace } from '@droas/testkit';
import { startGatewayUnderTest, type GatewayUnderTest } from './support/gatewayHarness';

// Dispatches the gateway cannot turn into jobs used to get no acknowledgement at all, so the member saw
// "The application did not respond". Each is now answered, privately, with what was wrong.
describe('malformed dispatches are answered with a private error', () => {
  let ns: TestRedisNamespace;
  let gut: GatewayUnderTest;
  let base: Omit<RawInteractionRequest, 'command'>;
  let payee: string;

  beforeAll(async () => {
    ns = createTestRedisNamespace();
    gut = await startGatewayUnderTest({
      redisUrl: ns.url,
      prefix: ns.prefix,
      totalShards: 1,
      shardsPerCluster: 1,
    });
    const [guild] = gut.sim.state.population.guilds();
    const [member, other] = gut.sim.state.population.memberIds(guild!, 0, 2);
    base = { guildId: guild!.id, userId: member! };
    payee = other!;
  }, 90_000);

  afterAll(async () => {
    await gut?.close();
    await ns?.cleanup();
  }, 60_000);

  // The table is built before the simulator starts: the payee's id goes in when each case runs.
  const user = () => '{"name":"user","type":6,"value":"PAYEE"}';
  const amount = (value: string) => `{"name":"amount","type":4,"value":${value}}`;
  const note = (value: string) => `{"name":"note","type":3,"value":${value}}`;
  const options = (...list: string[]) => ({ options: `[${list.join(',')}]` });

  it.each<[string, Partial<RawInteractionRequest>, RegExp]>([
    [
      'an amount of 2^53+1',
      { dataJson: options(user(), amount('9007199254740993')) },
      /`amount` must be a whole number in range/,
    ],
    [
      'an amount of 1e308',
      { dataJson: options(user(), amount('1e308')) },
      /`amount` must be a whole number in range/,
    ],
    [
      'an amount of 1.5',
      { dataJson: options(user(), amount('1.5')) },
      /`amount` must be a whole number in range/,
    ],
    [
      'an amount of "abc"',
      { dataJson: options(user(), amount('"abc"')) },
      /`amount` must be a whole number in range/,
    ],
    [
      'a 50 kB note',
      { dataJson: options(user(), amount('5'), note(JSON.stringify('x'.repeat(50_000)))) },
      /`note` must be a string of at most 6000 characters/,
    ],
    [
      'a note with a lone surrogate',
      { dataJson: options(user(), amount('5'), note('"a\\ud800b"')) },
      /`note` must be text without broken characters/,
    ],
    [
      '26 options',
      {
        dataJson: options(...Array.from({ length: 26 }, (_, i) => `{"name":"o${i}","type":5,"value":true}`)),
      },
      /options should be an array of at most 25 options/,
    ],
    ['a command named constructor', { command: 'constructor' }, /I don't know a command by that name/],
    ['a command named __proto__', { command: '__proto__' }, /I don't know a command by that name/],
    ['a garbage locale', { json: { locale: '"zz-!!garbage"' } }, /language code I do not recognise/],
  ])('%s', async (_name, variant, says) => {
    const withPayee = variant.dataJson && {
      dataJson: { options: variant.dataJson.options!.replace('PAYEE', payee) },
    };
    const { id } = gut.sim.state.dispatchRawInteraction({
      ...base,
      command: 'pay',
      ...variant,
      ...withPayee,
    });
    const t = await eventually(() => {
      const timeline = gut.sim.state.ledger.get(id)?.timeline;
      return timeline?.acknowledgement ? timeline : undefined;
    }, 10_000);
    expect(t.acknowledgement).toMatchObject({ type: 4, ephemeral: true });
    expect(t.acknowledgement!.latencyMs).toBeLessThan(3_000);
    expect(t.content).toMatch(/^⚠️ I couldn't run that: /);
    expect(t.content).toMatch(says);
    expect(t.content).toMatch(/Nothing was done\.$/);
    expect(t.violations).toEqual([]);
    // No job: nothing was done with it.
    expect(await gut.queues.interactions.getJob(`ix-${id}`)).toBeUndefined();
  });

  it('answers a dispatch delivered twice once', async () => {
    // Every interaction frame goes out twice, as overlapping sessions or a RESUME replay can deliver it.
    const gateway = gut.sim.state.gateway;
    const dispatch = gateway.dispatch.bind(gateway);
    gateway.dispatch = (guildId, event, data) => {
      if (event === 'INTERACTION_CREATE') dispatch(guildId, event, data);
      return dispatch(guildId, event, data);
    };
    try {
      const before = gut.sim.state.stats.toJSON().doubleAcknowledgements;
      const { id } = gut.sim.state.dispatchRawInteraction({
        ...base,
        command: 'pay',
        json: { locale: '"!!"' },
      });
      await eventually(
        () => (gut.sim.state.ledger.get(id)?.timeline.acknowledgement ? true : undefined),
        10_000,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      expect(gut.sim.state.ledger.get(id)!.timeline.violations).toEqual([]);
      expect(gut.sim.state.stats.toJSON().doubleAcknowledgements).toBe(before);
    } finally {
      gateway.dispatch = dispatch;
    }
  });
});
