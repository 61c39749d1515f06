import type { Snowflake } from '@droas/contracts';
import type { SettingsChange } from '../commands/greetingInvocation.js';
import { GREETING_CHANNEL_TYPES } from '../commands/definitions.js';
import { rejected } from '../options/optionResult.js';
import { changeAutoroles } from './changeAutoroles.js';
import { changeMessage, changeDm } from './changeTemplates.js';
import {
  GREETING_LIMITS,
  type GoodbyeSettings,
  type GreetingSettings,
  type WelcomeSettings,
} from './greetingSettings.js';

/** What applying a change needs besides the settings. */
export interface ApplyContext {
  /** The guild's id, which is also its @everyone role's id. */
  readonly guildId: Snowflake;
}

/** The new settings and a short confirmation for the admin, or a refusal naming the option. */
export type ApplyResult<S extends GreetingSettings = GreetingSettings> =
  | { readonly ok: true; readonly settings: S; readonly confirmation: string }
  | { readonly ok: false; readonly problem: string };

/**
 * Applies one settings subcommand. Pure: the caller stores `settings` and replies with `confirmation`
 * (or `problem`, privately). Every accepted change clears `blocked`, so the next greeting tries again; a
 * change that leaves everything as it was is still accepted, so a retried command answers the same way.
 * Throws a `TypeError` when `change` is for the other kind than `settings` (a routing mistake).
 */
export function applyGreetingCommand(
  settings: WelcomeSettings,
  change: SettingsChange,
  context: ApplyContext,
): ApplyResult<WelcomeSettings>;
export function applyGreetingCommand(
  settings: GoodbyeSettings,
  change: SettingsChange,
  context: ApplyContext,
): ApplyResult<GoodbyeSettings>;
export function applyGreetingCommand(
  settings: GreetingSettings,
  change: SettingsChange,
  context: ApplyContext,
): ApplyResult;
export function applyGreetingCommand(
  settings: GreetingSettings,
  change: SettingsChange,
  context: ApplyContext,
): ApplyResult {
  if (change.kind !== settings.kind) {
    throw new TypeError(`a /${change.kind} change cannot apply to ${settings.kind} settings`);
  }
  const noun = settings.kind === 'welcome' ? 'Welcome' : 'Goodbye';
  const done = (patch: CommonPatch, confirmation: string): ApplyResult => ({
    ok: true,
    settings: { ...settings, ...patch, blocked: null },
    confirmation,
  });
  switch (change.action) {
    case 'channel': {
      const { channelType } = change;
      if (channelType !== undefined && !(GREETING_CHANNEL_TYPES as readonly number[]).includes(channelType)) {
        return rejected('`channel` must be a text or announcement channel, where I can post messages.');
      }
      const off = settings.enabled ? '' : ` They are off: \`/${settings.kind} enable\` turns them on.`;
      return done(
        { channelId: change.channelId },
        `${noun} messages will be posted in <#${change.channelId}>.${off}`,
      );
    }
    case 'message': {
      const result = changeMessage(change.message, settings.kind);
      return result.ok ? done({ message: change.message }, result.value) : result;
    }
    case 'bots':
      return done(
        { bots: change.bots },
        change.bots === 'greet'
          ? `Bots get ${settings.kind} messages too.`
          : `Bots get no ${settings.kind} message.`,
      );
    case 'enable':
      if (settings.channelId === null) {
        return rejected(
          `Pick a channel first: \`/${settings.kind} channel\`, then \`/${settings.kind} enable\`.`,
        );
      }
      return done({ enabled: true }, `${noun} messages are on, in <#${settings.channelId}>.`);
    case 'disable':
      return done({ enabled: false }, `${noun} messages are off.`);
    case 'dm':
    case 'autorole-add':
    case 'autorole-remove':
    case 'min-account-age':
    case 'when':
      // Welcome-only changes; the kinds matched above, so the settings are welcome settings.
      if (settings.kind !== 'welcome') throw new TypeError(`${change.action} is a welcome-only change`);
      return applyWelcomeOnly(settings, change, context);
  }
}

type CommonPatch = Partial<Pick<GreetingSettings, 'enabled' | 'channelId' | 'message' | 'bots'>>;
type WelcomeOnlyChange = Extract<SettingsChange, { kind: 'welcome' }>;

function applyWelcomeOnly(
  settings: WelcomeSettings,
  change: WelcomeOnlyChange,
  context: ApplyContext,
): ApplyResult<WelcomeSettings> {
  const done = (
    patch: Partial<Omit<WelcomeSettings, 'kind'>>,
    confirmation: string,
  ): ApplyResult<WelcomeSettings> => ({
    ok: true,
    settings: { ...settings, ...patch, blocked: null },
    confirmation,
  });
  switch (change.action) {
    case 'dm': {
      const result = changeDm(settings.dm, change.enabled, change.text);
      return result.ok ? done({ dm: result.value.dm }, result.value.confirmation) : result;
    }
    case 'autorole-add':
    case 'autorole-remove': {
      const result = changeAutoroles(settings.autoroleIds, change, context.guildId);
      return result.ok ? done({ autoroleIds: result.value.roleIds }, result.value.confirmation) : result;
    }
    case 'min-account-age': {
      const { min, max } = GREETING_LIMITS.minAccountAgeDays;
      if (change.days < min || change.days > max) {
        return rejected(`\`days\` must be a whole number from ${min} to ${max}, not ${change.days}.`);
      }
      return done(
        { minAccountAgeDays: change.days },
        change.days === 0
          ? 'Every account is welcomed, however new.'
          : `Accounts younger than ${change.days} ${change.days === 1 ? 'day' : 'days'} are not welcomed, given roles or sent a DM.`,
      );
    }
    case 'when':
      return done(
        { when: change.when },
        change.when === 'join'
          ? 'Members are welcomed as soon as they join.'
          : 'Members are welcomed once they pass membership screening (the rules screen).',
      );
  }
}
