import { type RunSummary } from '../model.js';
import { toBaselineRows } from './baselineRows.js';
import { describeThresholdOutcome } from './describeThreshold.js';
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
import { describeRun, describeVerdict } from './runFacts.js';
import { toScenarioResultRows } from './scenarioResultRows.js';

/**
 * Free text in GitHub-flavoured Markdown (summary.md, the job summary): punctuation that would start markup, inline
 * HTML or end a table cell is escaped. Not economy's escapeMarkdown, which is for Discord's dialect.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, '\\$&').replace(/\s*\n\s*/g, ' ');
}

/** A code span that survives a table cell (GitHub splits cells on `|` even inside code). */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ')}${fence}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[], align?: string): string {
  const rule = align ?? head.map((_, i) => (i === 0 ? ':--' : '--:')).join(' | ');
  return [`| ${head.join(' | ')} |`, `| ${rule} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join(
    '\n',
  );
}

function headerSection(summary: RunSummary): string {
  const icon = summary.verdict === 'pass' ? '✅' : '❌';
  const breached = summary.thresholds.filter((t) => !t.passed);
  const verdict = `${summary.verdict === 'pass' ? 'pass' : 'FAIL'}, ${describeVerdict(summary)}`;
  const lines = [`## ${icon} DROAS load test ${code(summary.scenario)}: ${verdict}`, ''];
  for (const t of breached) lines.push(`- ${code(t.expression)}: ${describeThresholdOutcome(t)}`);
  if (breached.length > 0) lines.push('');
  lines.push(
    describeRun(summary)
      .map(({ label, value }) => `${label} **${escapeMarkdown(value)}**`)
      .join(' · '),
  );
  return lines.join('\n');
}

function totalsSection({ totals }: RunSummary): string {
  return table(
    ['sent', 'answered', 'success rate', 'offered', 'achieved'],
    [
      [
        formatNumber(totals.sent),
        formatNumber(totals.answered),
        formatRate(totals.successRate),
        formatPerSec(totals.offeredPerSec),
        formatPerSec(totals.achievedPerSec),
      ],
    ],
    '--: | --: | --: | --: | --:',
  );
}

function latencySection(summary: RunSummary): string {
  const all = { sent: summary.totals.sent, answered: summary.totals.answered, latencyMs: summary.latencyMs };
  const failed = summary.totals.sent - summary.totals.answered;
  const rows = [
    [
      '**all**',
      formatNumber(all.sent),
      formatNumber(all.answered),
      formatNumber(failed),
      ...latencyCells(all.latencyMs),
    ],
    ...Object.entries(summary.commands).map(([name, c]) => [
      code(name),
      formatNumber(c.sent),
      formatNumber(c.answered),
      formatNumber(c.failed),
      ...latencyCells(c.latencyMs),
    ]),
  ];
  return (
    'Latency is dispatch to visible answer, in milliseconds.\n\n' +
    table(['command', 'sent', 'answered', 'failed', 'p50', 'p95', 'p99', 'max'], rows)
  );
}

function latencyCells(latency: RunSummary['latencyMs']): string[] {
  return [latency.p50, latency.p95, latency.p99, latency.max].map((v) => formatNumber(v));
}

function failuresSection({ failures }: RunSummary): string {
  const { headers, row } = failureCells(failures, escapeMarkdown);
  return table(headers, [row]);
}

function thresholdsSection({ thresholds }: RunSummary): string {
  if (thresholds.length === 0) return 'No thresholds were set.';
  return table(
    ['threshold', 'actual', 'result'],
    thresholds.map((t) => [code(t.expression), formatActual(t.actual), t.passed ? '✅ pass' : '❌ breached']),
    ':-- | --: | :--',
  );
}

