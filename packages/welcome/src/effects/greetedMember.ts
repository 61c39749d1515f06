import type { GuildGlance, MemberUser } from '@droas/contracts';
import type { CoalescedMember } from '../message/buildCoalescedGreeting.js';
import type { TemplateContext } from '../templates/templateContext.js';

/**
 * What a greeting needs of its member, kept on the delivery row, so a greeting sent later (a batch during a
 * raid, a flush after a restart) renders exactly as it would have at once.
 */
export interface StoredMember {
  readonly username: string;
  readonly globalName?: string;
  readonly avatar?: string;
  readonly guildName?: string;
  readonly memberCount?: number;
}

export function storedMember(user: MemberUser, guild: GuildGlance | undefined): StoredMember {
  return {
    username: user.username,
    ...(user.globalName !== undefined && { globalName: user.globalName }),
    ...(user.avatar !== undefined && { avatar: user.avatar }),
    ...(guild !== undefined && { guildName: guild.name, memberCount: guild.memberCount }),
  };
}

/** Discord's CDN address of a user's avatar. */
export function avatarUrl(userId: string, hash: string): string {
  return `https://cdn.discordapp.com/avatars/${userId}/${hash}.${hash.startsWith('a_') ? 'gif' : 'png'}`;
}

/** The template context of a stored member. A guild whose name the gateway did not know is "this server". */
export function contextOf(
  guildId: string,
  userId: string,
  member: StoredMember,
  nowMs: number,
): TemplateContext {
  return {
    member: {
      id: userId,
      username: member.username,
      ...(member.globalName !== undefined && { globalName: member.globalName }),
      ...(member.avatar !== undefined && { avatarUrl: avatarUrl(userId, member.avatar) }),
    },
    guild: { id: guildId, name: member.guildName ?? 'this server', memberCount: member.memberCount ?? 0 },
    nowMs,
  };
}

export function coalescedOf(userId: string, member: StoredMember): CoalescedMember {
  return {
    id: userId,
    username: member.username,
    ...(member.globalName !== undefined && { globalName: member.globalName }),
  };
}
