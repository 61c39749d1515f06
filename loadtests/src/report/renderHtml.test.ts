import { Script } from 'node:vm';
import { type ChartLibrary, loadChartLibrary } from './loadChartLibrary';
import { buildFixtureSummary } from './fixture';
import { pageScript } from './pageScript';
import { renderHtml } from './renderHtml';

/** The JSON the page embeds for its script. */
function embeddedData(html: string): { charts: Record<string, unknown>; summary: unknown } {
  const match = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!) as { charts: Record<string, unknown>; summary: unknown };
}

describe('renderHtml', () => {
  let library: ChartLibrary;
  beforeAll(async () => {
    library = await loadChartLibrary();
  });

  it('is one self-contained page: the charting library and the data inline, nothing fetched', () => {
    const summary = buildFixtureSummary();
    const html = renderHtml(summary, library);
    expect(library.script).toMatch(/^\/\*! https:\/\/github\.com\/leeoniya\/uPlot/);
    expect(html).toContain(library.script);
    expect(html).toContain(library.style);
    expect(html).toContain(pageScript);
    expect(embeddedData(html).summary).toEqual(summary);
    expect(Object.keys(embeddedData(html).charts)).toEqual([
      'chart-latency',
      'chart-histogram',
      'chart-throughput',
      'chart-cpu',
      'chart-rss',
      'chart-heap',
      'chart-ramp',
    ]);
    // No external resources: no src= or href= pointing at a URL, no <link>, no @import.
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i);
    expect(html).not.toMatch(/<link\b|@import/i);
    expect(html.match(/<script\b/g)).toHaveLength(3);
  });

  it('shows the verdict, the options and each section', () => {
    const html = renderHtml(buildFixtureSummary(), library);
    expect(html).toContain('<span class="verdict fail">✗ FAIL</span>');
    expect(html).toContain('<p class="subtitle">1 of 5 thresholds breached</p>');
    expect(html).toContain('<li>offered rate <b>30/s</b></li>');
    for (const title of [
      'Thresholds',
      'Per command',
      'Failures',
      'Baselines',
      'Processes',
      'Scenario results',
      'Notes',
    ]) {
      expect(html).toContain(`<h2>${title}</h2>`);
    }
    expect(html).toContain('<td class="num fail">✗ breached</td>');
    expect(html.match(/How to read this:/g)).toHaveLength(7);
  });

  it('cannot be broken out of by text in the summary', () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const html = renderHtml(
      buildFixtureSummary({ overrides: { notes: [hostile], scenarioResults: { note: hostile } } }),
      library,
    );
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('<li>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--</li>');
    expect(embeddedData(html).summary).toMatchObject({ notes: [hostile] });
  });

  it('writes a sentence instead of a chart when there is no data, and still renders', () => {
    const html = renderHtml(
      buildFixtureSummary({
        overrides: {
          timeline: [],
          processSamples: [],
          histogram: { boundsMs: [], counts: [] },
          scenarioResults: {},
        },
      }),
      library,
    );
    expect(html).not.toContain('data-chart=');
    expect(html).toContain('<p class="empty">The run recorded no timeline, so there is nothing to draw.</p>');
    expect(embeddedData(html).charts).toEqual({});
  });

  it('ships a page script the browser can parse', () => {
    // Only parsed, never run: it needs a DOM. A syntax error here would leave every chart blank.
    expect(() => new Script(pageScript)).not.toThrow();
  });
});