function baselinesSection(summary: RunSummary): string {
  const rows = toBaselineRows(summary);
  if (rows.length === 0) return 'No baselines ran.';
  return (
    'Ratios are DROAS ÷ baseline: a throughput ratio above 1× favours DROAS; latency and CPU ratios below 1× do.\n\n' +
    table(
      [
        'run',
        'throughput',
        'p95',
        'CPU per interaction',
        'Redis commands',
        'throughput ratio',
        'p95 ratio',
        'CPU ratio',
      ],
      rows.map((row) => [
        row.ratios === null ? `**${row.name}**` : code(row.name),
        formatPerSec(row.throughputPerSec),
        formatMs(row.p95Ms),
        formatCpuMs(row.cpuMsPerInteraction),
        formatFixed(row.redisCommandsPerInteraction, 1),
        formatRatio(row.ratios?.throughput ?? null),
        formatRatio(row.ratios?.latencyP95 ?? null),
        formatRatio(row.ratios?.cpuPerInteraction ?? null),
      ]),
    )
  );
}

function processesSection({ processes }: RunSummary): string {
  if (processes.length === 0) return 'No processes were sampled.';
  return table(
    ['process', 'role', 'CPU', 'CPU per interaction', 'RSS max', 'RSS slope (95% CI)', 'heap slope (95% CI)'],
    processes.map((p) => [
      code(p.name),
      p.role,
      formatCpuSeconds(p.cpuSeconds),
      formatCpuMs(p.cpuMsPerInteraction),
      formatMiB(p.rssMaxBytes),
      formatSlope(p.rssSlope),
      formatSlope(p.heapSlope),
    ]),
    ':-- | :-- | --: | --: | --: | --: | --:',
  );
}

function storesSection(summary: RunSummary): string {
  const lines = summary.queues.map(
    (q) =>
      `- queue ${code(q.name)}: wait p95 ${formatMs(q.waitMsP95)}, max depth ${formatNumber(q.maxDepth)}`,
  );
  const top = summary.redis.topCommands.map((c) => `${c.command} ${formatNumber(c.calls)}`).join(', ');
  lines.push(
    `- Redis: ${formatNumber(summary.redis.commandsPerInteraction)} commands per interaction` +
      (top === '' ? '' : `; busiest ${escapeMarkdown(top)}`) +
      `; ${redisHousekeeping(summary)}`,
  );
  const caches = Object.entries(summary.caches).map(
    ([name, rate]) => `${escapeMarkdown(name)} ${formatRate(rate)}`,
  );
  if (caches.length > 0) lines.push(`- cache hit rates: ${caches.join(', ')}`);
  lines.push(`- Postgres pool wait p95: ${formatMs(summary.postgres.poolWaitMsP95)}`);
  return lines.join('\n');
}

function scenarioSection(summary: RunSummary): string {
  const rows = toScenarioResultRows(summary.scenarioResults);
  if (rows.length === 0) return 'This scenario reports nothing of its own.';
  return table(
    ['result', 'value'],
    rows.map((r) => [code(r.key), escapeMarkdown(r.value)]),
    ':-- | :--',
  );
}

/** summary.md: the verdict first, then each table a reader of a CI job summary looks for. */
export function renderMarkdown(summary: RunSummary): string {
  const sections: [string | null, string][] = [
    [null, headerSection(summary)],
    ['Totals', totalsSection(summary)],
    ['Latency', latencySection(summary)],
    ['Failures', failuresSection(summary)],
    ['Thresholds', thresholdsSection(summary)],
    ['Baselines', baselinesSection(summary)],
    ['Processes', processesSection(summary)],
    ['Queues, Redis, caches, Postgres', storesSection(summary)],
    ['Scenario results', scenarioSection(summary)],
  ];
  if (summary.notes.length > 0) {
    sections.push(['Notes', summary.notes.map((note) => `- ${escapeMarkdown(note)}`).join('\n')]);
  }
  return `${sections.map(([title, body]) => (title === null ? body : `### ${title}\n\n${body}`)).join('\n\n')}\n`;
}
