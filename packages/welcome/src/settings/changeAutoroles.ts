import type { Snowflake } from '@droas/contracts';
import { accepted, rejected, type OptionResult } from '../options/optionResult.js';
import { GREETING_LIMITS } from './greetingSettings.js';

/**
 * Adds or removes an autorole. Adding one already given, or removing one not given, changes nothing and is
 * accepted (a retried command answers the same). What only Discord knows (a role managed by an integration,
 * or above the bot's highest role) is found by the effects layer when it assigns.
 */
export function changeAutoroles(
  roleIds: readonly Snowflake[],
  change: { readonly action: 'autorole-add' | 'autorole-remove'; readonly roleId: Snowflake },
  guildId: Snowflake,
): OptionResult<{ roleIds: readonly Snowflake[]; confirmation: string }> {
  const role = `<@&${change.roleId}>`;
  const has = roleIds.includes(change.roleId);
  if (change.action === 'autorole-remove') {
    const rest = roleIds.filter((id) => id !== change.roleId);
    return accepted({
      roleIds: rest,
      confirmation: has ? `New members no longer get ${role}.` : `${role} was not given to new members.`,
    });
  }
  // The @everyone role has the guild's id; every member has it, and nobody can assign it.
  if (change.roleId === guildId) return rejected('`role` cannot be @everyone: every member has it already.');
  if (has) return accepted({ roleIds, confirmation: `New members already get ${role}.` });
  if (roleIds.length >= GREETING_LIMITS.autoroles) {
    const now = roleIds.map((id) => `<@&${id}>`).join(', ');
    return rejected(
      `\`role\`: new members get at most ${GREETING_LIMITS.autoroles} roles, and they get ${now}. Remove one first with \`/welcome autorole remove\`.`,
    );
  }
  const next = [...roleIds, change.roleId];
  return accepted({
    roleIds: next,
    confirmation: `New members get ${role} (${next.length} of ${GREETING_LIMITS.autoroles} roles). I need Manage Roles, and my highest role must be above it.`,
  });
}
