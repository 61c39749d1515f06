import type { Metrics } from '@droas/runtime';

/** What the guard did about one interaction it watched: the value of `ack_guard_results_total{result}`. */
export type GuardResult =
  /** Its deferral landed. */
  | 'deferred'
  /** Redis was unreachable, Discord had no response: it deferred without a claim. */
  | 'deferred_unclaimed'
  /** Someone had settled the claim by the time it looked. */
  | 'not_needed'
  /** A worker held the claim through the guard's last chance: the worker answers or reports. */
  | 'worker_answering'
  /** It asked Discord, which already had a response (a worker's answer, or a deferral nobody recorded). */
  | 'already_answered'
  /** Armed or due past the last moment a deferral could land (a dispatch replayed late, a stalled process). */
  | 'too_late'
  /** Another guard holds the claim: the same interaction dispatched twice. */
  | 'duplicate'
  /** Discord said 10062: nobody can acknowledge it any more. */
  | 'dead'
  /** Its deferral did not land and there was no time to try again. */
  | 'failed';

/** The protocol's metrics; each process (gateway cluster, worker) registers its own. */
export function createAckMetrics(metrics: Metrics) {
  return {
    guardResults: metrics.counter<'result'>({
      name: 'ack_guard_results_total',
      help: 'Interactions the acknowledgement guard watched, by what it did',
      labelNames: ['result'],
    }),
    requests: metrics.counter<'party' | 'kind' | 'outcome'>({
      name: 'ack_requests_total',
      help: 'Acknowledgement requests (callback, deferral, error reply) and what became of them',
      labelNames: ['party', 'kind', 'outcome'],
    }),
    discordReads: metrics.counter<'party' | 'found'>({
      name: 'ack_discord_reads_total',
      help: 'Questions to Discord whether an interaction was acknowledged, by answer',
      labelNames: ['party', 'found'],
    }),
    answers: metrics.counter<'result'>({
      name: 'interaction_answers_total',
      help: 'Answers by how they reached the member (callback, edit, followup) or why they could not (dead, expired)',
      labelNames: ['result'],
    }),
  };
}

export type AckMetrics = ReturnType<typeof createAckMetrics>;
