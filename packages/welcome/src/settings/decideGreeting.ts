import type { Snowflake } from '@droas/contracts';
import type { GreetingSettings } from './greetingSettings.js';

const DAY_MS = 86_400_000;

/** What happened to a member, as the effects layer saw it. */
export interface MemberEvent {
  /** `screening-passed`: the member's `pending` flag went from true to false (a member update). */
  readonly kind: 'join' | 'screening-passed' | 'leave';
  readonly bot: boolean;
  /** From the member's id (`snowflakeToTimestampMs`). */
  readonly accountCreatedAtMs: number;
  /** On a join: whether the member still has to pass membership screening. */
  readonly pending?: boolean;
  /** When it happened, Unix ms. */
  readonly atMs: number;
}

/** Why nothing is done for an event. */
export type SkipReason =
  'disabled' | 'other-event' | 'awaiting-screening' | 'bot' | 'account-too-young' | 'blocked' | 'no-channel';

/** What to do for one event: post, DM, give roles; or nothing, and why. */
export type GreetingPlan =
  | {
      readonly act: true;
      /** Where to post, or `null` when only the DM or roles remain (no channel, or blocked). */
      readonly channelId: Snowflake | null;
      readonly dm: boolean;
      readonly autoroleIds: readonly Snowflake[];
    }
  | { readonly act: false; readonly reason: SkipReason };

/**
 * Decides what a join, a passed screening or a leave leads to. Welcome settings act on `join`, or, with
 * `when: screening-passed`, on a join that is not pending or on the screening being passed, so each member
 * is welcomed once; goodbye settings act on `leave`. Every welcome effect (post, DM, roles) follows
 * `enabled`, the bot policy and the minimum account age; `blocked` stops only the post. Bots are never DMed.
 */
export function decideGreeting(settings: GreetingSettings, event: MemberEvent): GreetingPlan {
  if (!settings.enabled) return skip('disabled');
  if (settings.kind === 'goodbye' ? event.kind !== 'leave' : !welcomesOn(settings.when, event)) {
    const waiting = settings.kind === 'welcome' && event.kind === 'join' && event.pending === true;
    return skip(waiting ? 'awaiting-screening' : 'other-event');
  }
  if (event.bot && settings.bots === 'ignore') return skip('bot');
  const channelId = settings.blocked ? null : settings.channelId;
  if (settings.kind === 'goodbye') {
    return channelId === null ? skip(settings.blocked ? 'blocked' : 'no-channel') : act(channelId, false, []);
  }
  if (event.atMs - event.accountCreatedAtMs < settings.minAccountAgeDays * DAY_MS)
    return skip('account-too-young');
  const dm = settings.dm.enabled && !event.bot;
  if (channelId === null && !dm && settings.autoroleIds.length === 0) {
    return skip(settings.blocked ? 'blocked' : 'no-channel');
  }
  return act(channelId, dm, settings.autoroleIds);
}

function welcomesOn(when: 'join' | 'screening-passed', event: MemberEvent): boolean {
  if (when === 'join') return event.kind === 'join';
  return event.kind === 'screening-passed' || (event.kind === 'join' && event.pending !== true);
}

function act(channelId: Snowflake | null, dm: boolean, autoroleIds: readonly Snowflake[]): GreetingPlan {
  return { act: true, channelId, dm, autoroleIds };
}

function skip(reason: SkipReason): GreetingPlan {
  return { act: false, reason };
}
