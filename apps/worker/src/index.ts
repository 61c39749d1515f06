// What tests and tools use from the worker; the process itself starts from main.ts.
export { classifyJobError, isDatabaseOutage } from './classifyJobError.js';
export { CommandRegistry } from './commandRegistry.js';
export { createPingCommand } from './commands/pingCommand.js';
export { workerConfigChecks, workerConfigShape } from './config.js';
export { IntakeControl, type PausableWorker } from './intakeControl.js';
export { InteractionProcessor, type InteractionProcessorDeps } from './interactionProcessor.js';
export { MemberEventProcessor, type MemberEventProcessorDeps } from './memberEventProcessor.js';
export { GreetingFlushes, GreetingFlushProcessor } from './greetingFlushes.js';
export { createFeatures, type FeatureDeps } from './features.js';
export { MemberNotices, type PendingNotices } from './memberNotices.js';
export { createWorkerMetrics, type WorkerMetrics } from './workerMetrics.js';
export {
  DefaultQueueGaugeOptions,
  registerQueueGauges,
  type QueueGaugeOptions,
  type WatchedQueue,
} from './queueGauges.js';
export {
  DefaultWorkerReadinessOptions,
  workerReadiness,
  type WorkerReadinessDeps,
} from './workerReadiness.js';
