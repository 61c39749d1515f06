import type { ControlApiDeps } from './controlRoute.js';

/**
 * Back to an empty Discord: no guilds, sessions, messages, interactions, faults, generators or counters, and the
 * limits the simulator was started with.
 */
export function resetSimulator(deps: ControlApiDeps): void {
  const { state, faults, generators, buckets, globalLimit, invalidBudget, sharedLimits } = deps;
  generators.reset();
  faults.clear();
  buckets.reset();
  globalLimit.reset();
  invalidBudget.reset();
  sharedLimits.reset();
  state.reset();
}
