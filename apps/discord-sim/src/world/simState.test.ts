import { ManualClock } from './clock.js';
import type { EventGateway, RouteOutcome } from './eventGateway.js';
import { Population } from './population.js';
import { RawJson } from './rawJson.js';
import { SimState } from './simState.js';
import { SimStats } from './simStats.js';
import { SnowflakeGenerator } from './snowflake.js';

/** An in-memory gateway: keeps what it is given, and says shard 0 took it. */
class RecordingGateway implements EventGateway {
  readonly events: { guildId: string | null; eventName: string; data: unknown }[] = [];
  resets = 0;

  dispatch(guildId: string | null, eventName: string, data: unknown): RouteOutcome {
    this.events.push({ guildId, eventName, data });
    return { delivered: 1, filtered: 0, shardId: 0 };
  }

  reset(): void {
    this.resets += 1;
  }
}

function simState() {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const population = new Population(clock);
  const [guild] = population.seed({ count: 1, membersPerGuild: 2 });
  const gateway = new RecordingGateway();
  const state = new SimState({
    clock,
    account: { token: 't', applicationId: population.botUserId, revoked: false },
    population,
    ids: new SnowflakeGenerator(clock),
    stats: new SimStats(),
    gateway,
    rules: { ackDeadlineMs: 3000, tokenLifetimeMs: 900_000, strict: true },
    maxInteractions: 10,
    maxMessages: 10,
  });
  const userId = population.memberIds(guild!, 0, 1)[0]!;
  return { state, gateway, guildId: guild!.id, userId };
}

describe('SimState', () => {
  it('records an interaction in the ledger, then hands it to the gateway it was built with', () => {
    const { state, gateway, guildId, userId } = simState();
    const result = state.dispatchInteraction({ guildId, userId, command: 'pay' });
    expect(result).toMatchObject({ shardId: 0, delivered: true });
    expect(gateway.events.map((e) => [e.guildId, e.eventName])).toEqual([[guildId, 'INTERACTION_CREATE']]);
    expect(gateway.events[0]?.data).toMatchObject({ id: result.id, token: result.token });
    expect(state.ledger.get(result.id)?.timeline.delivered).toBe(true);
    expect(state.stats.dispatched).toBe(1);
  });

  it('hands a raw interaction over as text', () => {
    const { state, gateway, guildId, userId } = simState();
    state.dispatchRawInteraction({ guildId, userId, command: 'pay', json: { locale: '"zz"' } });
    const [event] = gateway.events;
    expect(event?.data).toBeInstanceOf(RawJson);
    expect((event?.data as RawJson).text).toContain('"locale":"zz"');
  });

  // apps/worker's tests wrap `sim.state.gateway.dispatch` to record or withhold INTERACTION_CREATE; that only
  // works while the state looks its gateway's dispatch up on every event.
  it('dispatches through state.gateway.dispatch as it is at the time, so a test can wrap it', () => {
    const { state, gateway, guildId, userId } = simState();
    const withheld: string[] = [];
    state.gateway.dispatch = (_guildId, eventName) => {
      withheld.push(eventName);
      return { delivered: 0, filtered: 0, shardId: null };
    };
    const result = state.dispatchInteraction({ guildId, userId, command: 'pay' });
    expect(withheld).toEqual(['INTERACTION_CREATE']);
    expect(gateway.events).toEqual([]);
    expect(result.delivered).toBe(false);
  });

  it('resets its gateway with everything else', () => {
    const { state, gateway, guildId, userId } = simState();
    state.dispatchInteraction({ guildId, userId, command: 'pay' });
    state.reset();
    expect(gateway.resets).toBe(1);
    expect(state.stats.dispatched).toBe(0);
    expect(state.population.guildCount).toBe(0);
  });
});
