import { type RunSummary } from '../model.js';
import { type ChartPlot, type ReportChart } from './chartTypes.js';
import { describeThresholdOutcome } from './describeThreshold.js';
import { formatMs, formatNumber, formatPerSec, formatRate } from './format.js';
import { type Cell, escapeHtml, escapeRawText, htmlTable, toScriptJson } from './html.js';
import {
  baselinesTable,
  code,
  commandsTable,
  failuresTable,
  processesTable,
  storesList,
  thresholdsTable,
} from './htmlTables.js';
import { type ChartLibrary } from './loadChartLibrary.js';
import { pageScript } from './pageScript.js';
import { pageStyle } from './pageStyle.js';
import { buildReportCharts } from './reportCharts.js';
import { describeRun, describeVerdict } from './runFacts.js';
import { toScenarioResultRows } from './scenarioResultRows.js';

/** A chart with its title and how-to-read line; `wide` spans the whole row of the grid. */
function figure(chart: ReportChart, wide = false): string {
  const body =
    chart.plot === undefined
      ? `<p class="empty">${escapeHtml(chart.empty)}</p>`
      : `<div class="chart" data-chart="${escapeHtml(chart.id)}" role="img" aria-label="${escapeHtml(chart.title)}"></div>` +
        `<figcaption><b>How to read this:</b> ${escapeHtml(chart.caption)}</figcaption>`;
  return `<figure${wide ? ' class="wide"' : ''}><h3>${escapeHtml(chart.title)}</h3>${body}</figure>`;
}

function header(summary: RunSummary): string {
  const verdict = summary.verdict === 'pass' ? '✓ PASS' : '✗ FAIL';
  const facts = describeRun(summary).map(
    (f) => `<li>${escapeHtml(f.label)} <b>${escapeHtml(f.value)}</b></li>`,
  );
  const breached = summary.thresholds.filter((t) => !t.passed);
  const breaches = breached.map(
    (t) => `<li>${code(t.expression)}: ${escapeHtml(describeThresholdOutcome(t))}</li>`,
  );
  return (
    `<header><h1>DROAS load test ${code(summary.scenario)}` +
    `<span class="verdict ${summary.verdict}">${verdict}</span></h1>` +
    `<p class="subtitle">${escapeHtml(describeVerdict(summary))}</p>` +
    `<ul class="facts">${facts.join('')}</ul>` +
    (breaches.length === 0 ? '' : `<ul class="breaches">${breaches.join('')}</ul>`) +
    `</header>`
  );
}

function cards(summary: RunSummary): string {
  const { totals, latencyMs } = summary;
  const ofOffered =
    totals.offeredPerSec > 0 ? ` (${formatRate(totals.achievedPerSec / totals.offeredPerSec)})` : '';
  const card = (label: string, value: string, detail: string) =>
    `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div>` +
    `<div class="detail">${escapeHtml(detail)}</div></div>`;
  const latencyDetail = `${formatNumber(latencyMs.count)} answers`;
  return (
    `<section class="cards">` +
    card(
      'throughput achieved',
      formatPerSec(totals.achievedPerSec),
      `of ${formatPerSec(totals.offeredPerSec)} offered${ofOffered}`,
    ) +
    card(
      'success rate',
      formatRate(totals.successRate),
      `${formatNumber(totals.answered)} of ${formatNumber(totals.sent)} answered`,
    ) +
    card('p50 latency', formatMs(latencyMs.p50), latencyDetail) +
    card('p95 latency', formatMs(latencyMs.p95), latencyDetail) +
    card('p99 latency', formatMs(latencyMs.p99), `max ${formatMs(latencyMs.max)}`) +
    `</section>`
  );
}

function scenarioSection(summary: RunSummary, ramp: ReportChart | null): string {
  const rows = toScenarioResultRows(summary.scenarioResults);
  const table =
    rows.length === 0
      ? '<p>This scenario reports nothing of its own.</p>'
      : htmlTable(
          ['result', 'value'],
          rows.map((r): Cell[] => [{ html: code(r.key) }, r.value]),
          2,
        );
  return (ramp === null ? '' : `<div class="charts">${figure(ramp, true)}</div>`) + table;
}

/** report.html: one self-contained page (styles, uPlot and the data inline), readable offline. */
export function renderHtml(summary: RunSummary, library: ChartLibrary): string {
  const charts = buildReportCharts(summary);
  // What the page's script draws, by the id of each chart's element.
  const plots: Record<string, ChartPlot> = {};
  for (const chart of Object.values<ReportChart | null>({ ...charts })) {
    if (chart?.plot !== undefined) plots[chart.id] = chart.plot;
  }
  const section = (title: string, body: string) => `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
  const notes =
    summary.notes.length === 0
      ? ''
      : section(
          'Notes',
          `<ul class="notes">${summary.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`,
        );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`DROAS load test ${summary.scenario}: ${summary.verdict}`)}</title>
<style>${escapeRawText(library.style)}</style>
<style>${escapeRawText(pageStyle)}</style>
</head>
<body>
<main>
${header(summary)}
${cards(summary)}
${section('Thresholds', thresholdsTable(summary))}
${section('Latency and throughput', `<div class="charts">${figure(charts.latency)}${figure(charts.throughput)}${figure(charts.histogram, true)}</div>`)}
${section('Per command', commandsTable(summary))}
${section('Failures', failuresTable(summary))}
${section('Baselines', baselinesTable(summary))}
${section('Processes', `<div class="charts">${figure(charts.cpu)}${figure(charts.rss)}${figure(charts.heap)}</div>${processesTable(summary)}`)}
${section('Queues, Redis, caches, Postgres', storesList(summary))}
${section('Scenario results', scenarioSection(summary, charts.ramp))}
${notes}
</main>
<script type="application/json" id="report-data">${toScriptJson({ charts: plots, summary })}</script>
<script>${escapeRawText(library.script)}</script>
<script>${escapeRawText(pageScript)}</script>
</body>
</html>
`;
}
