import { QUEUE_NAMES, ackClaimKey, type InteractionJob } from '@droas/contracts';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

// The claim value apps/worker leaves once its answer is sent (answerInteraction.ts): the guard then knows
// there is nothing left to watch.
const ANSWERED = 'worker-answered';

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
  let completed = 0;
  const worker = new Worker(
    QUEUE_NAMES.interactions,
    async (job) => {
      const { id } = job.data as InteractionJob;
      await connection.set(`${prefix}:${ackClaimKey(id)}`, ANSWERED, 'PX', 900_000, 'NX');
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
