import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { filesEndingIn } from './filesEndingIn';
import { infraPath } from './infraRoot';
import { RULE_TESTS_DIR, readRuleFile, readRules } from './prometheusRules';

// Pure file checks of the alerting rules: each has its runbook section and its promtool cases. Whether the
// rules parse and the cases pass is promtool's job (test/promtool.test.ts).
const { alerts, records } = readRules();
const runbook = readFileSync(infraPath('runbooks.md'), 'utf8');
const runbookSections = [...runbook.matchAll(/^## (\S+)$/gm)].map((m) => m[1]!);

interface AlertCase {
  alertname: string;
  exp_alerts?: unknown[];
}
const cases: AlertCase[] = filesEndingIn(RULE_TESTS_DIR, '.yml').flatMap((file) => {
  const doc = parse(readFileSync(file, 'utf8')) as { tests?: { alert_rule_test?: AlertCase[] }[] };
  return (doc.tests ?? []).flatMap((t) => t.alert_rule_test ?? []);
});

describe('readRuleFile', () => {
  it('refuses a rule file Prometheus would not load, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'droas-rules-'));
    const path = join(dir, 'bad.yml');
    writeFileSync(
      path,
      'groups:\n  - name: g\n    rules:\n      - alert: x\n        expr: up == 0\n        for: 5 minutes\n',
    );
    try {
      expect(() => readRuleFile(path)).toThrow(`${path}: groups.0.rules.0`);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('alerting rules', () => {
  it('exist, with unique names', () => {
    expect(alerts.length).toBeGreaterThan(0);
    const names = alerts.map((a) => a.alert);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(alerts.map((a) => [a.alert, a] as const))(
    '%s has a severity, a summary and its runbook',
    (name, a) => {
      expect(['warning', 'critical']).toContain(a.labels.severity);
      expect(a.annotations.summary).toBeTruthy();
      expect(a.annotations.runbook_url).toBe(`infra/runbooks.md#${name.toLowerCase()}`);
      expect(runbookSections).toContain(name);
    },
  );

  it('has no runbook section without its alert', () => {
    expect(runbookSections.filter((s) => !alerts.some((a) => a.alert === s))).toEqual([]);
  });

  it.each(alerts.map((a) => [a.alert] as const))(
    '%s has a promtool case firing and one not firing',
    (name) => {
      const mine = cases.filter((c) => c.alertname === name);
      expect(mine.filter((c) => (c.exp_alerts ?? []).length > 0).length).toBeGreaterThan(0);
      expect(mine.filter((c) => (c.exp_alerts ?? []).length === 0).length).toBeGreaterThan(0);
    },
  );

  it('name their recording rules droas:…', () => {
    for (const r of records) expect(r.record.startsWith('droas:')).toBe(true);
  });
});
