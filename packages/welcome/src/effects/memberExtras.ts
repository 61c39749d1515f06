import { createHash } from 'node:crypto';
import type { MemberUser } from '@droas/contracts';
import { DiscordApiError, DiscordErrorCode, type DiscordRestClient } from '@droas/discord-rest';
import { CircuitOpenError, RateLimitedError } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import { buildGreeting } from '../message/buildGreeting.js';
import type { WelcomeSettings } from '../settings/greetingSettings.js';
import type { TemplateContext } from '../templates/templateContext.js';
import type { GreetingBudgets } from './greetingBudgets.js';
import type { RaidWatch } from './raidWatch.js';
import type { WelcomeMetrics } from './welcomeMetrics.js';

export type DmStatus = 'sent' | 'refused' | 'shed' | 'failed';

/**
 * A welcome's effects besides the channel message: the DM and the autoroles. Each is recorded on the member's
 * delivery row once done, so a job that runs again does not do it twice. Refusals Discord will repeat (DMs
 * closed, a role above the bot's) are recorded, not retried; a spent budget is waited out (autoroles) or
 * makes the DM shed (counted).
 */
export class MemberExtras {
  constructor(
    private readonly deps: {
      rest: DiscordRestClient;
      budgets: GreetingBudgets;
      raid: RaidWatch;
      metrics: WelcomeMetrics;
      logger: Logger;
    },
  ) {}

  /**
   * `eventAtMs` names the join: the DM is sent with a nonce made from it, so a job that sent the DM and died
   * before recording it sends the same one message again.
   */
  /**
   * Whether a DM would be shed now (the guild is being raided), asked before the member's row is written so
   * the row says so at once. Counted as shed.
   */
  async shedsDm(guildId: string): Promise<boolean> {
    if (!(await this.deps.raid.active(guildId))) return false;
    this.deps.metrics.dms.inc({ result: 'shed' });
    return true;
  }

  async sendDm(
    settings: WelcomeSettings,
    user: MemberUser,
    guildId: string,
    eventAtMs: number,
    context: TemplateContext,
  ): Promise<DmStatus> {
    const status = await this.#dm(settings, user, guildId, dmNonce(guildId, user.id, eventAtMs), context);
    this.deps.metrics.dms.inc({ result: status });
    return status;
  }

  async #dm(
    settings: WelcomeSettings,
    user: MemberUser,
    guildId: string,
    nonce: string,
    context: TemplateContext,
  ): Promise<DmStatus> {
    // A raid was asked about before the member's row was written (`shedsDm`); what is left is the budget.
    if (!(await this.deps.budgets.dmOpen()).allowed) return 'shed';
    const built = buildGreeting({ kind: 'text', text: settings.dm.text }, context);
    if (!built.ok) return 'failed';
    try {
      await this.deps.rest.sendDirectMessage(user.id, built.message, { maxWaitMs: 0, nonce });
      return 'sent';
    } catch (error) {
      if (
        error instanceof DiscordApiError &&
        error.discordCode === DiscordErrorCode.CannotSendMessagesToUser
      ) {
        return 'refused';
      }
      if (error instanceof RateLimitedError || error instanceof CircuitOpenError) return 'shed';
      this.deps.logger.warn({ err: error, guildId }, 'welcome DM failed');
      return 'failed';
    }
  }

  /**
   * Gives every autorole, after taking the guild's role budget for all of them at once (a spent budget throws
   * `RateLimitedError`: the job comes back without spending an attempt, and takes them all again, so a retry
   * never gives the first role and then starves on the second). Returns what to record.
   */
  async giveRoles(guildId: string, userId: string, roleIds: readonly string[]): Promise<string> {
    const refused: string[] = [];
    const budget = await this.deps.budgets.roleChanges(guildId, roleIds.length);
    if (!budget.allowed) {
      throw new RateLimitedError({ retryAfterMs: budget.retryAfterMs, code: 'welcome-roles' });
    }
    for (const roleId of roleIds) {
      try {
        await this.deps.rest.addMemberRole(guildId, userId, roleId, {
          reason: 'Welcome autorole',
          maxWaitMs: 0,
        });
        this.deps.metrics.roles.inc({ result: 'given' });
      } catch (error) {
        const why = refusal(error);
        if (why === undefined) throw error;
        if (why === 'member gone') return 'the member left before their roles were given';
        refused.push(`<@&${roleId}>: ${why}`);
        this.deps.metrics.roles.inc({ result: 'refused' });
      }
    }
    return refused.length === 0 ? `given ${roleIds.length}` : `refused ${refused.join('; ')}`;
  }
}

/** At most 25 characters (Discord's cap), the same for every run of one join's job. */
function dmNonce(guildId: string, userId: string, eventAtMs: number): string {
  return `d${createHash('sha256').update(`${guildId}:${userId}:${eventAtMs}`).digest('base64url').slice(0, 24)}`;
}

function refusal(error: unknown): string | undefined {
  if (!(error instanceof DiscordApiError)) return undefined;
  switch (error.discordCode) {
    case DiscordErrorCode.MissingPermissions:
    case DiscordErrorCode.MissingAccess:
      return 'the role is above mine, or I lack Manage Roles';
    case DiscordErrorCode.UnknownRole:
      return 'the role no longer exists';
    case DiscordErrorCode.UnknownMember:
      return 'member gone';
    case undefined:
    default:
      return undefined;
  }
}
