export { ManualClock, systemClock, type Clock } from './world/clock.js';
export { DISCORD_EPOCH_MS, shardOf, decodeId } from './world/snowflake.js';
export { Intents, PRIVILEGED_INTENTS } from './gateway/intents.js';
export {
  startSimulator,
  DefaultSimulatorOptions,
  type Simulator,
  type SimulatorOptions,
} from './simulator.js';
export { SimClient, SimClientError, type ChannelMessage } from './control/simClient.js';
export type { SeededGuild } from './control/guildSummary.js';
export type { InteractionTimeline, Violation, InteractionRule } from './world/interactionLedger.js';
export type { SimStatsSnapshot } from './world/simStats.js';
export type { GeneratorSpec, GeneratorStatus, WeightedCommand } from './control/trafficGenerators.js';
export type { RestFaultSpec, ActiveFault } from './rest/faultInjector.js';
export type { SessionInfo } from './gateway/gatewayServer.js';
export type { GatewayFault } from './gateway/gatewayFault.js';
export type { DispatchResult, MemberJoinResult } from './world/simState.js';
export type { InteractionRequest } from './world/createInteraction.js';
export type { RawInteractionRequest } from './world/rawInteraction.js';
export type { ExplicitOption, OptionsInput, OptionValue } from './world/buildInteraction.js';
export type { SeedOptions, ChannelAccess } from './world/population.js';
export type { Pings } from './world/resolveMentions.js';
export type { BucketLimit } from './rest/routeBuckets.js';
export type { BucketName } from './rest/bucketLimits.js';
