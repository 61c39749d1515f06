import { interactionKeys, RedisAckStore } from '@droas/ack-protocol';
import { QUEUE_NAMES, type InteractionJob } from '@droas/contracts';
import { RedisNamespace } from '@droas/runtime';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

export interface FastAckWorker {
  /** Interaction jobs taken off the queue so far. */
  readonly completed: number;
  close(): Promise<void>;
}

/**
 * Plays a worker that answers fast: takes each interaction job and at once leaves the acknowledgement claim
 * marked answered, as the real worker does once its answer is sent. The gateway's guard then finds the claim
 * taken and does not defer, its steady state in production; a guard that fires anyway shows in its metrics
 * and in the benchmark's table. (Its BullMQ work runs in the benchmark's own process, not a subject's.)
 */
export function startFastAckWorker(redisUrl: string, prefix: string): FastAckWorker {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const claims = new RedisAckStore(connection, interactionKeys(new RedisNamespace(prefix)));
  let completed = 0;
  const worker = new Worker(
    QUEUE_NAMES.interactions,
    async (job) => {
      // What apps/worker leaves once its callback landed: the guard then knows there is nothing to watch.
      await claims.settle(job.data as InteractionJob, { kind: 'answered' }, 'callback');
    },
    { connection, prefix, concurrency: 200 },
  );
  worker.on('completed', () => {
    completed += 1;
  });
  return {
    get completed() {
      return completed;
    },
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
