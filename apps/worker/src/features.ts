import type { Database } from '@droas/db';
import type { DiscordRestClient } from '@droas/discord-rest';
import { createEconomyCommands } from '@droas/economy';
import type { Logger, Metrics, RedisNamespace } from '@droas/runtime';
import { createWelcome, type Welcome, type WelcomeDeps } from '@droas/welcome';
import type { Cluster, Redis } from 'ioredis';
import { CommandRegistry } from './commandRegistry.js';
import { createPingCommand } from './commands/pingCommand.js';

/** What the worker's features need: the process's connections, and where their keys live. */
export interface FeatureDeps {
  readonly db: Database;
  readonly redis: Redis | Cluster;
  readonly rest: DiscordRestClient;
  /** The process's root namespace; each feature takes its own child. */
  readonly namespace: RedisNamespace;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly scheduleFlush: WelcomeDeps['scheduleFlush'];
  readonly welcome?: WelcomeDeps['options'];
}

/**
 * Every feature the worker serves, built once: the command registry (ping, economy, welcome) and the
 * welcome's member-event handling. `npm run commands:deploy` builds the same, so what is registered with
 * Discord is what the worker answers.
 */
export function createFeatures(deps: FeatureDeps): { registry: CommandRegistry; welcome: Welcome } {
  const { db, redis, rest, namespace, metrics, logger } = deps;
  const economy = createEconomyCommands({
    db,
    redis,
    metrics,
    logger,
    namespace: namespace.child('economy'),
  });
  const welcome = createWelcome({
    db,
    redis,
    rest,
    metrics,
    logger,
    namespace: namespace.child('welcome'),
    scheduleFlush: deps.scheduleFlush,
    ...(deps.welcome !== undefined && { options: deps.welcome }),
  });
  const registry = new CommandRegistry([createPingCommand(), ...economy.handlers, ...welcome.handlers]);
  return { registry, welcome };
}
