import type { AllowedMentions } from './messageInput.js';

export interface Pings {
  users: string[];
  roles: string[];
  everyone: boolean;
}

const USER_MENTION = /<@!?(\d{17,20})>/g;
const ROLE_MENTION = /<@&(\d{17,20})>/g;
const EVERYONE = /@(everyone|here)\b/;

/**
 * Who a message would actually notify: the mentions written in its content, filtered by `allowed_mentions`.
 * Without `allowed_mentions` Discord parses everything; with it, only the listed kinds and ids ping.
 */
export function resolveMentions(content: string, allowed: AllowedMentions | undefined): Pings {
  const users = unique(content.matchAll(USER_MENTION));
  const roles = unique(content.matchAll(ROLE_MENTION));
  const everyone = EVERYONE.test(content);
  if (allowed === undefined) return { users, roles, everyone };
  const parse = allowed.parse ?? [];
  return {
    users: parse.includes('users') ? users : users.filter((id) => allowed.users?.includes(id) ?? false),
    roles: parse.includes('roles') ? roles : roles.filter((id) => allowed.roles?.includes(id) ?? false),
    everyone: everyone && parse.includes('everyone'),
  };
}

function unique(matches: IterableIterator<RegExpMatchArray>): string[] {
  const ids = new Set<string>();
  for (const m of matches) if (m[1] !== undefined) ids.add(m[1]);
  return [...ids];
}
