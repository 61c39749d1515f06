export { ManualClock, systemClock, type Clock } from './clock.js';
export { DISCORD_EPOCH_MS, shardOf, decodeId } from './snowflake.js';
export { Intents, PRIVILEGED_INTENTS } from './intents.js';
export {
  startSimulator,
  DefaultSimulatorOptions,
  type Simulator,
  type SimulatorOptions,
} from './simulator.js';
export { SimClient, SimClientError, type SeededGuild, type ChannelMessage } from './simClient.js';
export type { InteractionTimeline, Violation, InteractionRule } from './interactionLedger.js';
export type { SimStatsSnapshot } from './simStats.js';
export type { GeneratorSpec, GeneratorStatus, WeightedCommand } from './trafficGenerators.js';
export type { RestFaultSpec, ActiveFault } from './faultInjector.js';
export type { GatewayFault, SessionInfo } from './gatewayServer.js';
export type {
  DispatchResult,
  MemberJoinResult,
  InteractionRequest,
  RawInteractionRequest,
} from './simState.js';
export type { ExplicitOption, OptionsInput, OptionValue } from './buildInteraction.js';
export type { SeedOptions, ChannelAccess } from './population.js';
export type { Pings } from './resolveMentions.js';
export type { BucketLimit } from './routeBuckets.js';
export type { BucketName } from './restRoutes.js';
