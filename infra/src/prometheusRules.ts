import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { infraPath } from './infraRoot.js';
import { describeIssues } from './describeIssues.js';
import { filesEndingIn } from './filesEndingIn.js';

const RuleSchema = z.union([
  z.strictObject({
    alert: z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'an alert name in UpperCamelCase'),
    expr: z.string().min(1),
    for: z
      .string()
      .regex(/^\d+[smh]$/, 'a duration such as 30s, 5m or 1h')
      .optional(),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
  }),
  z.strictObject({
    record: z.string().regex(/^[a-z_]+:[a-z_]+(:[a-z_]+)?$/, 'a recording rule name level:metric:operation'),
    expr: z.string().min(1),
    labels: z.record(z.string(), z.string()).optional(),
  }),
]);

const RuleFileSchema = z.strictObject({
  groups: z.array(z.strictObject({ name: z.string().min(1), rules: z.array(RuleSchema).min(1) })).min(1),
});

export type RuleFile = z.infer<typeof RuleFileSchema>;
type AnyRule = z.infer<typeof RuleSchema>;
export type AlertingRule = Extract<AnyRule, { alert: string }> & { file: string };
export type RecordingRule = Extract<AnyRule, { record: string }> & { file: string };

/** The folder of the Prometheus rule files, and of their promtool tests. */
export const RULES_DIR = infraPath('prometheus', 'rules');
export const RULE_TESTS_DIR = infraPath('prometheus', 'tests');

/** Parses one rule file, naming the file and the field when it is not what Prometheus expects. */
export function readRuleFile(path: string): RuleFile {
  const parsed = RuleFileSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new TypeError(`${path}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** Every rule of every file in `infra/prometheus/rules`, with the file it came from. */
export function readRules(dir = RULES_DIR): { alerts: AlertingRule[]; records: RecordingRule[] } {
  const alerts: AlertingRule[] = [];
  const records: RecordingRule[] = [];
  for (const file of filesEndingIn(dir, '.yml')) {
    for (const group of readRuleFile(file).groups) {
      for (const rule of group.rules) {
        if ('alert' in rule) alerts.push({ ...rule, file });
        else records.push({ ...rule, file });
      }
    }
  }
  return { alerts, records };
}
