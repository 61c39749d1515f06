// `droas-migrate`: applies (or with `down`, reverts one) migration against DATABASE_URL. A composition root:
// config from the environment, then the package's runMigrations.
import { createLogger, loadConfig } from '@droas/runtime';
import { migrateConfigShape, runMigrations } from '../src/index.js';

const config = loadConfig(migrateConfigShape, process.env);
const logger = createLogger({ name: 'migrate', level: config.LOG_LEVEL });
const direction = process.argv[2] === 'down' ? 'down' : 'up';

runMigrations({ databaseUrl: config.DATABASE_URL, logger, direction }).then(
  (applied) => {
    logger.info(
      { direction, applied },
      applied.length ? `applied ${applied.length} migration(s)` : 'schema is up to date',
    );
  },
  (error: unknown) => {
    logger.error({ err: error }, 'migration failed');
    process.exitCode = 1;
  },
);
