import type { ChildProcess } from 'node:child_process';
import type { Histogram, Logger } from '@droas/runtime';
import type { Cluster, ClusterManager } from 'discord-hybrid-sharding';

export interface RollingRestartOptions {
  manager: ClusterManager;
  logger: Logger;
  /** Seconds from stopping a cluster to its successor being ready. */
  handoverSeconds: Pick<Histogram, 'observe'>;
  /**
   * How long a successor may take to boot before its predecessor is stopped anyway (a successor that never
   * says it is waiting, say with shard leases off, is given this long). @defaultValue 30000
   */
  bootTimeoutMs?: number;
}

/**
 * Restarts a host's clusters one at a time, each handed over rather than stopped and started: the successor
 * process is started first, beside the running one, and boots up to the point where it waits for its shards
 * (the shard leases); only then is the predecessor told to stop. It closes resumably, saves its last
 * sequences and lets go of the shards, and the successor resumes them at once. A shard is away for the
 * predecessor's flush and the successor's resume, not for a process start.
 */
export class RollingRestart {
  readonly #o: Required<RollingRestartOptions>;
  #running: Promise<void> | undefined;
  #stopped = false;
  readonly #successors = new Set<Cluster>();

  constructor(options: RollingRestartOptions) {
    this.#o = { bootTimeoutMs: 30_000, ...options };
  }

  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Hands over every cluster of the host in turn; a call while one runs returns that one. */
  run(): Promise<void> {
    this.#running ??= this.#all().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Stops after the cluster being handed over, and stops any successor not yet switched in. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(
      [...this.#successors].map((cluster) => {
        const child = cluster.thread?.process as ChildProcess | undefined;
        cluster.kill({ force: false, reason: 'manager shutting down' });
        return child ? exited(child) : Promise.resolve();
      }),
    );
  }

  async #all(): Promise<void> {
    const ids = [...this.#o.manager.clusters.keys()].sort((a, b) => a - b);
    this.#o.logger.info({ clusters: ids }, 'rolling restart: handing over each cluster in turn');
    const started = Date.now();
    for (const id of ids) {
      if (this.#stopped) return;
      const old = this.#o.manager.clusters.get(id);
      if (!old) continue;
      try {
        await this.#handOver(old);
      } catch (error) {
        this.#o.logger.error({ err: error, cluster: id }, 'rolling restart: handover failed; stopping');
        return;
      }
    }
    this.#o.logger.info({ clusters: ids.length, tookMs: Date.now() - started }, 'rolling restart done');
  }

  async #handOver(old: Cluster): Promise<void> {
    const { manager, logger } = this.#o;
    const next = manager.createCluster(old.id, old.shardList, manager.totalShards, true);
    this.#successors.add(next);
    let waiting: () => void = () => {};
    const booted = new Promise<void>((resolve) => (waiting = resolve));
    next.once('spawn', (child) => {
      child?.on('message', (message: unknown) => {
        if ((message as { droas?: unknown } | null)?.droas === 'awaiting-handover') waiting();
      });
    });
    // spawn(-1) resolves at once, without waiting for ready: watch the cluster's own events instead.
    const ready = new Promise<void>((resolve, reject) => {
      next.once('ready', () => resolve());
      next.once('death', () =>
        reject(new Error(`the successor of cluster ${old.id} died before it was ready`)),
      );
    });
    ready.catch(() => {});
    void next.spawn(-1);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        booted,
        ready,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#o.bootTimeoutMs))),
      ]);
    } finally {
      clearTimeout(timer);
    }
    if (this.#stopped) return;
    const stopping = Date.now();
    const child = old.thread?.process as ChildProcess | undefined;
    // hybrid-sharding's kill() sends SIGTERM after removing its listeners: the old process shuts down on its
    // own (flush, save, release) and no death is reported, so nothing respawns it.
    old.kill({ force: false, reason: 'rolling restart' });
    if (child) await exited(child);
    manager.clusters.set(old.id, next);
    this.#successors.delete(next);
    await ready;
    const tookMs = Date.now() - stopping;
    this.#o.handoverSeconds.observe(tookMs / 1000);
    logger.info({ cluster: old.id, shards: old.shardList, handoverMs: tookMs }, 'cluster handed over');
  }
}

/** Resolves once `child` has exited (hybrid-sharding's kill() removes the listeners an exit event would need). */
export async function exited(child: ChildProcess): Promise<void> {
  while (child.exitCode === null && child.signalCode === null) await new Promise((r) => setTimeout(r, 20));
}
