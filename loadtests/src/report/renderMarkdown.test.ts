import { buildFixtureSummary } from './fixture';
import { escapeMarkdown, renderMarkdown } from './renderMarkdown';

/** The rows of the Markdown table that follows `### title`. */
function tableAfter(markdown: string, title: string): string[] {
  const section = (markdown.split(`### ${title}\n`)[1] ?? '').split('\n### ')[0]!;
  return section.split('\n').filter((line) => line.startsWith('|'));
}

describe('renderMarkdown', () => {
  it('opens with the verdict and the breached thresholds', () => {
    const failed = renderMarkdown(buildFixtureSummary());
    expect(failed.split('\n')[0]).toBe('## ❌ DROAS load test `ramp`: FAIL, 1 of 5 thresholds breached');
    expect(failed).toContain('- `commands.balance.latencyMs.p99 <= 500`: actual 860.83 vs limit <= 500');
    const passed = renderMarkdown(buildFixtureSummary({ thresholds: ['totals.sent > 0'] }));
    expect(passed.split('\n')[0]).toBe('## ✅ DROAS load test `ramp`: pass, all 1 thresholds passed');
    expect(passed).toContain('offered rate **30/s**');
  });

  it('has the totals, latency per command, thresholds, baselines and processes tables', () => {
    const md = renderMarkdown(buildFixtureSummary());
    expect(tableAfter(md, 'Totals')).toEqual([
      '| sent | answered | success rate | offered | achieved |',
      '| --: | --: | --: | --: | --: |',
      '| 11,700 | 11,668 | 99.73 % | 195/s | 194/s |',
    ]);
    const latency = tableAfter(md, 'Latency');
    expect(latency[0]).toBe('| command | sent | answered | failed | p50 | p95 | p99 | max |');
    expect(latency[2]).toBe('| **all** | 11,700 | 11,668 | 32 | 38 | 380 | 1,151 | 2,144 |');
    expect(latency.slice(3).map((row) => row.split(' | ')[0])).toEqual([
      '| `balance`',
      '| `pay`',
      '| `daily`',
      '| `leaderboard`',
    ]);
    expect(tableAfter(md, 'Thresholds')).toContain(
      '| `commands.balance.latencyMs.p99 <= 500` | 860.83 | ❌ breached |',
    );
    expect(tableAfter(md, 'Thresholds')).toContain('| `latencyMs.p95 < 2000` | 379.94 | ✅ pass |');
    expect(md).toContain('Ratios are DROAS ÷ baseline: a throughput ratio above 1× favours DROAS');
    expect(tableAfter(md, 'Baselines')).toContain(
      '| `raw-postgres` | 1,450/s | 19 ms | 0.90 ms | — | 0.23× | 20.01× | 5.75× |',
    );
    expect(tableAfter(md, 'Processes')).toContain(
      '| `worker-0` | worker | 31.3 s | 2.68 ms | 208.5 MiB | +2.50 MiB/min (95% CI +1.10 to +3.89) | +0.51 MiB/min (95% CI −3.42 to +4.44) |',
    );
    expect(tableAfter(md, 'Scenario results')).toContain('| `curve` | 12 points |');
    expect(md).toContain('### Notes\n\n- monolith: its CPU');
  });

  it('says so when a section has nothing to show', () => {
    const md = renderMarkdown(
      buildFixtureSummary({
        thresholds: [],
        overrides: { baselines: [], processes: [], scenarioResults: {}, notes: [] },
      }),
    );
    expect(md).toContain('No thresholds were set.');
    expect(md).toContain('No baselines ran.');
    expect(md).toContain('No processes were sampled.');
    expect(md).toContain('This scenario reports nothing of its own.');
    expect(md).not.toContain('### Notes');
  });

  it('keeps free text from breaking tables or adding markup', () => {
    const md = renderMarkdown(buildFixtureSummary({ overrides: { notes: ['a | b <img src=x> *c*\nd'] } }));
    expect(md).toContain('- a \\| b \\<img src=x\\> \\*c\\* d');
    expect(escapeMarkdown('x_y [z](u) `q` #1')).toBe('x\\_y \\[z\\](u) \\`q\\` \\#1');
  });
});
