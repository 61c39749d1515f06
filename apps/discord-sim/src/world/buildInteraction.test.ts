import { buildInteraction, DEFAULT_MEMBER_PERMISSIONS, resolveOptions } from './buildInteraction.js';
import { ManualClock } from './clock.js';
import { Population } from './population.js';

const MANAGE_GUILD = 0x20n;

describe('buildInteraction', () => {
  const population = new Population(new ManualClock());
  const [guild] = population.seed({ count: 1, membersPerGuild: 5 });
  const [invoker, target] = population.memberIds(guild!, 0, 2) as [string, string];
  const spec = (options: ReturnType<typeof resolveOptions>, permissions?: string) => ({
    id: '1300000000000000001',
    token: 'tok',
    applicationId: population.botUserId,
    guild: guild!,
    channelIndex: 0,
    userId: invoker,
    commandId: '1300000000000000002',
    commandName: 'economy',
    options,
    locale: 'en-US',
    ...(permissions !== undefined && { permissions }),
  });

  it('sends an ordinary member without Manage Server unless told otherwise', () => {
    const payload = buildInteraction(spec([]), population) as { member: { permissions: string } };
    expect(payload.member.permissions).toBe(DEFAULT_MEMBER_PERMISSIONS);
    expect(BigInt(payload.member.permissions) & MANAGE_GUILD).toBe(0n);
  });

  it('sends the member permissions it is given', () => {
    const payload = buildInteraction(spec([], '32'), population) as {
      member: { permissions: string };
      app_permissions: string;
    };
    expect(payload.member.permissions).toBe('32');
    expect(payload.app_permissions).toBe(DEFAULT_MEMBER_PERMISSIONS);
  });

  it('keeps explicit subcommand trees, and resolves users named inside them', () => {
    const options = resolveOptions(
      [
        {
          name: 'grant',
          type: 1,
          options: [
            { name: 'user', type: 6, value: target },
            { name: 'amount', type: 4, value: 5 },
          ],
        },
      ],
      undefined,
      population,
    );
    expect(options).toEqual([
      {
        name: 'grant',
        type: 1,
        options: [
          { name: 'user', type: 6, value: target },
          { name: 'amount', type: 4, value: 5 },
        ],
      },
    ]);
    const payload = buildInteraction(spec(options), population) as {
      data: {
        options: unknown;
        resolved: { users: Record<string, unknown>; members: Record<string, unknown> };
      };
    };
    expect(payload.data.options).toEqual(options);
    expect(Object.keys(payload.data.resolved.users)).toEqual([target]);
    expect(Object.keys(payload.data.resolved.members)).toEqual([target]);
  });

  it('still takes flat explicit options and infers types from values', () => {
    expect(resolveOptions([{ name: 'amount', type: 3, value: 'abc' }], undefined, population)).toEqual([
      { name: 'amount', type: 3, value: 'abc' },
    ]);
    expect(resolveOptions({ user: target, amount: 7, note: 'hi' }, undefined, population)).toEqual([
      { name: 'user', type: 6, value: target },
      { name: 'amount', type: 4, value: 7 },
      { name: 'note', type: 3, value: 'hi' },
    ]);
  });
});
