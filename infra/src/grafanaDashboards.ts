import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { describeIssues } from './describeIssues.js';
import { infraPath } from './infraRoot.js';
import { filesEndingIn } from './filesEndingIn.js';

const DatasourceSchema = z.object({ type: z.literal('prometheus'), uid: z.literal('${datasource}') });

const PanelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('row'), title: z.string() }),
  z.object({
    type: z.enum(['timeseries', 'stat']),
    title: z.string().min(1),
    datasource: DatasourceSchema,
    targets: z
      .array(z.object({ refId: z.string(), expr: z.string().min(1), datasource: DatasourceSchema }))
      .min(1),
  }),
]);

const DashboardSchema = z.object({
  uid: z.string().regex(/^droas-[a-z-]+$/, 'a uid droas-<name>'),
  title: z.string().startsWith('DROAS: '),
  templating: z.object({
    list: z
      .array(z.object({ name: z.string(), type: z.string() }))
      .refine(
        (vars) => vars.some((v) => v.name === 'datasource' && v.type === 'datasource'),
        'a datasource variable named datasource, so the dashboard imports into any Grafana',
      ),
  }),
  panels: z.array(PanelSchema).min(1),
});

export type Dashboard = z.infer<typeof DashboardSchema> & { file: string };

/** One PromQL query of one panel. */
export interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

export const DASHBOARDS_DIR = infraPath('grafana', 'dashboards');

/** The dashboards' JSON files, sorted. */
export function dashboardFiles(dir = DASHBOARDS_DIR): string[] {
  return filesEndingIn(dir, '.json');
}

/** Parses one dashboard, naming the file and the field when it is not what the checks expect. */
export function readDashboard(path: string): Dashboard {
  const parsed = DashboardSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new TypeError(`${path}: ${describeIssues(parsed.error.issues)}`);
  return { ...parsed.data, file: path };
}

/** Every query of every panel of every dashboard. */
export function dashboardQueries(dir = DASHBOARDS_DIR): DashboardQuery[] {
  return dashboardFiles(dir).flatMap((file) => {
    const d = readDashboard(file);
    return d.panels.flatMap((p) =>
      p.type === 'row'
        ? []
        : p.targets.map((t) => ({ dashboard: basename(file), panel: p.title, expr: t.expr })),
    );
  });
}

/**
 * A dashboard query as plain PromQL: Grafana's interval variables become a fixed range, so promtool can
 * parse it. The dashboards use no other variable in their queries.
 */
export function withGrafanaVariablesResolved(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m');
}
