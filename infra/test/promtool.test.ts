import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  RULES_DIR,
  RULE_TESTS_DIR,
  dashboardQueries,
  filesEndingIn,
  infraPath,
  readRules,
  withGrafanaVariablesResolved,
} from '../src/index';
import { findPromtool, runPromtool } from './support/promtool';

// promtool (Debian's prometheus package) checks that every rule file loads and every alert's unit cases
// pass, and parses every dashboard query (written out as recording rules, the one thing promtool checks).
describe('rules and dashboards through promtool', () => {
  let promtool: string;
  let dir: string;

  beforeAll(async () => {
    promtool = await findPromtool();
    dir = mkdtempSync(join(tmpdir(), 'droas-promtool-'));
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a promtool we know the test format of', () => {
    const { code, output } = runPromtool(promtool, ['--version']);
    expect(code).toBe(0);
    expect(output).toMatch(/^promtool, version 2\.\d+/);
  });

  it('loads every rule file', () => {
    const files = filesEndingIn(RULES_DIR, '.yml');
    const { code, output } = runPromtool(promtool, ['check', 'rules', ...files]);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') as unknown });
    const { alerts, records } = readRules();
    const found = [...output.matchAll(/SUCCESS: (\d+) rules found/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(found).toBe(alerts.length + records.length);
  });

  it('loads the example configuration, and the rules through it', () => {
    const { code, output } = runPromtool(promtool, [
      'check',
      'config',
      infraPath('prometheus', 'prometheus.example.yml'),
    ]);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') as unknown });
  });

  it("passes every alert's firing and quiet cases", () => {
    const files = filesEndingIn(RULE_TESTS_DIR, '.yml');
    const { code, output } = runPromtool(promtool, ['test', 'rules', ...files]);
    expect({ code, output }).toEqual({ code: 0, output: expect.not.stringContaining('FAILED') as unknown });
    expect(output.match(/ SUCCESS/g)?.length).toBe(files.length);
  });

  it('fails a case whose alert does not fire as it says (the check can fail)', () => {
    const file = join(dir, 'wrong.test.yml');
    writeFileSync(
      file,
      stringify({
        rule_files: [join(RULES_DIR, 'fleet.yml')],
        tests: [
          {
            interval: '1m',
            input_series: [{ series: 'up{job="droas-worker",instance="w1"}', values: '1x10' }],
            alert_rule_test: [
              {
                eval_time: '5m',
                alertname: 'DroasTargetDown',
                exp_alerts: [{ exp_labels: { severity: 'warning' } }],
              },
            ],
          },
        ],
      }),
    );
    const { code, output } = runPromtool(promtool, ['test', 'rules', file]);
    expect(code).toBe(1);
    expect(output).toContain('FAILED');
  });

  it('parses every dashboard query', () => {
    const queries = dashboardQueries();
    const file = join(dir, 'dashboard-queries.yml');
    writeFileSync(
      file,
      stringify({
        groups: [
          {
            name: 'dashboard-queries',
            rules: queries.map((q, i) => ({
              record: `dashboard_query_${i}`,
              expr: withGrafanaVariablesResolved(q.expr),
            })),
          },
        ],
      }),
    );
    const { code, output } = runPromtool(promtool, ['check', 'rules', file]);
    expect({ code, output }).toEqual({
      code: 0,
      output: expect.stringContaining(`SUCCESS: ${queries.length} rules found`) as unknown,
    });
  });

  it('refuses a query that does not parse, naming it', () => {
    const file = join(dir, 'broken.yml');
    writeFileSync(
      file,
      stringify({
        groups: [{ name: 'g', rules: [{ record: 'broken_query', expr: 'sum(rate(droas_x_total[5m])' }] }],
      }),
    );
    const { code, output } = runPromtool(promtool, ['check', 'rules', file]);
    expect(code).toBe(1);
    expect(output).toMatch(/broken_query|parse error/);
  });
});
