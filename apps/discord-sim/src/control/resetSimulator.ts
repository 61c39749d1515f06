import type { ControlApiDeps } from './controlRoute.js';

/** Back to an empty Discord: no guilds, sessions, messages, interactions, faults, generators or counters. */
export function resetSimulator(deps: ControlApiDeps): void {
  const { state, faults, generators, buckets, globalLimit, invalidBudget } = deps;
  generators.reset();
  faults.clear();
  buckets.reset();
  globalLimit.reset();
  invalidBudget.reset();
  state.reset();
}
