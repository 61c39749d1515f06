// The public API of @droas/contracts: what gateway and worker share, and nothing else.
export {
  COMMAND_OPTION_TYPE,
  MAX_COMMAND_OPTIONS,
  MAX_STRING_OPTION_LENGTH,
  type BooleanOption,
  type CommandOption,
  type IntegerOption,
  type NumberOption,
  type SnowflakeOption,
  type StringOption,
  type SubcommandGroupOption,
  type SubcommandOption,
  type ValueOption,
} from './commandOption.js';
export { ContractError, type ContractIssue, type ContractResult } from './contractError.js';
export { type DispatchContext } from './dispatchContext.js';
export {
  INTERACTION_TOKEN_LIFETIME_MS,
  INTERACTION_TYPE,
  MAX_RESOLVED_USERS,
  interactionJobSchema,
  parseInteractionJob,
  type InteractionJob,
  type InteractionType,
  type InteractionUser,
  type InvokedCommand,
  type ResolvedUser,
} from './interactionJob.js';
export { interactionJobId, jobIdForJob, memberEventJobId, memberJoinJobId } from './jobIds.js';
export {
  MEMBER_FLAG_DID_REJOIN,
  memberJoinJobSchema,
  parseMemberJoinJob,
  type JoiningUser,
  type MemberJoinJob,
} from './memberJoinJob.js';
export { memberLeaveJobSchema, parseMemberLeaveJob, type MemberLeaveJob } from './memberLeaveJob.js';
export {
  memberScreenedJobSchema,
  parseMemberScreenedJob,
  type MemberScreenedJob,
} from './memberScreenedJob.js';
export { type GuildGlance, type MemberUser } from './memberUser.js';
export {
  describeProblemForMember,
  interactionReplyTarget,
  malformedCommandReply,
  type InteractionReplyTarget,
} from './memberFacingProblem.js';
export { parseJob, type Job, type JobKind, type MemberEventJob } from './parseJob.js';
export {
  QUEUE_NAMES,
  partitionForShard,
  queueNameForKind,
  queuePartitionPrefix,
  queuePartitionPrefixes,
  workerQueuePrefix,
  type QueueLayout,
  type QueueName,
} from './queueNames.js';
export {
  DISCORD_EPOCH_MS,
  assertSnowflake,
  isSnowflake,
  shardIdForGuild,
  snowflakeToTimestampMs,
  timestampToSnowflake,
  type Snowflake,
} from './snowflake.js';
export { toInteractionJob } from './toInteractionJob.js';
export { toMemberJoinJob } from './toMemberJoinJob.js';
export { toMemberLeaveJob } from './toMemberLeaveJob.js';
export { mayBeScreeningPassed, SCREENING_WINDOW_MS, toMemberScreenedJob } from './toMemberScreenedJob.js';
export type {
  AllowedMentions,
  CommandDefinition,
  CommandHandler,
  CommandOptionDefinition,
  CommandReply,
  ReplyEmbed,
} from './commandHandler.js';
export { JOB_POLICY, jobOptionsFor, retentionFor, type JobPolicy } from './jobPolicy.js';
export { hasManageGuild, PERMISSION } from './permissions.js';
export { readOptionTree, type OptionTree, type ReceivedOption } from './optionTree.js';
