import { assertSnowflake, type Snowflake } from '@droas/contracts';
import { escapeUserText } from '../text/escapeUserText.js';
import { formatCount } from '../text/formatCount.js';
import { DISCORD_LIMITS } from './discordLimits.js';
import type { GreetingKind, GreetingOutput } from './greetingMessage.js';

/** A member in a burst of joins or leaves. */
export interface CoalescedMember {
  readonly id: Snowflake;
  readonly username: string;
  readonly globalName?: string;
}

/** One message for a burst, and the members it names (the only ones a welcome may ping). */
export interface CoalescedGreeting extends GreetingOutput {
  readonly namedIds: readonly Snowflake[];
}

/**
 * One message for many joins (a raid) or leaves, instead of one each: "👋 Welcome <@a>, <@b> and 37 others
 * to **Server**!", or "👋 **alice**, **bob** and 37 others left **Server**." It names as many members as fit
 * in 2,000 characters, at most 100 (Discord's cap on pinged users), and counts the rest. A welcome pings the
 * named members; a goodbye shows names and pings nobody (they left). Members repeated in the list count once.
 */
export function buildCoalescedGreeting(
  members: readonly CoalescedMember[],
  context: { readonly kind: GreetingKind; readonly guildName: string },
): CoalescedGreeting {
  const seen = new Set<Snowflake>();
  // The first occurrence of a member counts; later ones (a rejoin within the burst) are dropped.
  const unique = members.filter((m) => !seen.has(m.id) && seen.add(m.id));
  if (unique.length === 0) throw new RangeError('buildCoalescedGreeting needs at least one member');
  for (const m of unique) assertSnowflake(m.id, 'member id');
  const server = escapeUserText(context.guildName, 100);
  const label = context.kind === 'welcome' ? (m: CoalescedMember) => `<@${m.id}>` : nameOf;
  const write = (named: readonly string[]) => {
    const list = joinList(named, unique.length - named.length);
    return context.kind === 'welcome'
      ? `👋 Welcome ${list} to **${server}**!`
      : `👋 ${list} left **${server}**.`;
  };

  const labels = unique.slice(0, DISCORD_LIMITS.mentionedUsers).map(label);
  // Longest first: the first that fits names the most. Naming one member always fits (its parts are capped).
  let count = labels.length;
  while (count > 1 && write(labels.slice(0, count)).length > DISCORD_LIMITS.contentChars) count -= 1;
  const namedIds = unique.slice(0, count).map((m) => m.id);
  return {
    content: write(labels.slice(0, count)),
    embeds: [],
    allowedMentions: { parse: [], users: context.kind === 'welcome' ? namedIds : [] },
    namedIds,
  };
}

function nameOf(member: CoalescedMember): string {
  const global = member.globalName?.trim();
  return `**${escapeUserText(global !== undefined && global !== '' ? global : member.username, 32)}**`;
}

// "a", "a and b", "a, b and c", "a, b and 3 others".
function joinList(named: readonly string[], others: number): string {
  if (others > 0) {
    return `${named.join(', ')} and ${formatCount(others)} ${others === 1 ? 'other' : 'others'}`;
  }
  if (named.length === 1) return named[0] ?? '';
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1) ?? ''}`;
}
