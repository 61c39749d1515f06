// The public API of @droas/loadtests: the shape of what a run measured, the baselines it is measured against,
// and what turns a run into a verdict, reports and an exit code.
export type * from './model.js';
export { percentiles } from './stats.js';
export {
  memberPicker,
  weightedCommandPicker,
  type LoadGuild,
  type MixCommand,
  type MixEntry,
} from './baselines/commandMix.js';
export { seedEconomy } from './baselines/seedEconomy.js';
export {
  QUEUE_PARTITIONS_ENTRY,
  runQueuePartitions,
  type NodeCpu,
  type QueuePartitionsOptions,
  type QueuePartitionsResult,
  type TagPlacement,
  type VariantResult,
} from './baselines/queuePartitions.js';
export { renderQueuePartitions } from './baselines/queuePartitionsCli.js';
export {
  DefaultRawPostgresOptions,
  runRawPostgres,
  type RawPostgresOptions,
  type RawPostgresResult,
} from './baselines/rawPostgres.js';
export {
  QUEUE_FLOOR_ENTRY,
  runQueueFloor,
  type QueueFloorOptions,
  type QueueFloorResult,
} from './baselines/queueFloor.js';
export {
  MONOLITH_ENTRY,
  startMonolith,
  type MonolithOptions,
  type RunningMonolith,
} from './baselines/monolith.js';
export { ExitCode, exitCodeFor, printVerdict } from './report/exitCode.js';
export {
  type Threshold,
  ThresholdSyntaxError,
  ThresholdsFileError,
  evaluateThresholds,
  loadThresholdsFile,
  parseThreshold,
  resolveMetric,
} from './report/thresholds.js';
export { renderHtml } from './report/renderHtml.js';
export { renderJunitXml } from './report/renderJunitXml.js';
export { renderMarkdown } from './report/renderMarkdown.js';
export { loadChartLibrary, type ChartLibrary } from './report/loadChartLibrary.js';
export { type WriteReportsOptions, type WrittenReports, writeReports } from './report/writeReports.js';
export { DefaultFleetOptions, type FleetOptions } from './fleet/fleetOptions.js';
export { runFleet, type FleetReport } from './fleet/runFleet.js';
export { fleetPassed, formatFleetReport } from './fleet/formatFleetReport.js';
export { checkJoinOrder, type JoinOrderCheck, type QueuedJoin } from './fleet/checkJoinOrder.js';
export { identifyFloor, type IdentifyFloor, type IdentifyRules } from './fleet/identifyFloor.js';
