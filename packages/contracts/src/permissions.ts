/** Discord permission bits DROAS checks. */
export const PERMISSION = {
  Administrator: 1n << 3n,
  ManageGuild: 1n << 5n,
} as const;

/**
 * Whether a member may administer the bot in a guild (the economy, welcome messages): Manage Server (0x20) or Administrator, which implies every
 * permission. `memberPermissions` is the interaction's decimal bitfield; anything unparsable grants nothing.
 * Checked on every admin use even though the command declares `default_member_permissions`, because a
 * server can override that default for any role or member.
 */
export function hasManageGuild(memberPermissions: string): boolean {
  if (!/^\d{1,20}$/.test(memberPermissions)) return false;
  const bits = BigInt(memberPermissions);
  return (bits & (PERMISSION.ManageGuild | PERMISSION.Administrator)) !== 0n;
}
