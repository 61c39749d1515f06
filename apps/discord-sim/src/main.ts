import { Metrics, Shutdown, createLogger, startOpsServer } from '@droas/runtime';
import { readConfig } from './config.js';
import { registerSimMetrics } from './simMetrics.js';
import { startSimulator } from './simulator.js';

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2), process.env);
  const logger = createLogger({
    name: 'discord-sim',
    level: config.SIM_LOG_LEVEL,
    secrets: [config.SIM_BOT_TOKEN],
  });
  const shutdown = new Shutdown({ logger }).listen();

  const sim = await startSimulator({
    port: config.SIM_PORT,
    host: config.SIM_HOST,
    ...(config.SIM_PUBLIC_HOST === undefined ? {} : { publicHost: config.SIM_PUBLIC_HOST }),
    botToken: config.SIM_BOT_TOKEN,
    maxConcurrency: config.SIM_MAX_CONCURRENCY,
    strict: config.SIM_STRICT,
    globalRateLimitPerSec: config.SIM_GLOBAL_RATE_LIMIT_PER_SEC,
    ...(config.SIM_SHARDS === undefined ? {} : { recommendedShards: config.SIM_SHARDS }),
    ...(config.SIM_GUILDS === 0
      ? {}
      : {
          population: {
            count: config.SIM_GUILDS,
            membersPerGuild: config.SIM_MEMBERS_PER_GUILD,
            ...(config.SIM_USERS === undefined ? {} : { users: config.SIM_USERS }),
          },
        }),
  });
  shutdown.register('simulator', () => sim.close());

  const metrics = new Metrics({ defaultLabels: { service: 'discord-sim' } });
  registerSimMetrics(metrics, sim.state.stats);
  const ops = await startOpsServer({ port: config.SIM_OPS_PORT, host: config.SIM_HOST, metrics, logger });
  shutdown.register('ops server', () => ops.close());

  if (config.SIM_DEMO_TRAFFIC_PER_SEC > 0 && config.SIM_GUILDS > 0) {
    sim.generators.start({
      kind: 'interactions',
      ratePerSec: config.SIM_DEMO_TRAFFIC_PER_SEC,
      durationMs: 86_400_000,
    });
  }

  logger.info(
    { restUrl: sim.restUrl, gatewayUrl: sim.gatewayUrl, controlUrl: sim.controlUrl, opsUrl: ops.url },
    'discord-sim listening',
  );
  process.stdout.write(
    [
      `discord-sim is up (${sim.state.population.guildCount} guilds, ${sim.state.population.userCount} users)`,
      `  REST      ${sim.restUrl}        (discord.js: new Client({ rest: { api: '${sim.restUrl}' } }))`,
      `  gateway   ${sim.gatewayUrl}`,
      `  control   ${sim.controlUrl}`,
      `  metrics   ${ops.url}/metrics`,
      `  bot token ${config.SIM_BOT_TOKEN}   application id ${sim.applicationId}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `discord-sim failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
