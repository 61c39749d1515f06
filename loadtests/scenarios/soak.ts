import { type Scenario } from '../src/run/scenario.js';

/** Steady moderate load for a long time: memory per process over time, its slope and how sure that is. */
export const soak: Scenario = {
  name: 'soak',
  description:
    'the economy mix at --rate (open loop) for --duration s (30 min by default); every process’s RSS over ' +
    'time, with its slope and 95% interval',
  defaults: { durationSec: 1_800, users: 1_000, ratePerSec: 100, workers: 2, shards: 2 },
  thresholds: ['totals.successRate >= 0.995', 'failures.doubleAcknowledgements == 0'],
  population: (o) => ({ guilds: 100, membersPerGuild: Math.max(2, Math.ceil(o.users / 100)) }),
  async run(ctx) {
    await ctx.openLoop({
      ratePerSec: ctx.options.ratePerSec ?? 100,
      durationMs: ctx.options.durationSec * 1000,
      mix: ctx.options.mix,
    });
    return {};
  },
};
