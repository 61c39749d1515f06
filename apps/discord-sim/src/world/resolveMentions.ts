import type { AllowedMentions } from './messageInput.js';
import type { Population } from './population.js';

export interface Pings {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/**
 * What pings when a body has no `allowed_mentions` (docs `resources/message.mdx`, "Default Settings for Allowed
 * Mentions"): everything in a regular channel message, only users in interaction responses and webhook
 * messages (follow-ups and edits included).
 */
export type MentionDefaults = 'everything' | 'usersOnly';

/** Where a message is posted, which decides who its mentions can reach. */
export interface MentionScope {
  defaults: MentionDefaults;
  /** A mentioned user is notified only if they can see the channel: a member of its guild, or the DM's recipient. */
  canSee(userId: string): boolean;
  /** A role mention pings only a role of the message's guild (the simulator's roles are all mentionable). */
  isRole(roleId: string): boolean;
  /** @everyone and @here ping only in a guild. */
  inGuild: boolean;
}

const USER_MENTION = /<@!?(\d{17,20})>/g;
const ROLE_MENTION = /<@&(\d{17,20})>/g;
const EVERYONE = /@(everyone|here)\b/;

/**
 * Who a message would actually notify: the mentions written in its content (an id only in `allowed_mentions`
 * pings nobody), filtered by `allowed_mentions` or, without it, by the scope's defaults, and limited to those
 * who can be reached there. `parse` lets a whole kind ping; `users`/`roles` let listed ids ping (an empty list:
 * none of that kind).
 */
export function resolveMentions(
  content: string,
  allowed: AllowedMentions | undefined,
  scope: MentionScope,
): Pings {
  const users = unique(content.matchAll(USER_MENTION)).filter((id) => scope.canSee(id));
  const roles = unique(content.matchAll(ROLE_MENTION)).filter((id) => scope.isRole(id));
  const everyone = scope.inGuild && EVERYONE.test(content);
  const rules = allowed ?? DEFAULTS[scope.defaults];
  const parse = rules.parse ?? [];
  return {
    users: parse.includes('users') ? users : users.filter((id) => rules.users?.includes(id) ?? false),
    roles: parse.includes('roles') ? roles : roles.filter((id) => rules.roles?.includes(id) ?? false),
    everyone: everyone && parse.includes('everyone'),
  };
}

const DEFAULTS: Record<MentionDefaults, AllowedMentions> = {
  everything: { parse: ['users', 'roles', 'everyone'] },
  usersOnly: { parse: ['users'] },
};

/** The scope of a message in `channelId`: a guild channel's members and roles, or a DM's recipient. */
export function mentionScopeOf(
  population: Population,
  channelId: string,
  defaults: MentionDefaults,
): MentionScope {
  const channel = population.channel(channelId);
  if (channel) {
    const { guild } = channel;
    return {
      defaults,
      canSee: (userId) => population.isMember(guild, userId),
      isRole: (roleId) => roleId !== guild.id && population.role(guild, roleId) !== undefined,
      inGuild: true,
    };
  }
  const recipient = population.dmRecipient(channelId);
  return { defaults, canSee: (userId) => userId === recipient, isRole: () => false, inGuild: false };
}

function unique(matches: IterableIterator<RegExpMatchArray>): string[] {
  const ids = new Set<string>();
  for (const m of matches) if (m[1] !== undefined) ids.add(m[1]);
  return [...ids];
}
