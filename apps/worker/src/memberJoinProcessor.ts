import { parseJob, QUEUE_NAMES } from '@droas/contracts';
import type { Logger } from '@droas/runtime';
import { UnrecoverableError, type Job } from 'bullmq';
import type { WorkerMetrics } from './workerMetrics.js';

const QUEUE = QUEUE_NAMES.memberEvents;

/**
 * Member-join jobs: validated and counted. Welcome messages (delivery, templates, dedupe per guild and
 * user) are not built yet; until they are, a valid join completes with the outcome `no_handler`, visible
 * in `droas_worker_jobs_total`, rather than pretending to have welcomed anyone.
 */
export class MemberJoinProcessor {
  constructor(private readonly deps: { metrics: WorkerMetrics; logger: Logger }) {}

  readonly process = (job: Job): Promise<string> => {
    const parsed = parseJob(job.data);
    if (!parsed.ok || parsed.value.kind === 'interaction') {
      this.deps.metrics.jobs.inc({ queue: QUEUE, outcome: 'invalid_or_permanent' });
      this.deps.logger.warn(
        { jobId: job.id, problems: parsed.ok ? [] : parsed.error.issues.slice(0, 5) },
        'invalid member-event job: not retried',
      );
      const why = parsed.ok ? 'an interaction on the member-events queue' : parsed.error.message;
      return Promise.reject(new UnrecoverableError(`invalid member-event job: ${why}`));
    }
    this.deps.metrics.jobs.inc({ queue: QUEUE, outcome: 'no_handler' });
    return Promise.resolve('no_handler');
  };
}
