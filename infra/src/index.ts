/**
 * Deployment for DROAS: the checks of what `infra/` holds (images, Compose, Kubernetes manifests, Prometheus
 * rules and dashboards) live in this workspace's tests; this module names the folder they read, and reads the
 * rules and dashboards for them.
 */
export { infraPath, infraRoot } from './infraRoot.js';
export { filesEndingIn } from './filesEndingIn.js';
export {
  RULES_DIR,
  RULE_TESTS_DIR,
  readRuleFile,
  readRules,
  type AlertingRule,
  type RecordingRule,
  type RuleFile,
} from './prometheusRules.js';
export {
  DASHBOARDS_DIR,
  dashboardFiles,
  dashboardQueries,
  readDashboard,
  withGrafanaVariablesResolved,
  type Dashboard,
  type DashboardQuery,
} from './grafanaDashboards.js';
export {
  labelMatchersIn,
  labelNamesExposed,
  metricNamesExposed,
  metricNamesIn,
} from './promqlMetricNames.js';
export { workerAutoscalerQuery } from './workerAutoscalerQuery.js';
