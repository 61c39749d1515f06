// The processes `npm start` runs, in start order. Each entry appears once its app is built; later issues
// add the simulator's traffic, the gateway and the workers here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {{ env: NodeJS.ProcessEnv, redisUrl: string, databaseUrl: string, findFreePort: () => Promise<number>, repoRoot: string }} ctx
 * @returns {Promise<Array<{ name: string, entry: string, args?: string[], env: Record<string,string>, readyUrl?: string, describe: string[] }>>}
 */
export async function appsToStart(ctx) {
  const built = (entry) => existsSync(join(ctx.repoRoot, entry));
  const apps = [];

  if (!ctx.env.DISCORD_TOKEN && built('apps/discord-sim/dist/src/main.js')) {
    const port = ctx.env.SIM_PORT ? Number(ctx.env.SIM_PORT) : await ctx.findFreePort();
    const base = `http://127.0.0.1:${port}`;
    apps.push({
      name: 'discord-sim',
      entry: 'apps/discord-sim/dist/src/main.js',
      args: ['--port', String(port)],
      env: { SIM_PORT: String(port) },
      readyUrl: `${base}/_sim/stats`,
      describe: [
        `REST ${base}/api   control ${base}/_sim   bot token: ${ctx.env.SIM_BOT_TOKEN ?? 'sim-token'}`,
      ],
    });
  }
  return apps;
}
