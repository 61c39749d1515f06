import type { Logger } from '@droas/runtime';
import type { Cluster, ClusterManager } from 'discord-hybrid-sharding';
import type { Counter } from '@droas/runtime';

export interface ClusterRespawnerOptions {
  manager: ClusterManager;
  logger: Logger;
  respawns: Counter<'cluster'>;
  /** First delay; doubles per crash in a row, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs?: number;
  /** A cluster alive this long counts as healthy again: its backoff resets. @defaultValue 60000 */
  stableAfterMs?: number;
}

/**
 * Respawns crashed clusters with exponential backoff. discord-hybrid-sharding's own respawn is immediate and
 * gives up after a few restarts an hour; a crash loop then either hammers Discord with identifies or leaves
 * shards dead for good. Here a cluster always comes back, later each time it keeps crashing.
 */
export class ClusterRespawner {
  readonly #o: ClusterRespawnerOptions & { maxBackoffMs: number; stableAfterMs: number };
  readonly #crashes = new Map<number, { count: number; lastSpawnAt: number }>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #stopped = false;

  constructor(options: ClusterRespawnerOptions) {
    this.#o = { maxBackoffMs: 60_000, stableAfterMs: 60_000, ...options };
    options.manager.on('clusterCreate', (cluster: Cluster) => {
      this.#crashes.set(cluster.id, { count: 0, lastSpawnAt: Date.now() });
      cluster.on('death', () => this.#onDeath(cluster));
    });
  }

  #onDeath(cluster: Cluster): void {
    // A successor in a rolling restart that died before it was switched in: its predecessor still runs.
    if (this.#stopped || this.#o.manager.clusters.get(cluster.id) !== cluster) return;
    const state = this.#crashes.get(cluster.id) ?? { count: 0, lastSpawnAt: 0 };
    if (Date.now() - state.lastSpawnAt > this.#o.stableAfterMs) state.count = 0;
    const delayMs = Math.min(this.#o.backoffMs * 2 ** state.count, this.#o.maxBackoffMs);
    state.count++;
    this.#crashes.set(cluster.id, state);
    this.#o.respawns.inc({ cluster: String(cluster.id) });
    this.#o.logger.error(
      { cluster: cluster.id, crashesInARow: state.count, respawnInMs: delayMs },
      'cluster died; respawning',
    );
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#stopped) return;
      state.lastSpawnAt = Date.now();
      cluster
        .spawn(-1)
        .catch((error: unknown) =>
          this.#o.logger.error({ err: error, cluster: cluster.id }, 'respawn failed'),
        );
    }, delayMs);
    this.#timers.add(timer);
  }

  /** No more respawns: the manager is shutting down. */
  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
  }
}
