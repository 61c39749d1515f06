import type { GuildRecord } from './population.js';

/** Guild member flags the simulator sets (Discord docs, resources/guild.mdx, "Guild Member Flags"). */
export const MemberFlags = {
  /** The member had left the guild before and has joined again. */
  DidRejoin: 1 << 0,
} as const;

/** What Discord knows of a member beyond the user: when they joined, screening, flags. */
export interface MemberState {
  /** ISO 8601 time of the join. */
  joinedAt: string;
  /** Not yet through the guild's membership screening. */
  pending: boolean;
  flags: number;
}

/**
 * How guild membership changed since seeding: who joined, who left, who rejoined, who is still pending
 * screening, and which roles were added. Seeded members are derived from indices and cost nothing; only
 * changes are stored here, per guild.
 */
export class Memberships {
  // Members beyond the seeded ones (joins), and seeded members who are gone (leaves), by guild index.
  readonly #joined = new Map<number, Set<string>>();
  readonly #gone = new Map<number, Set<string>>();
  // Everyone who ever left a guild: their next join is a rejoin.
  readonly #everLeft = new Map<number, Set<string>>();
  readonly #states = new Map<string, MemberState>();
  readonly #roles = new Map<string, string[]>();
  readonly #screening = new Set<number>();

  constructor(private readonly isSeeded: (guild: GuildRecord, userId: string) => boolean) {}

  isMember(guild: GuildRecord, userId: string): boolean {
    if (this.#joined.get(guild.index)?.has(userId)) return true;
    if (this.#gone.get(guild.index)?.has(userId)) return false;
    return this.isSeeded(guild, userId);
  }

  /** Members added minus members gone, to add to the seeded count. */
  countDelta(guild: GuildRecord): number {
    return (this.#joined.get(guild.index)?.size ?? 0) - (this.#gone.get(guild.index)?.size ?? 0);
  }

  /** A seeded member who has left (and not come back). */
  isGone(guild: GuildRecord, userId: string): boolean {
    return this.#gone.get(guild.index)?.has(userId) ?? false;
  }

  /**
   * A user joins. A current member stays as they are (Discord may send GUILD_MEMBER_ADD again for one, with
   * the same join); anyone else becomes a member now, pending if the guild screens members, flagged
   * DID_REJOIN if they had left it before.
   */
  join(guild: GuildRecord, userId: string, nowMs: number): MemberState {
    const existing = this.state(guild, userId);
    if (existing) return existing;
    if (this.isMember(guild, userId)) return { joinedAt: SEEDED_JOINED_AT, pending: false, flags: 0 };
    if (this.isSeeded(guild, userId)) this.#gone.get(guild.index)?.delete(userId);
    else setOf(this.#joined, guild.index).add(userId);
    const state: MemberState = {
      joinedAt: new Date(nowMs).toISOString(),
      pending: this.#screening.has(guild.index),
      flags: this.#everLeft.get(guild.index)?.has(userId) ? MemberFlags.DidRejoin : 0,
    };
    this.#states.set(key(guild, userId), state);
    return state;
  }

  /** A member leaves: gone with their roles and screening; false if they were not a member. */
  leave(guild: GuildRecord, userId: string): boolean {
    if (!this.isMember(guild, userId)) return false;
    if (!this.#joined.get(guild.index)?.delete(userId)) setOf(this.#gone, guild.index).add(userId);
    setOf(this.#everLeft, guild.index).add(userId);
    this.#states.delete(key(guild, userId));
    this.#roles.delete(key(guild, userId));
    return true;
  }

  /** What is known of a member who joined since seeding; undefined for seeded members and non-members. */
  state(guild: GuildRecord, userId: string): MemberState | undefined {
    return this.#states.get(key(guild, userId));
  }

  /** A pending member completes screening; false if they were not pending. */
  passScreening(guild: GuildRecord, userId: string): boolean {
    const state = this.#states.get(key(guild, userId));
    if (!state?.pending) return false;
    state.pending = false;
    return true;
  }

  screens(guild: GuildRecord): boolean {
    return this.#screening.has(guild.index);
  }

  setScreening(guild: GuildRecord, enabled: boolean): void {
    if (enabled) this.#screening.add(guild.index);
    else this.#screening.delete(guild.index);
  }

  roles(guild: GuildRecord, userId: string): readonly string[] {
    return this.#roles.get(key(guild, userId)) ?? [];
  }

  /** Adds a role; false when the member already had it. */
  addRole(guild: GuildRecord, userId: string, roleId: string): boolean {
    const roles = this.roles(guild, userId);
    if (roles.includes(roleId)) return false;
    this.#roles.set(key(guild, userId), [...roles, roleId]);
    return true;
  }

  reset(): void {
    this.#joined.clear();
    this.#gone.clear();
    this.#everLeft.clear();
    this.#states.clear();
    this.#roles.clear();
    this.#screening.clear();
  }
}

// Seeded members are derived, not stored, so they have no join date of their own to remember: all share this.
export const SEEDED_JOINED_AT = '2024-01-01T00:00:00.000Z';

const key = (guild: GuildRecord, userId: string): string => `${guild.id}:${userId}`;

function setOf(map: Map<number, Set<string>>, index: number): Set<string> {
  let set = map.get(index);
  if (!set) map.set(index, (set = new Set()));
  return set;
}
