import { join } from 'node:path';
import { env, type Logger } from '@droas/runtime';

export interface MigrateOptions {
  databaseUrl: string;
  logger: Logger;
  /** @defaultValue 'up' */
  direction?: 'up' | 'down';
  /** How many migrations to run; all by default going up, one going down. */
  count?: number;
}

/** The environment of `droas-migrate` (bin/migrate.ts), the one-shot step run before each release's apps. */
export const migrateConfigShape = {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  LOG_LEVEL: env.logLevel().default('info'),
};

/** The SQL migrations shipped with this package, applied in file-name order. */
export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/**
 * Applies the migrations with node-pg-migrate (a maintained tool: locking against concurrent runs, a
 * migrations table, up and down). Safe to run from several processes at once: one waits for the other.
 */
export async function runMigrations(options: MigrateOptions): Promise<string[]> {
  // node-pg-migrate is ESM-only; a dynamic import keeps this package CommonJS.
  const { runner } = await import('node-pg-migrate');
  const direction = options.direction ?? 'up';
  const applied = await runner({
    databaseUrl: options.databaseUrl,
    dir: MIGRATIONS_DIR,
    direction,
    count: options.count ?? (direction === 'up' ? Infinity : 1),
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    logger: {
      debug: (msg: string) => options.logger.debug(msg),
      info: (msg: string) => options.logger.debug(msg),
      warn: (msg: string) => options.logger.warn(msg),
      error: (msg: string) => options.logger.error(msg),
    },
  });
  return applied.map((m) => m.name);
}
