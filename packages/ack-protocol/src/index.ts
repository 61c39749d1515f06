// The public API of @droas/ack-protocol: how the gateway's guard and the workers agree that every interaction
// is acknowledged exactly once, within Discord's 3 seconds, and charged against rate limits once.
export {
  encodeSettled,
  viewClaim,
  type ClaimView,
  type Party,
  type SettledAck,
  type TakeRequest,
  type TakeResult,
} from './ackClaim.js';
export { AckHeartbeat } from './ackHeartbeat.js';
export type {
  AckDiscord,
  AckTarget,
  OriginalResponseView,
  SendLimits,
  SendOutcome,
  WebhookOutcome,
} from './ackDiscord.js';
export { AckGuard, type AckGuardOptions, type GuardedInteraction } from './ackGuard.js';
export {
  DeferralVisibility,
  publishCommandVisibility,
  type CommandVisibility,
  type DeferralVisibilityOptions,
} from './deferralVisibility.js';
export { createAckMetrics, type AckMetrics, type GuardResult } from './ackMetrics.js';
export type { AckStore, AnsweredVia, InteractionRef } from './ackStore.js';
export {
  ACK_DEADLINE_MS,
  ACK_TIMING_VARIABLES,
  DefaultAckTimings,
  MIN_ACK_FLIGHT_MS,
  ackTimingsEnvShape,
  ackTimingsFromConfig,
  checkAckTimings,
  checkAckTimingsConfig,
  resolveAckTimings,
  type AckTimings,
} from './ackTimings.js';
export { decideGuardStep, type GuardObservation, type GuardStep } from './guardStep.js';
export { InMemoryAckStore, StoreUnreachableError } from './inMemoryAckStore.js';
export {
  InteractionAdmission,
  type Admission,
  type AdmissionDecision,
  type AdmissionLimits,
  type AdmissionRequest,
  type BucketPolicy,
} from './interactionAdmission.js';
export {
  InteractionAnswerer,
  PRIVATE_ANSWER_NOTICE,
  type AnswerOutcome,
  type InteractionAnswererOptions,
} from './interactionAnswerer.js';
export { RECORD_FIELD, interactionKeys, type InteractionKeys } from './interactionKeys.js';
export { RedisAckStore } from './redisAckStore.js';
export { classifySendError, restAckDiscord } from './restAckDiscord.js';
export { decideWorkerStep, type WorkerObservation, type WorkerStep } from './workerStep.js';
