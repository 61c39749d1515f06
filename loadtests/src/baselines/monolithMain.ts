// The monolith baseline: one discord.js bot that runs the economy's handlers in-process, without the queue
// hop, against the same Postgres, Redis and (simulated) Discord as DROAS. A composition root only; started by
// `startMonolith`, ready when it logs `monolith ready`.
import { once } from 'node:events';
import { Database } from '@droas/db';
import { createEconomyCommands } from '@droas/economy';
import { createLogger, loadConfig, Metrics, RedisNamespace, Shutdown } from '@droas/runtime';
import { Redis } from 'ioredis';
import { monolithConfigShape } from './monolithConfig.js';
import { MonolithBot } from './monolithBot.js';

async function main(): Promise<void> {
  const config = loadConfig(monolithConfigShape, process.env);
  const logger = createLogger({ name: 'monolith', level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
  const shutdown = new Shutdown({ logger, deadlineMs: config.SHUTDOWN_DEADLINE_MS }).listen();
  // Caches fail fast when Redis is slow, as the worker's do; the economy then asks Postgres.
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    enableOfflineQueue: false,
  });
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
  shutdown.register('redis', () => redis.disconnect());
  const db = new Database({
    url: config.DATABASE_URL,
    maxConnections: config.DB_POOL_MAX,
    logger,
    applicationName: 'droas-monolith',
  });
  shutdown.register('database', () => db.close());
  // Both reachable before the first interaction, so none is measured against a connection being made.
  if (redis.status !== 'ready') await once(redis, 'ready');
  await db.ping();

  const economy = createEconomyCommands({
    db,
    redis,
    // Nobody scrapes the monolith: the runner reads its CPU and memory from /proc.
    metrics: new Metrics({ collectDefaults: false }),
    logger,
    namespace: new RedisNamespace(config.REDIS_PREFIX).child('economy'),
  });
  const bot = new MonolithBot({
    token: config.DISCORD_TOKEN,
    restUrl: config.DISCORD_API_URL,
    totalShards: config.TOTAL_SHARDS,
    handlers: economy.handlers,
    logger,
  });
  // Registered last, so it runs first: stop taking interactions and finish the ones in flight.
  shutdown.register('bot', () => bot.stop());
  await bot.start();
  logger.info({ shards: config.TOTAL_SHARDS, commands: economy.handlers.length }, 'monolith ready');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `monolith failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
