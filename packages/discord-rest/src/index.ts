export {
  DiscordRestClient,
  InteractionCallbackType,
  type AddMemberRoleOptions,
  type CreateMessageOptions,
  type DeferredResponse,
  type InteractionResponse,
  type OriginalResponse,
  type SentMessage,
} from './discordRestClient.js';
export { DefaultDiscordRestOptions, type DiscordRestOptions } from './discordRestOptions.js';
export {
  DiscordApiError,
  DiscordErrorCode,
  DiscordUnavailableError,
  SendDeadlinePassedError,
  isDiscordApiError,
} from './discordErrors.js';
export type { RequestOptions } from './restPipeline.js';
export {
  EPHEMERAL_FLAG,
  toAllowedMentionsJson,
  toMessageJson,
  type AllowedMentionsJson,
  type MessageContent,
  type MessageJson,
} from './toMessageJson.js';
