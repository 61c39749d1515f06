// Where `npm start` keeps its Redis and Postgres, so the other scripts (migrate, economy:verify) find the
// same ones.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { findRunningPostgres, startPostgres, startRedis } from '../../packages/services/src/index.js';
import { repoRoot } from './deps.mjs';
import { log } from './log.mjs';

export const stateDir = join(repoRoot, '.droas');

/** The local Postgres. When root runs us from a folder the postgres user cannot enter (a clone under /root),
 * the cluster lives in /var/tmp under a name derived from this checkout. A server left behind by a run that
 * was killed holds the data directory: it is stopped first. */
export async function startLocalPostgres() {
  const checkoutId = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
  const dirs = {
    dir: join(stateDir, 'postgres'),
    fallbackDir: join('/var/tmp', `droas-${checkoutId}`, 'postgres'),
  };
  const left = await findRunningPostgres(dirs);
  if (left) {
    log(`stopping a Postgres left running by an earlier run (pid ${left.pid})`);
    await left.stop();
  }
  return startPostgres({ ...dirs, log });
}

/** The local Redis, with its append-only file on. */
export function startLocalRedis() {
  return startRedis({ dir: join(stateDir, 'redis'), appendOnly: true, log });
}
