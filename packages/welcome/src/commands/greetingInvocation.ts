import type { Snowflake } from '@droas/contracts';
import type { GreetingKind, GreetingMessage } from '../message/greetingMessage.js';
import type { BotPolicy, WelcomeMoment } from '../settings/greetingSettings.js';

/** A `/welcome` or `/goodbye` subcommand that changes settings. */
export type SettingsChange =
  | {
      readonly kind: GreetingKind;
      readonly action: 'channel';
      readonly channelId: Snowflake;
      /** Discord's channel type, when the caller knows it (jobs do not carry it yet). */
      readonly channelType?: number;
    }
  | { readonly kind: GreetingKind; readonly action: 'message'; readonly message: GreetingMessage }
  | { readonly kind: 'welcome'; readonly action: 'dm'; readonly enabled: boolean; readonly text?: string }
  | {
      readonly kind: 'welcome';
      readonly action: 'autorole-add' | 'autorole-remove';
      readonly roleId: Snowflake;
    }
  | { readonly kind: 'welcome'; readonly action: 'min-account-age'; readonly days: number }
  | { readonly kind: GreetingKind; readonly action: 'bots'; readonly bots: BotPolicy }
  | { readonly kind: 'welcome'; readonly action: 'when'; readonly when: WelcomeMoment }
  | { readonly kind: GreetingKind; readonly action: 'enable' | 'disable' };

/** A subcommand that only reads: show the settings, preview the message, or send a test. */
export interface GreetingQuery {
  readonly kind: GreetingKind;
  readonly action: 'preview' | 'test' | 'status';
}

/** One `/welcome …` or `/goodbye …` invocation, read and typed. */
export type GreetingInvocation = SettingsChange | GreetingQuery;

/** Whether `invocation` changes settings (else it is `preview`, `test` or `status`). */
export function isSettingsChange(invocation: GreetingInvocation): invocation is SettingsChange {
  return invocation.action !== 'preview' && invocation.action !== 'test' && invocation.action !== 'status';
}
