import { ManualClock } from './clock.js';
import { CommandRegistry } from './commandRegistry.js';
import { createInteraction } from './createInteraction.js';
import { Population } from './population.js';
import { SimRequestError } from './simRequestError.js';
import { SnowflakeGenerator } from './snowflake.js';

describe('createInteraction', () => {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const population = new Population(clock);
  const [guild, other] = population.seed({ count: 2, membersPerGuild: 3 });
  const [member] = population.memberIds(guild!, 0, 1) as [string];
  const ids = new SnowflakeGenerator(clock);
  const sources = {
    clock,
    population,
    ids,
    account: { token: 't', applicationId: population.botUserId, revoked: false },
    commands: new CommandRegistry(population.botUserId, () => ids.next()),
  };

  it('builds the payload and a fresh timeline that agree on id, token, guild and channel', () => {
    const { payload, timeline } = createInteraction(
      { guildId: guild!.id, userId: member, command: 'pay', options: { amount: 5 } },
      sources,
    );
    expect(payload).toMatchObject({ id: timeline.id, token: timeline.token, guild_id: guild!.id });
    expect(timeline).toMatchObject({
      guildId: guild!.id,
      channelId: population.channelId(guild!, 0),
      command: 'pay',
      options: [{ name: 'amount', type: 4, value: 5 }],
      dispatchedAt: clock.now(),
      acknowledgement: null,
    });
  });

  it('says whether the guild is unknown or the user or channel does not fit it', () => {
    const reason = (request: Parameters<typeof createInteraction>[0]): string | undefined => {
      try {
        createInteraction(request, sources);
        return undefined;
      } catch (error) {
        return error instanceof SimRequestError ? error.reason : String(error);
      }
    };
    expect(reason({ guildId: '12345678901234567890', userId: member, command: 'x' })).toBe('unknown');
    expect(reason({ guildId: other!.id, userId: member, command: 'x' })).toBe('invalid');
    const otherChannel = population.channelId(other!, 0);
    expect(reason({ guildId: guild!.id, userId: member, command: 'x', channelId: otherChannel })).toBe(
      'invalid',
    );
  });
});
