import type { Metrics } from '@droas/runtime';
import type { SimStats } from './world/simStats.js';

/**
 * Exposes the simulator's counters on `/metrics`, read at scrape time: the hot paths bump plain numbers and
 * pay nothing for Prometheus.
 */
export function registerSimMetrics(metrics: Metrics, stats: SimStats): void {
  const counters: [name: string, help: string, read: () => number][] = [
    ['sim_dispatched', 'Interactions dispatched', () => stats.dispatched],
    ['sim_member_joins', 'Member joins dispatched', () => stats.memberJoins],
    ['sim_member_leaves', 'Member leaves dispatched', () => stats.memberLeaves],
    ['sim_gateway_events', 'Dispatch frames sent, replays included', () => stats.gatewayEvents],
    ['sim_acknowledged', 'Interactions acknowledged', () => stats.acknowledged],
    [
      'sim_late_acknowledgements',
      'Acknowledgements after the 3 s deadline',
      () => stats.lateAcknowledgements,
    ],
    ['sim_double_acknowledgements', 'Second acknowledgements', () => stats.doubleAcknowledgements],
    ['sim_rest_requests', 'REST requests', () => stats.restRequests],
    ['sim_rate_limited', 'REST 429 answers', () => stats.rateLimited],
    ['sim_rate_limited_shared', 'REST 429 answers of scope shared', () => stats.rateLimitedShared],
    ['sim_invalid_requests', 'REST 401/403/429 answers (not shared 429s)', () => stats.invalidRequests],
    ['sim_identifies', 'Sessions started with IDENTIFY', () => stats.identifies],
    ['sim_resumes', 'Sessions resumed', () => stats.resumes],
    ['sim_heartbeat_timeouts', 'Connections closed for missed heartbeats', () => stats.heartbeatTimeouts],
  ];
  for (const [name, help, read] of counters) {
    metrics.gauge({
      name: `${name}_total`,
      help,
      collect() {
        this.set(read());
      },
    });
  }
}
