import type { CheckedGreeting } from './validateGreeting.js';

/**
 * Whether a greeting pings its member: only `{user}` in the plain text does (mentions in embeds never ping,
 * and `allowedMentions` names nobody else).
 */
export function pingsMember(greeting: CheckedGreeting): boolean {
  return greeting.content?.tokens.some((t) => t.kind === 'placeholder' && t.placeholder.mention) ?? false;
}
