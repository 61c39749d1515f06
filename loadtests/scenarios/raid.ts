import { COMMAND_OPTION_TYPE } from '@droas/contracts';
import { Database } from '@droas/db';
import { round } from '../src/stats.js';
import { type GuildMembers, type Scenario, type ScenarioContext } from '../src/run/scenario.js';

const RAIDED_GUILDS = 10;
const MANAGE_GUILD = '32';

/**
 * A raid: joins over 10 guilds with welcome configured (10,000 in 60 s by default: --users sets the joins,
 * --duration the seconds), while members keep using the economy (an open loop at --rate). Measures when the
 * last join was settled (greeted, batched or skipped) and what Discord's limits answered.
 */
export const raid: Scenario = {
  name: 'raid',
  description:
    `--users joins (10,000 by default) over --duration s into ${RAIDED_GUILDS} guilds with welcome on, while ` +
    'the economy mix keeps running at --rate; reports when every join was settled and the 429s',
  defaults: { durationSec: 60, users: 10_000, ratePerSec: 20, workers: 2, shards: 2 },
  thresholds: [
    'scenarioResults.settled == 1',
    'scenarioResults.completionSec <= 120',
    'scenarioResults.rateLimited429 == 0',
    'commands.balance.latencyMs.p95 < 2000',
    'failures.doubleAcknowledgements == 0',
  ],
  population: () => ({ guilds: 100, membersPerGuild: 20 }),
  async run(ctx) {
    const { users: joins, durationSec } = ctx.options;
    const raided = ctx.guilds.slice(0, RAIDED_GUILDS);
    for (const guild of raided) await enableWelcome(ctx, guild);
    const before = await ctx.stack.sim.stats();
    const startedAt = Date.now();
    const perGuild = Math.ceil(joins / raided.length);
    ctx.log(`raid: ${perGuild * raided.length} joins over ${durationSec} s into ${raided.length} guilds…`);
    for (const guild of raided) {
      await ctx.stack.sim.startGenerator({
        kind: 'raid',
        guildId: guild.guildId,
        ratePerSec: perGuild / durationSec,
        count: perGuild,
        durationMs: durationSec * 1000 + 5_000,
      });
    }
    await ctx.openLoop({
      ratePerSec: ctx.options.ratePerSec ?? 20,
      durationMs: durationSec * 1000,
      mix: ctx.options.mix,
    });
    const total = perGuild * raided.length;
    const settled = await waitSettled(ctx, raided, total, startedAt + (durationSec + 120) * 1000);
    const after = await ctx.stack.sim.stats();
    return {
      joins: total,
      settledJoins: settled.count,
      settled: settled.count >= total ? 1 : 0,
      completionSec: settled.atMs === null ? null : round((settled.atMs - startedAt) / 1000, 1),
      rateLimited429: after.rateLimited - before.rateLimited,
      messagesCreated: after.messagesCreated - before.messagesCreated,
    };
  },
};

async function enableWelcome(ctx: ScenarioContext, guild: GuildMembers): Promise<void> {
  const info = await ctx.stack.sim.guild(guild.guildId);
  const admin = guild.userIds[0]!;
  const { Subcommand, String: Text, Channel } = COMMAND_OPTION_TYPE;
  const steps = [
    [
      {
        name: 'channel',
        type: Subcommand,
        options: [{ name: 'channel', type: Channel, value: info.channelIds[1]! }],
      },
    ],
    [
      {
        name: 'message',
        type: Subcommand,
        options: [{ name: 'text', type: Text, value: 'Welcome {user} to {server}!' }],
      },
    ],
    [{ name: 'enable', type: Subcommand, options: [] }],
  ];
  for (const options of steps) {
    const sent = await ctx.driver.send({
      guildId: guild.guildId,
      userId: admin,
      command: 'welcome',
      options,
      permissions: MANAGE_GUILD,
    });
    if (!sent || !(await ctx.driver.answered(sent, 10_000)).answer)
      throw new Error(`could not configure the welcome of guild ${guild.guildId}`);
  }
  // Configuration answers are not part of the measured economy.
  for (const s of [...ctx.driver.sent.values()]) if (s.command === 'welcome') ctx.driver.sent.delete(s.id);
}

/** Polls Postgres until every join has a settled greeting row (not queued, not sending), or `deadline`. */
async function waitSettled(
  ctx: ScenarioContext,
  guilds: readonly GuildMembers[],
  total: number,
  deadline: number,
): Promise<{ count: number; atMs: number | null }> {
  const db = new Database({ url: ctx.stack.databaseUrl, maxConnections: 1 });
  const ids = guilds.map((g) => g.guildId);
  try {
    for (;;) {
      const [row] = await db.sql<{ settled: string; open: string }[]>`
        select count(*) filter (where status not in ('queued', 'sending')) as settled,
               count(*) filter (where status in ('queued', 'sending')) as open
        from greeting_deliveries where guild_id::text = any(${ids}) and kind = 'welcome'`;
      const settled = Number(row?.settled ?? 0);
      if (settled >= total && Number(row?.open ?? 0) === 0) return { count: settled, atMs: Date.now() };
      if (Date.now() > deadline) return { count: settled, atMs: null };
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await db.close();
  }
}
