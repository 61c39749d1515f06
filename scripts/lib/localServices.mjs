// Where `npm start` keeps its Redis and Postgres, so the other scripts (migrate, economy:verify) find the
// same ones.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from './deps.mjs';
import { ensurePostgres, ensureRedis } from './services.mjs';

export const stateDir = join(repoRoot, '.droas');

/** The local Postgres (or DATABASE_URL). When root runs us from a folder the postgres user cannot enter (a
 * clone under /root), the cluster lives in /var/tmp under a name derived from this checkout. */
export function ensureLocalPostgres() {
  const checkoutId = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
  return ensurePostgres({
    dir: join(stateDir, 'postgres'),
    fallbackDir: join('/var/tmp', `droas-${checkoutId}`, 'postgres'),
    persistent: true,
  });
}

/** The local Redis (or REDIS_URL), with its append-only file on. */
export function ensureLocalRedis() {
  return ensureRedis({ dir: join(stateDir, 'redis'), persistent: true });
}
