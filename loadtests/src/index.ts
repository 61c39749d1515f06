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
  DefaultRawPostgresOptions,
  runRawPostgres,
  type RawPostgresOptions,
  type RawPostgresResult,
} from './baselines/rawPostgres.js';
export {
  MONOLITH_ENTRY,
  startMonolith,
  type MonolithOptions,
  type RunningMonolith,
} from './baselines/monolith.js';
