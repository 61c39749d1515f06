import type { Metrics } from '@droas/runtime';

/** The welcome's metrics, registered once per process. */
export function createWelcomeMetrics(metrics: Metrics) {
  return {
    events: metrics.counter<'kind'>({
      name: 'welcome_member_events_total',
      help: 'Member events handled, by kind (join, leave, screening-passed)',
      labelNames: ['kind'],
    }),
    greeted: metrics.counter<'kind' | 'mode'>({
      name: 'welcome_greeted_total',
      help: 'Members greeted, by kind (welcome, goodbye) and mode (alone, coalesced)',
      labelNames: ['kind', 'mode'],
    }),
    skipped: metrics.counter<'kind' | 'reason'>({
      name: 'welcome_skipped_total',
      help: 'Members not greeted, by kind and reason',
      labelNames: ['kind', 'reason'],
    }),
    failed: metrics.counter<'kind' | 'reason'>({
      name: 'welcome_failed_total',
      help: 'Greetings that could not be sent, by kind and reason',
      labelNames: ['kind', 'reason'],
    }),
    dms: metrics.counter<'result'>({
      name: 'welcome_dms_total',
      help: 'Welcome DMs by result: sent, refused (the member closed DMs), shed (during a raid), failed',
      labelNames: ['result'],
    }),
    roles: metrics.counter<'result'>({
      name: 'welcome_autoroles_total',
      help: 'Autoroles given, or refused (the role is above the bot, or gone)',
      labelNames: ['result'],
    }),
    latency: metrics.histogram<'kind'>({
      name: 'welcome_latency_seconds',
      help: 'From the gateway receiving the join (or leave) to the greeting reaching the channel',
      labelNames: ['kind'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    }),
  };
}

export type WelcomeMetrics = ReturnType<typeof createWelcomeMetrics>;
