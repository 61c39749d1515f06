import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dashboardFiles, dashboardQueries, readDashboard } from './grafanaDashboards';

// Pure file checks of the dashboards. That every query parses and names only exported metrics is checked
// with promtool and the apps' real /metrics (test/promtool.test.ts, test/metricNames.test.ts).
const files = dashboardFiles();

describe('Grafana dashboards', () => {
  it('cover the fleet, gateway, workers and queues, Discord REST, Postgres, economy and welcome', () => {
    expect(files.map((f) => basename(f, '.json'))).toEqual([
      'discord-rest',
      'economy',
      'fleet',
      'gateway',
      'postgres',
      'welcome',
      'workers',
    ]);
  });

  it('refuses a dashboard that is not one, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'droas-dash-'));
    const path = join(dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({ uid: 'droas-bad', title: 'Bad', templating: { list: [] }, panels: [] }),
    );
    try {
      expect(() => readDashboard(path)).toThrow(
        `${path}: title: Invalid string: must start with "DROAS: "; templating.list: a datasource variable named datasource, so the dashboard imports into any Grafana; panels: Too small: expected array to have >=1 items`,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it.each(files.map((f) => [basename(f)]))('%s reads as a dashboard with a datasource variable', (file) => {
    const path = files.find((f) => basename(f) === file)!;
    expect(() => readDashboard(path)).not.toThrow();
  });

  it('have unique uids and titles', () => {
    const dashboards = files.map(readDashboard);
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    expect(new Set(dashboards.map((d) => d.title)).size).toBe(dashboards.length);
  });

  it("take every rate over Grafana's $__rate_interval", () => {
    for (const q of dashboardQueries()) {
      // A rate over a fixed window shorter than Grafana's would show gaps at wide zoom.
      for (const m of q.expr.matchAll(/\b(?:rate|irate)\([^[]*\[([^\]]+)\]/g)) {
        expect({ ...q, window: m[1] }).toEqual({ ...q, window: '$__rate_interval' });
      }
    }
  });
});
