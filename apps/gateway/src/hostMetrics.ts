import { Metrics, type MetricsSnapshot } from '@droas/runtime';

/** The IPC request the manager sends each cluster for its metrics, and the reply. */
export const METRICS_REQUEST = { droas: 'metrics' } as const;
export interface MetricsReply {
  readonly metrics: MetricsSnapshot;
}

/** A cluster as the manager asks it: hybrid-sharding's `Cluster.request` over IPC. */
export interface MetricsSource {
  request(message: object): Promise<unknown>;
}

/**
 * The whole host's metrics on the manager's one port: its own, and each live cluster's, asked over IPC at
 * scrape time and merged into one exposition. A cluster that does not answer in time (respawning, stalled) is
 * left out of that scrape; `droas_gateway_clusters_ready` says how many there should be.
 */
export async function exposeHostMetrics(
  own: Metrics,
  clusters: Iterable<MetricsSource>,
  timeoutMs = 2_000,
): Promise<string> {
  const replies = await Promise.all(
    [...clusters].map((cluster) =>
      cluster
        .request({ ...METRICS_REQUEST, options: { timeout: timeoutMs } })
        .then((reply) => (isMetricsReply(reply) ? reply.metrics : undefined))
        .catch(() => undefined),
    ),
  );
  const snapshots = [await own.snapshot(), ...replies.filter((r): r is MetricsSnapshot => r !== undefined)];
  return Metrics.merge(snapshots);
}

function isMetricsReply(reply: unknown): reply is MetricsReply {
  return (
    typeof reply === 'object' && reply !== null && Array.isArray((reply as { metrics?: unknown }).metrics)
  );
}

/** Whether an IPC message from the manager asks for this cluster's metrics. */
export function isMetricsRequest(message: unknown): boolean {
  const raw = (message as { raw?: unknown } | null)?.raw ?? message;
  return (
    typeof raw === 'object' && raw !== null && (raw as { droas?: unknown }).droas === METRICS_REQUEST.droas
  );
}
