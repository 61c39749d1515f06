import type { Scenario } from '../src/run/scenario.js';

/** Many members paying the same member at once: every payment locks one account row. */
export const hotAccount: Scenario = {
  name: 'hot-account',
  description: 'every member of one guild pays the same member, open loop at --rate for --duration s',
  defaults: { durationSec: 30, users: 200, ratePerSec: 100, workers: 2, shards: 2 },
  thresholds: ['totals.successRate >= 0.995', 'latencyMs.p95 < 2000', 'failures.doubleAcknowledgements == 0'],
  population: (o) => ({ guilds: 1, membersPerGuild: Math.max(3, o.users) }),
  async run(ctx) {
    const guild = ctx.guilds[0]!;
    const [target, ...payers] = guild.userIds;
    ctx.log(`hot-account: ${payers.length} members paying ${target} at ${ctx.options.ratePerSec}/s…`);
    await ctx.openLoop({
      ratePerSec: ctx.options.ratePerSec ?? 100,
      durationMs: ctx.options.durationSec * 1000,
      mix: [{ command: 'pay', weight: 1 }],
      pick: () => ({
        guildId: guild.guildId,
        userId: payers[Math.floor(ctx.random() * payers.length)]!,
        command: 'pay',
        options: { user: target!, amount: 1 },
      }),
    });
    return { target, payers: payers.length };
  },
};
