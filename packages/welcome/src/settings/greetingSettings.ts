import type { Snowflake } from '@droas/contracts';
import type { GreetingMessage } from '../message/greetingMessage.js';

/** Whether bots that join (or leave) are greeted like members, or passed over. */
export const BOT_POLICIES = ['greet', 'ignore'] as const;
export type BotPolicy = (typeof BOT_POLICIES)[number];

/** When a member is welcomed: on joining, or once they pass membership screening (Community servers). */
export const WELCOME_MOMENTS = ['join', 'screening-passed'] as const;
export type WelcomeMoment = (typeof WELCOME_MOMENTS)[number];

/** Why the effects layer stopped sending: what it found when Discord refused. */
export type BlockReason =
  /** The channel was deleted (Unknown Channel, 10003). */
  | 'channel-missing'
  /** The bot cannot see the channel (Missing Access, 50001). */
  | 'missing-access'
  /** The bot sees it but may not post there, or not embeds (Missing Permissions, 50013). */
  | 'missing-permissions';

/**
 * Set by the effects layer when sending cannot succeed until an admin acts; nothing is sent while it holds.
 * Any configuration change clears it, so the next greeting tries again.
 */
export interface GreetingBlock {
  readonly reason: BlockReason;
  /** When it was first seen, Unix ms. */
  readonly sinceMs: number;
}

/** What welcome and goodbye messages share. */
interface CommonSettings {
  readonly enabled: boolean;
  /** Where greetings are posted; `null` until an admin picks one (enabling needs it). */
  readonly channelId: Snowflake | null;
  readonly message: GreetingMessage;
  readonly bots: BotPolicy;
  readonly blocked: GreetingBlock | null;
}

/** A guild's welcome messages (`/welcome`). */
export interface WelcomeSettings extends CommonSettings {
  readonly kind: 'welcome';
  /** A private message to the new member, besides (or instead of, when disabled) the channel message. */
  readonly dm: { readonly enabled: boolean; readonly text: string };
  /** Roles given on welcome, at most {@link GREETING_LIMITS.autoroles}. */
  readonly autoroleIds: readonly Snowflake[];
  /** Accounts younger than this are not welcomed (nor DMed nor given roles); 0 welcomes all. */
  readonly minAccountAgeDays: number;
  readonly when: WelcomeMoment;
}

/** A guild's goodbye messages (`/goodbye`). */
export interface GoodbyeSettings extends CommonSettings {
  readonly kind: 'goodbye';
}

export type GreetingSettings = WelcomeSettings | GoodbyeSettings;

/** Bounds on settings, shared by the command definitions and the checks. */
export const GREETING_LIMITS = {
  autoroles: 5,
  minAccountAgeDays: { min: 0, max: 365 },
} as const;
