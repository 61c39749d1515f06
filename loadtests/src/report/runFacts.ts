import { type RunSummary } from '../model.js';
import { formatNumber, formatPerSec, formatStartedAt } from './format.js';

/** Why the verdict is what it is, in a few words: `1 of 5 thresholds breached`. */
export function describeVerdict(summary: RunSummary): string {
  const breached = summary.thresholds.filter((t) => !t.passed).length;
  const total = summary.thresholds.length;
  if (total === 0) return 'no thresholds were set';
  if (breached === 0) return `all ${total} thresholds passed`;
  return `${breached} of ${total} thresholds breached`;
}

/** The run's options and machine as labelled facts, for a report's header. */
export function describeRun(summary: RunSummary): { label: string; value: string }[] {
  const { options, environment } = summary;
  return [
    { label: 'scenario', value: options.scenario },
    { label: 'started', value: formatStartedAt(summary.startedAt) },
    { label: 'measured', value: `${formatNumber(summary.durationSec)} s` },
    { label: 'users', value: formatNumber(options.users) },
    {
      label: 'offered rate',
      value: options.ratePerSec === null ? 'closed loop' : formatPerSec(options.ratePerSec),
    },
    {
      label: 'mix',
      value: options.mix.map((m) => `/${m.command} ${formatNumber(m.weight)}`).join(', '),
    },
    { label: 'workers', value: formatNumber(options.workers) },
    { label: 'shards', value: formatNumber(options.shards) },
    { label: 'cluster', value: options.external ? 'external' : 'started by the harness' },
    {
      label: 'machine',
      value: `${environment.hostname}: ${environment.platform}, ${environment.cpus} CPUs, Node ${environment.node}`,
    },
  ];
}
