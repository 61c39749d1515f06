export {
  DefaultCircuitBreakerOptions,
  type CircuitBreaker,
  type CircuitBreakerObservers,
  type CircuitBreakerOptions,
  type CircuitStateChange,
} from './circuitBreaker.js';
export { CircuitStateValue, type CallOutcome } from './circuitBreakerMetrics.js';
export { createCircuitBreaker } from './createCircuitBreaker.js';
export { classifyError, type ErrorClassification, type ErrorClassifier } from './classifyError.js';
export { systemClock, type Clock } from './clock.js';
export {
  CallTimeoutError,
  CircuitOpenError,
  PermanentError,
  RateLimitedError,
  ResilienceError,
  type CallTimeoutErrorOptions,
  type CircuitOpenErrorOptions,
  type CircuitState,
  type ErrorContext,
  type PermanentErrorOptions,
  type RateLimitedErrorOptions,
} from './errors.js';
export { RedisTokenBucket } from './redisTokenBucket.js';
export { TOKEN_BUCKET_LUA } from './tokenBucketScript.js';
export {
  DefaultTokenBucketOptions,
  takeFromBucket,
  type BucketState,
  type RateLimitDecision,
  type RateLimiter,
  type TokenBucketOptions,
} from './tokenBucket.js';
export { RedisVersionedCache } from './redisVersionedCache.js';
export type { VersionedCache, VersionedEntry } from './versionedCache.js';
