import {
  hasManageGuild,
  type CommandDefinition,
  type CommandHandler,
  type CommandReply,
  type InteractionJob,
} from '@droas/contracts';
import { recentGreetingFailures, type Database } from '@droas/db';
import { DiscordApiError, type DiscordRestClient } from '@droas/discord-rest';
import { GOODBYE_DEFINITION, WELCOME_DEFINITION } from '../commands/definitions.js';
import { isSettingsChange, type GreetingQuery } from '../commands/greetingInvocation.js';
import { readGreetingInvocation } from '../commands/readGreetingInvocation.js';
import { buildGreeting } from '../message/buildGreeting.js';
import { describeGreetingProblem } from '../message/greetingProblem.js';
import type { GreetingKind } from '../message/greetingMessage.js';
import { applyGreetingCommand } from '../settings/applyGreetingCommand.js';
import { describeBlock } from '../settings/describeBlock.js';
import type { GreetingSettings } from '../settings/greetingSettings.js';
import { renderPreview } from '../settings/renderPreview.js';
import { renderStatus } from '../settings/renderStatus.js';
import { contextOf } from './greetedMember.js';
import type { GreetingBudgets } from './greetingBudgets.js';
import type { GreetingSettingsStore } from './greetingSettingsStore.js';

export interface GreetingCommandDeps {
  db: Database;
  rest: DiscordRestClient;
  settings: GreetingSettingsStore;
  budgets: GreetingBudgets;
  now: () => number;
}

/** `/welcome` and `/goodbye`, for members with Manage Server. */
export function createGreetingCommands(deps: GreetingCommandDeps): CommandHandler[] {
  return [handler(WELCOME_DEFINITION, 'welcome', deps), handler(GOODBYE_DEFINITION, 'goodbye', deps)];
}

function handler(
  definition: CommandDefinition,
  kind: GreetingKind,
  deps: GreetingCommandDeps,
): CommandHandler {
  return {
    definition,
    defersEphemeral: true,
    handle: (job) => run(kind, job, deps),
  };
}

async function run(
  kind: GreetingKind,
  job: InteractionJob,
  deps: GreetingCommandDeps,
): Promise<CommandReply> {
  // Declared with default_member_permissions, and checked again: a server can override that default.
  if (!hasManageGuild(job.memberPermissions)) {
    return privately(`You need the Manage Server permission to change ${kind} messages.`);
  }
  const invocation = readGreetingInvocation(job);
  if (!invocation.ok) return privately(invocation.problem);
  const settings = await deps.settings.get(job.guildId, kind);
  if (isSettingsChange(invocation.value)) {
    const applied = applyGreetingCommand(settings, invocation.value, { guildId: job.guildId });
    if (!applied.ok) return withBlockWarning(privately(applied.problem), settings);
    await deps.settings.save(job.guildId, applied.settings);
    return privately(applied.confirmation);
  }
  return withBlockWarning(await query(invocation.value, settings, job, deps), settings);
}

async function query(
  invocation: GreetingQuery,
  settings: GreetingSettings,
  job: InteractionJob,
  deps: GreetingCommandDeps,
): Promise<CommandReply> {
  switch (invocation.action) {
    case 'status': {
      const failures = await recentGreetingFailures(deps.db, job.guildId, settings.kind);
      return renderStatus(
        settings,
        failures.map((f) => ({
          atMs: f.updatedAt.getTime(),
          description: `<@${f.userId}>: ${f.reason ?? 'failed'}${f.attempts > 1 ? ` (${f.attempts} attempts)` : ''}`,
        })),
      );
    }
    case 'preview':
      return renderPreview(settings, invokerContext(job, deps.now()));
    case 'test':
      return sendTest(settings, job, deps);
  }
}

/** `/welcome test`: the message for the invoking member, posted for real in the configured channel. */
async function sendTest(
  settings: GreetingSettings,
  job: InteractionJob,
  deps: GreetingCommandDeps,
): Promise<CommandReply> {
  if (settings.channelId === null) return privately(`Pick a channel first: \`/${settings.kind} channel\`.`);
  const built = buildGreeting(settings.message, invokerContext(job, deps.now()));
  if (!built.ok)
    return privately(
      `The ${settings.kind} message cannot be sent: ${describeGreetingProblem(built.problem)}`,
    );
  const budget = await deps.budgets.channelMessage(settings.channelId);
  if (!budget.allowed) {
    return privately(
      `<#${settings.channelId}> is busy with greetings; try again in ${Math.ceil(budget.retryAfterMs / 1000)} s.`,
    );
  }
  try {
    // The test pings nobody: it shows the message, it does not greet anyone.
    await deps.rest.createMessage(
      settings.channelId,
      { ...built.message, allowedMentions: { parse: [] } },
      { maxWaitMs: 0 },
    );
    return privately(`Sent a test ${settings.kind} message to <#${settings.channelId}>.`);
  } catch (error) {
    if (error instanceof DiscordApiError) {
      return privately(
        `Discord refused the test message in <#${settings.channelId}> (${error.discordCode ?? error.status}): check that I can view the channel and send messages${settings.message.kind === 'embed' ? ' and embed links' : ''} there.`,
      );
    }
    throw error;
  }
}

/** The invoking member stands in for the new one, in the server as the gateway last saw it. */
function invokerContext(job: InteractionJob, nowMs: number) {
  return contextOf(
    job.guildId,
    job.user.id,
    {
      username: job.user.username,
      ...(job.guild !== undefined && { guildName: job.guild.name, memberCount: job.guild.memberCount }),
    },
    nowMs,
  );
}

/** An admin's next `/welcome` command says when greetings are not being sent, and why. */
function withBlockWarning(reply: CommandReply, settings: GreetingSettings): CommandReply {
  if (settings.blocked === null) return reply;
  const warning = `⚠️ ${settings.kind === 'welcome' ? 'Welcome' : 'Goodbye'} messages are not being sent. ${describeBlock(settings.blocked, settings)}`;
  if (reply.content.includes(warning)) return reply;
  const content = reply.content === '' ? warning : `${reply.content}\n\n${warning}`;
  return content.length <= 2_000 ? { ...reply, content } : reply;
}

function privately(content: string): CommandReply {
  return { content, ephemeral: true, allowedMentions: { parse: [] } };
}
