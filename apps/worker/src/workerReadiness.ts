import { cacheProbe, type ReadinessCheck } from '@droas/runtime';

export interface WorkerReadinessDeps {
  /** `select 1` on a connection outside the pool (`Database.probe`). */
  probePostgres: () => Promise<unknown>;
  /** A round trip on the fail-fast command connection (`PING`). */
  pingRedis: () => Promise<unknown>;
  /** ioredis status of the connection BullMQ's workers use. */
  bullmqConnectionStatus: () => string;
  /** False once Redis's eviction policy is no longer `noeviction`. */
  redisNoEviction: () => boolean;
  /** True while every BullMQ worker of the replica runs. */
  workersRunning: () => boolean;
}

export const DefaultWorkerReadinessOptions = {
  /** A probe's answer serves every check for this long: kubelet probes never add load to the database. */
  reuseMs: 1_500,
  /** Within the ops server's 2 s budget per check. */
  timeoutMs: 1_000,
} as const;

/**
 * What `/readyz` checks on a worker, by name (the body names the one that failed): Postgres and Redis
 * answer, Redis will not evict jobs, the BullMQ workers run.
 *
 * Workers take no traffic from a Service, so readiness only gates rolling updates and PodDisruptionBudgets.
 * Intake paused by an open breaker is therefore not a failed check: it is the replica handling an outage as
 * designed (jobs wait in the queue), and it clears only after the breaker's next trial succeeds. Were it a
 * failed check, a Discord outage (which no reachability check sees) would turn every replica not ready, old
 * and new, and stall the rollout and every node drain for a condition the replicas handle themselves.
 *
 * An unreachable Postgres or Redis does fail readiness, so a new replica that cannot reach them never
 * becomes ready and a rollout started during an outage waits. That is the point: from inside the pod, an
 * outage looks exactly like a broken release (wrong URL, credentials, network policy), and the Deployment
 * only retires old replicas as new ones become ready, so the old release stays in place, resumes on its own
 * when the dependency is back, and no job is lost meanwhile (they wait in Redis). The rollout continues as
 * soon as the new replicas can reach Postgres.
 */
export function workerReadiness(
  deps: WorkerReadinessDeps,
  options: { reuseMs?: number; timeoutMs?: number } = {},
): Record<string, ReadinessCheck> {
  const probe = { ...DefaultWorkerReadinessOptions, ...options };
  return {
    postgres: cacheProbe(deps.probePostgres, probe),
    redis: cacheProbe(async () => {
      const status = deps.bullmqConnectionStatus();
      if (status !== 'ready') throw new Error(`the BullMQ connection is ${status}`);
      await deps.pingRedis();
    }, probe),
    redisNoEviction: deps.redisNoEviction,
    workers: deps.workersRunning,
  };
}
