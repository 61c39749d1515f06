// The processes `npm start` runs, in start order: the simulator (unless DISCORD_TOKEN points at the real
// Discord), the gateway manager (which forks its cluster processes), and WORKERS worker replicas.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {{ env: NodeJS.ProcessEnv, findFreePort: () => Promise<number>, repoRoot: string }} ctx
 * @returns {Promise<Array<{ name: string, entry: string, args?: string[], env: Record<string,string>,
 *   readyUrl?: string, describe: string[], after?: string }>>}
 */
export async function appsToStart(ctx) {
  const built = (entry) => existsSync(join(ctx.repoRoot, entry));
  const apps = [];
  const useSim = !ctx.env.DISCORD_TOKEN;
  const discord = { DISCORD_TOKEN: ctx.env.DISCORD_TOKEN ?? ctx.env.SIM_BOT_TOKEN ?? 'sim-token' };

  if (useSim && built('apps/discord-sim/dist/src/main.js')) {
    const port = ctx.env.SIM_PORT ? Number(ctx.env.SIM_PORT) : await ctx.findFreePort();
    const opsPort = await ctx.findFreePort();
    const base = `http://127.0.0.1:${port}`;
    discord.DISCORD_API_URL = `${base}/api`;
    const demo = ctx.env.DEMO_TRAFFIC === '0' ? '0' : (ctx.env.DEMO_TRAFFIC_PER_SEC ?? '2');
    apps.push({
      name: 'discord-sim',
      entry: 'apps/discord-sim/dist/src/main.js',
      args: ['--port', String(port)],
      env: {
        SIM_PORT: String(port),
        SIM_OPS_PORT: String(opsPort),
        SIM_GUILDS: ctx.env.SIM_GUILDS ?? '20',
        SIM_MAX_CONCURRENCY: ctx.env.SIM_MAX_CONCURRENCY ?? '16',
        // Traffic starts once the bot is up (see `after` below), not before anyone listens.
        SIM_DEMO_TRAFFIC_PER_SEC: '0',
      },
      readyUrl: `${base}/_sim/stats`,
      describe: [
        `REST ${base}/api   control ${base}/_sim   metrics http://127.0.0.1:${opsPort}/metrics`,
        `bot token ${discord.DISCORD_TOKEN}; demo traffic ${demo === '0' ? 'off (DEMO_TRAFFIC=0)' : `${demo} commands/s`}`,
      ],
      after:
        demo === '0'
          ? undefined
          : {
              url: `${base}/_sim/generators`,
              body: { kind: 'interactions', ratePerSec: Number(demo), durationMs: 86_400_000 },
            },
    });
  } else if (ctx.env.DISCORD_API_URL) {
    discord.DISCORD_API_URL = ctx.env.DISCORD_API_URL;
  }

  if (built('apps/gateway/dist/src/manager.js')) {
    const opsPort = ctx.env.GATEWAY_OPS_PORT ? Number(ctx.env.GATEWAY_OPS_PORT) : await ctx.findFreePort();
    apps.push({
      name: 'gateway',
      entry: 'apps/gateway/dist/src/manager.js',
      env: {
        ...discord,
        TOTAL_SHARDS: ctx.env.TOTAL_SHARDS ?? '2',
        SHARDS_PER_CLUSTER: ctx.env.SHARDS_PER_CLUSTER ?? '1',
        OPS_HOST: '127.0.0.1',
        OPS_PORT: String(opsPort),
      },
      readyUrl: `http://127.0.0.1:${opsPort}/readyz`,
      describe: [`manager http://127.0.0.1:${opsPort}/metrics; cluster N on port ${opsPort + 1}+N`],
    });
  }

  if (built('apps/worker/dist/src/main.js')) {
    const replicas = Number(ctx.env.WORKERS ?? '2');
    for (let i = 0; i < replicas; i++) {
      const opsPort = await ctx.findFreePort();
      apps.push({
        name: `worker-${i}`,
        entry: 'apps/worker/dist/src/main.js',
        env: { ...discord, OPS_HOST: '127.0.0.1', OPS_PORT: String(opsPort) },
        readyUrl: `http://127.0.0.1:${opsPort}/readyz`,
        describe: [`http://127.0.0.1:${opsPort}/metrics`],
      });
    }
  }
  return apps;
}
