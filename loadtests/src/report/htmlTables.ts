// The tables of report.html. Every value from the summary passes through escapeHtml (directly or via htmlTable).
import { type RunSummary } from '../model.js';
import { toBaselineRows } from './baselineRows.js';
import {
  failureCells,
  formatActual,
  formatCpuMs,
  formatCpuSeconds,
  formatFixed,
  formatMiB,
  formatMs,
  formatNumber,
  formatPerSec,
  formatRate,
  formatRatio,
  formatSlope,
  redisHousekeeping,
} from './format.js';
import { type Cell, escapeHtml, htmlTable } from './html.js';

/** Inline code, escaped. */
export const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

export function thresholdsTable(summary: RunSummary): string {
  if (summary.thresholds.length === 0) return '<p>No thresholds were set.</p>';
  const rows = summary.thresholds.map((t): Cell[] => [
    { html: code(t.expression) },
    formatActual(t.actual),
    `${t.op} ${String(t.limit)}`,
    t.passed ? { html: '✓ pass', className: 'pass' } : { html: '✗ breached', className: 'fail' },
  ]);
  return htmlTable(['threshold', 'actual', 'limit', 'result'], rows);
}

export function commandsTable(summary: RunSummary): string {
  const row = (
    name: Cell,
    c: { sent: number; answered: number; failed: number; latencyMs: RunSummary['latencyMs'] },
  ) => [
    name,
    formatNumber(c.sent),
    formatNumber(c.answered),
    formatNumber(c.failed),
    ...[c.latencyMs.p50, c.latencyMs.p95, c.latencyMs.p99, c.latencyMs.max].map((v) => formatNumber(v)),
  ];
  const all = {
    ...summary.totals,
    failed: summary.totals.sent - summary.totals.answered,
    latencyMs: summary.latencyMs,
  };
  const rows = [
    row({ html: '<b>all</b>' }, all),
    ...Object.entries(summary.commands).map(([name, c]) => row({ html: code(name) }, c)),
  ];
  return (
    '<p>Latency is dispatch to visible answer, in milliseconds.</p>' +
    htmlTable(['command', 'sent', 'answered', 'failed', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows)
  );
}

export function failuresTable({ failures }: RunSummary): string {
  const { headers, row } = failureCells(failures);
  return htmlTable(headers, [row], 0);
}

function barCell(value: number | null, max: number, text: string, droas: boolean): Cell {
  const width = value === null || max <= 0 ? 0 : Math.round((value / max) * 100);
  return {
    html: `<span class="bar">${escapeHtml(text)}<span class="track"><span class="fill${droas ? ' droas' : ''}" style="width:${width}%"></span></span></span>`,
  };
}

function ratioCell(ratio: number | null | undefined, higherIsBetter: boolean): Cell {
  if (ratio === null || ratio === undefined) return '—';
  const better = higherIsBetter ? ratio >= 1 : ratio <= 1;
  return { html: `<span class="${better ? 'better' : 'worse'}">${escapeHtml(formatRatio(ratio))}</span>` };
}

export function baselinesTable(summary: RunSummary): string {
  const rows = toBaselineRows(summary);
  if (rows.length === 0) return '<p>No baselines ran.</p>';
  const max = (values: (number | null)[]) => Math.max(0, ...values.filter((v): v is number => v !== null));
  const maxThroughput = max(rows.map((r) => r.throughputPerSec));
  const maxP95 = max(rows.map((r) => r.p95Ms));
  const maxCpu = max(rows.map((r) => r.cpuMsPerInteraction));
  const body = rows.map((r): Cell[] => {
    const droas = r.ratios === null;
    return [
      { html: `${droas ? '<b>DROAS</b>' : code(r.name)}<br><small>${escapeHtml(r.description)}</small>` },
      barCell(r.throughputPerSec, maxThroughput, formatPerSec(r.throughputPerSec), droas),
      barCell(r.p95Ms, maxP95, formatMs(r.p95Ms), droas),
      barCell(r.cpuMsPerInteraction, maxCpu, formatCpuMs(r.cpuMsPerInteraction), droas),
      formatFixed(r.redisCommandsPerInteraction, 1),
      ratioCell(r.ratios?.throughput, true),
      ratioCell(r.ratios?.latencyP95, false),
      ratioCell(r.ratios?.cpuPerInteraction, false),
    ];
  });
  return (
    '<p>The same load without DROAS’s architecture, for scale. Ratios are <b>DROAS ÷ baseline</b>: a throughput ratio ' +
    'above 1× favours DROAS; p95 and CPU ratios <i>below</i> 1× do (green favours DROAS, red the baseline).</p>' +
    htmlTable(
      [
        'run',
        'throughput',
        'p95 latency',
        'CPU per interaction',
        'Redis commands per interaction',
        'throughput ratio',
        'p95 ratio',
        'CPU ratio',
      ],
      body,
    )
  );
}

export function processesTable(summary: RunSummary): string {
  if (summary.processes.length === 0) return '<p>No processes were sampled.</p>';
  const rows = summary.processes.map((p): Cell[] => [
    { html: code(p.name) },
    p.role,
    formatCpuSeconds(p.cpuSeconds),
    formatCpuMs(p.cpuMsPerInteraction),
    formatMiB(p.rssStartBytes),
    formatMiB(p.rssMaxBytes),
    formatMiB(p.rssEndBytes),
    formatSlope(p.rssSlope),
    formatMiB(p.heapEndBytes),
    formatSlope(p.heapSlope),
  ]);
  return htmlTable(
    [
      'process',
      'role',
      'CPU',
      'CPU per interaction',
      'RSS start',
      'RSS max',
      'RSS end',
      'RSS slope (95% CI)',
      'heap end',
      'heap slope (95% CI)',
    ],
    rows,
    2,
  );
}

export function storesList(summary: RunSummary): string {
  const items = summary.queues.map(
    (q) =>
      `queue ${code(q.name)}: wait p95 ${escapeHtml(formatMs(q.waitMsP95))}, max depth ${formatNumber(q.maxDepth)}`,
  );
  const top = summary.redis.topCommands.map((c) => `${c.command} ${formatNumber(c.calls)}`).join(', ');
  items.push(
    escapeHtml(
      `Redis: ${formatNumber(summary.redis.commandsPerInteraction)} commands per interaction${top ? `; busiest ${top}` : ''}; ${redisHousekeeping(summary)}`,
    ),
  );
  const caches = Object.entries(summary.caches).map(([name, rate]) => `${name} ${formatRate(rate)}`);
  if (caches.length > 0) items.push(escapeHtml(`cache hit rates: ${caches.join(', ')}`));
  items.push(escapeHtml(`Postgres pool wait p95: ${formatMs(summary.postgres.poolWaitMsP95)}`));
  return `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}
