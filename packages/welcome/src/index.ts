// The public API of @droas/welcome: the pure core of welcome and goodbye messages (templates, messages,
// settings, commands). No I/O: the effects layer stores settings, reads events and talks to Discord.
export { GOODBYE_DEFINITION, GREETING_CHANNEL_TYPES, WELCOME_DEFINITION } from './commands/definitions.js';
export {
  isSettingsChange,
  type GreetingInvocation,
  type GreetingQuery,
  type SettingsChange,
} from './commands/greetingInvocation.js';
export { readGreetingInvocation } from './commands/readGreetingInvocation.js';
export {
  buildCoalescedGreeting,
  type CoalescedGreeting,
  type CoalescedMember,
} from './message/buildCoalescedGreeting.js';
export { buildGreeting, renderGreeting, type GreetingBuild } from './message/buildGreeting.js';
export { DISCORD_LIMITS } from './message/discordLimits.js';
export {
  memberOnlyMentions,
  type EmbedGreeting,
  type GreetingEmbed,
  type GreetingField,
  type GreetingKind,
  type GreetingMessage,
  type GreetingOutput,
  type TextGreeting,
} from './message/greetingMessage.js';
export { describeGreetingProblem, type GreetingProblem } from './message/greetingProblem.js';
export { pingsMember } from './message/pingedMember.js';
export {
  validateGreeting,
  type CheckedGreeting,
  type CheckedTemplate,
  type GreetingCheck,
} from './message/validateGreeting.js';
export type { OptionResult } from './options/optionResult.js';
export {
  applyGreetingCommand,
  type ApplyContext,
  type ApplyResult,
} from './settings/applyGreetingCommand.js';
export { DEFAULT_GOODBYE_SETTINGS, DEFAULT_WELCOME_SETTINGS } from './settings/defaultGreetingSettings.js';
export {
  BOT_POLICIES,
  GREETING_LIMITS,
  WELCOME_MOMENTS,
  type BlockReason,
  type BotPolicy,
  type GoodbyeSettings,
  type GreetingBlock,
  type GreetingSettings,
  type WelcomeMoment,
  type WelcomeSettings,
} from './settings/greetingSettings.js';
export { describeTemplateProblem } from './templates/describeTemplateProblem.js';
export {
  MAX_TEMPLATE_CHARS,
  parseTemplate,
  type TemplateProblem,
  type TemplateResult,
  type TemplateToken,
} from './templates/parseTemplate.js';
export { PLACEHOLDERS, listPlaceholders, type Placeholder } from './templates/placeholders.js';
export { renderTemplate } from './templates/renderTemplate.js';
export type { GreetedGuild, GreetedMember, TemplateContext } from './templates/templateContext.js';
export { worstCaseLength } from './templates/worstCaseLength.js';
export {
  decideGreeting,
  type GreetingPlan,
  type MemberEvent,
  type SkipReason,
} from './settings/decideGreeting.js';
export { renderPreview } from './settings/renderPreview.js';
export { renderStatus, type RecentFailure } from './settings/renderStatus.js';
export { createWelcome, type Welcome } from './effects/createWelcome.js';
export type { FlushResult } from './effects/greetingSender.js';
export type { MemberEventOutcome } from './effects/memberEvents.js';
export {
  DefaultWelcomeOptions,
  type FlushRequest,
  type WelcomeDeps,
  type WelcomeOptions,
} from './effects/welcomeDeps.js';
