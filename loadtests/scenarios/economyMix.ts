import { type Scenario } from '../src/run/scenario.js';

/** Closed loop: N members, each sending a command, waiting for its answer, thinking 1-3 s. */
export const economyMix: Scenario = {
  name: 'economy-mix',
  description:
    'N virtual members (1,000 by default) over 100 guilds; each sends a command (60% /balance, 25% /pay, ' +
    '10% /daily, 5% /leaderboard), waits for its answer, thinks 1-3 s, and again',
  defaults: { durationSec: 60, users: 1_000, ratePerSec: null, workers: 2, shards: 2 },
  // The original requirements' floor and the acknowledgement rules, with the margin of repeated runs on a
  // 2-core machine (see loadtests/README.md).
  thresholds: [
    'latencyMs.p95 < 2000',
    'commands.balance.latencyMs.p95 < 500',
    'totals.successRate >= 0.995',
    'failures.lateAcknowledgements == 0',
    'failures.doubleAcknowledgements == 0',
    'failures.unansweredAtEnd == 0',
  ],
  population: (o) => ({ guilds: 100, membersPerGuild: Math.max(2, Math.ceil(o.users / 100)) }),
  baselines: true,
  async run(ctx) {
    const { users, durationSec } = ctx.options;
    ctx.log(`economy-mix: ${users} members for ${durationSec} s…`);
    await ctx.closedLoop({
      users,
      durationMs: durationSec * 1000,
      thinkMs: [1_000, 3_000],
      mix: ctx.options.mix,
    });
    return {};
  },
};
