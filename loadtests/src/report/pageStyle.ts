/** report.html's own CSS (uPlot's stylesheet is embedded beside it). Light, print-friendly, no web fonts. */
export const pageStyle = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 4px; }
p { margin: 4px 0 12px; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--panel); padding: 1px 4px; border-radius: 4px; }
.verdict { font-size: 15px; font-weight: 600; padding: 2px 12px; border-radius: 999px; }
.verdict.pass { color: var(--pass); background: var(--pass-bg); }
.verdict.fail { color: var(--fail); background: var(--fail-bg); }
.subtitle { color: var(--muted); margin-bottom: 16px; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0; padding: 0; list-style: none; color: var(--muted); }
.facts b { color: var(--ink); font-weight: 600; }
.breaches { margin: 12px 0 0; padding: 8px 16px 8px 32px; background: var(--fail-bg); border-radius: 6px; color: var(--fail); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-top: 20px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; background: var(--panel); }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .detail { color: var(--muted); font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 20px; }
figure.wide { grid-column: 1 / -1; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px 12px 8px; min-width: 0; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
.chart { width: 100%; min-height: 320px; }
.empty { color: var(--muted); font-style: italic; padding: 24px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; font-size: 13px; }
td.num, th.num { text-align: right; }
td.pass, td.fail { text-align: center; }
td.pass { color: var(--pass); background: var(--pass-bg); font-weight: 600; }
td.fail { color: var(--fail); background: var(--fail-bg); font-weight: 600; }
tr.breached td { background: var(--fail-bg); }
.bar { display: flex; align-items: center; justify-content: flex-end; gap: 8px; white-space: nowrap; }
.bar span.track { flex: 0 0 90px; height: 10px; background: var(--panel); border: 1px solid var(--line); border-radius: 3px; overflow: hidden; }
.bar span.fill { display: block; height: 100%; background: #0072B2; }
.bar span.fill.droas { background: #E69F00; }
.better { color: var(--pass); }
.worse { color: var(--fail); }
ul.notes li { margin-bottom: 4px; }
.uplot .u-legend { font-size: 13px; }
.uplot .u-title { font-size: 15px; font-weight: 600; }
`;
