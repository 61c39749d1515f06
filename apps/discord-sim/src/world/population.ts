import type { Clock } from './clock.js';
import { Memberships, type MemberState } from './memberships.js';
import { IdKind, composeId, decodeId, shardOf } from './snowflake.js';

// Seeded ids are derived from an index and a fixed base time, so any id can be decoded back into the entity it
// names: 10,000 guilds cost 10,000 small records, and a million users cost nothing until one is asked for.
const GUILD_BASE_MS = Date.UTC(2020, 0, 1);
const USER_BASE_MS = Date.UTC(2018, 0, 1);
const BOT_CREATED_MS = Date.UTC(2019, 0, 1);

export type ChannelAccess = 'ok' | 'missingAccess' | 'missingPermissions';

export interface SeedOptions {
  /** Guilds to add. */
  count: number;
  /** @defaultValue 20 */
  membersPerGuild?: number;
  /** Text channels per guild (max 4096). The first is `general`, the second `welcome`. @defaultValue 3 */
  channelsPerGuild?: number;
  /** Roles besides `@everyone`; the last one sits above the bot (assigning it gives 50013). @defaultValue 3 */
  rolesPerGuild?: number;
  /** Size of the user pool members are drawn from. @defaultValue enough for distinct members */
  users?: number;
}

export interface GuildRecord {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  /** Offset into the user pool of the guild's first member; members are the next `memberCount` users. */
  readonly memberBase: number;
  readonly memberCount: number;
  readonly pool: number;
  readonly channelCount: number;
  readonly roleCount: number;
}

export interface UserObject {
  id: string;
  username: string;
  discriminator: '0';
  global_name: string | null;
  avatar: null;
  bot?: boolean;
}

/** Guilds, channels, roles and users of the simulated Discord. */
export class Population {
  readonly botUserId = composeId(BOT_CREATED_MS, IdKind.bot, 0);
  readonly #guilds: GuildRecord[] = [];
  #seededUsers = 0;
  readonly #freshUsers = new Set<string>();
  readonly #profiles = new Map<string, { username?: string; globalName?: string }>();
  /** Joins, leaves, screening and roles since seeding. */
  readonly memberships = new Memberships((guild, userId) => this.#isSeededMember(guild, userId));
  readonly #channelAccess = new Map<string, ChannelAccess>();
  readonly #dmRefusals = new Map<string, boolean>();
  #shardIndex = new Map<number, string[][]>();
  #freshCounter = 0;

  constructor(
    private readonly clock: Clock,
    /** Share of seeded users who refuse DMs (50007), 0–100. */
    private readonly dmRefusalPercent = 0,
  ) {}

  reset(): void {
    this.#guilds.length = 0;
    this.#seededUsers = 0;
    this.#freshUsers.clear();
    this.#profiles.clear();
    this.memberships.reset();
    this.#channelAccess.clear();
    this.#dmRefusals.clear();
    this.#shardIndex = new Map();
  }

  seed(options: SeedOptions): GuildRecord[] {
    const members = options.membersPerGuild ?? 20;
    const channels = Math.min(Math.max(options.channelsPerGuild ?? 3, 1), 4096);
    const roles = Math.min(Math.max(options.rolesPerGuild ?? 3, 0), 4095);
    const first = this.#guilds.length;
    const pool = Math.max(this.#seededUsers, options.users ?? (first + options.count) * members, members, 1);
    this.#seededUsers = pool;
    const added: GuildRecord[] = [];
    for (let i = first; i < first + options.count; i += 1) {
      const record: GuildRecord = {
        index: i,
        id: composeId(GUILD_BASE_MS + i, IdKind.guild, 0),
        name: `Guild ${i}`,
        memberBase: (i * members) % pool,
        memberCount: Math.min(members, pool),
        pool,
        channelCount: channels,
        roleCount: roles,
      };
      this.#guilds.push(record);
      added.push(record);
    }
    this.#shardIndex = new Map();
    return added;
  }

  get guildCount(): number {
    return this.#guilds.length;
  }

  get userCount(): number {
    return this.#seededUsers + this.#freshUsers.size;
  }

  guilds(): readonly GuildRecord[] {
    return this.#guilds;
  }

  guild(id: string): GuildRecord | undefined {
    const decoded = decodeId(id);
    if (decoded?.kind !== IdKind.guild || decoded.increment !== 0) return undefined;
    return this.#guilds[decoded.timestampMs - GUILD_BASE_MS];
  }

  /** Ids of the guilds a shard holds, computed once per shard count. */
  guildIdsOfShard(shardId: number, shardCount: number): readonly string[] {
    let index = this.#shardIndex.get(shardCount);
    if (!index) {
      index = Array.from({ length: shardCount }, () => []);
      for (const g of this.#guilds) index[shardOf(g.id, shardCount)]!.push(g.id);
      this.#shardIndex.set(shardCount, index);
    }
    return index[shardId] ?? [];
  }

  channelIds(guild: GuildRecord): string[] {
    return Array.from({ length: guild.channelCount }, (_, k) => this.channelId(guild, k));
  }

  channelId(guild: GuildRecord, k: number): string {
    return composeId(GUILD_BASE_MS + guild.index, IdKind.channel, k);
  }

  /** The guild channel an id names, if it exists. */
  channel(id: string): { guild: GuildRecord; index: number } | undefined {
    const decoded = decodeId(id);
    if (decoded?.kind !== IdKind.channel) return undefined;
    const guild = this.#guilds[decoded.timestampMs - GUILD_BASE_MS];
    if (!guild || decoded.increment >= guild.channelCount) return undefined;
    return { guild, index: decoded.increment };
  }

  channelName(index: number): string {
    return index === 0 ? 'general' : index === 1 ? 'welcome' : `chat-${index}`;
  }

  channelAccess(id: string): ChannelAccess {
    return this.#channelAccess.get(id) ?? 'ok';
  }

  setChannelAccess(id: string, access: ChannelAccess): void {
    this.#channelAccess.set(id, access);
  }

  roleIds(guild: GuildRecord): string[] {
    return Array.from({ length: guild.roleCount }, (_, k) => this.roleId(guild, k + 1));
  }

  roleId(guild: GuildRecord, k: number): string {
    return k === 0 ? guild.id : composeId(GUILD_BASE_MS + guild.index, IdKind.role, k);
  }

  /** The role an id names within a guild: its position, and whether it sits above the bot's own role. */
  role(guild: GuildRecord, id: string): { position: number; aboveBot: boolean } | undefined {
    if (id === guild.id) return { position: 0, aboveBot: false };
    const decoded = decodeId(id);
    if (decoded?.kind !== IdKind.role || decoded.timestampMs - GUILD_BASE_MS !== guild.index)
      return undefined;
    if (decoded.increment < 1 || decoded.increment > guild.roleCount) return undefined;
    return {
      position: decoded.increment,
      aboveBot: guild.roleCount >= 2 && decoded.increment === guild.roleCount,
    };
  }

  userId(index: number): string {
    return composeId(USER_BASE_MS + Math.floor(index / 4096), IdKind.user, index % 4096);
  }

  /**
   * A user who did not exist before: a fresh account, created now (raids are made of these). `profile`
   * names them, e.g. a hostile display name; Discord allows almost any text in `global_name`.
   */
  createUser(profile?: { username?: string; globalName?: string }): string {
    this.#freshCounter += 1;
    const id = composeId(this.clock.now(), IdKind.user, this.#freshCounter);
    this.#freshUsers.add(id);
    if (profile !== undefined) this.#profiles.set(id, profile);
    return id;
  }

  /** Index of a seeded user, -1 for a fresh one, undefined for no user at all. */
  #userIndex(id: string): number | undefined {
    if (this.#freshUsers.has(id)) return -1;
    const decoded = decodeId(id);
    if (decoded?.kind !== IdKind.user) return undefined;
    const index = (decoded.timestampMs - USER_BASE_MS) * 4096 + decoded.increment;
    return index >= 0 && index < this.#seededUsers ? index : undefined;
  }

  user(id: string): UserObject | undefined {
    if (id === this.botUserId) return this.botUser();
    const index = this.#userIndex(id);
    if (index === undefined) return undefined;
    const profile = this.#profiles.get(id);
    const username = profile?.username ?? (index >= 0 ? `user${index}` : `newcomer${id.slice(-5)}`);
    const globalName = profile?.globalName ?? username;
    return { id, username, discriminator: '0', global_name: globalName, avatar: null };
  }

  botUser(): UserObject {
    return {
      id: this.botUserId,
      username: 'simbot',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
    };
  }

  refusesDms(userId: string): boolean {
    const override = this.#dmRefusals.get(userId);
    if (override !== undefined) return override;
    const index = this.#userIndex(userId);
    if (index === undefined || index < 0 || this.dmRefusalPercent <= 0) return false;
    return Math.imul(index + 1, 2654435761) >>> 0 < (this.dmRefusalPercent / 100) * 0x1_0000_0000;
  }

  setRefusesDms(userId: string, refuses: boolean): void {
    this.#dmRefusals.set(userId, refuses);
  }

  /** The DM channel with a user has an id derived from the user's, so it needs no storage. */
  dmChannelId(userId: string): string {
    const decoded = decodeId(userId);
    if (!decoded) throw new RangeError(`not a snowflake: ${userId}`);
    return composeId(decoded.timestampMs, IdKind.dmChannel, decoded.increment);
  }

  dmRecipient(channelId: string): string | undefined {
    const decoded = decodeId(channelId);
    if (decoded?.kind !== IdKind.dmChannel) return undefined;
    const userId = composeId(decoded.timestampMs, IdKind.user, decoded.increment);
    return this.user(userId) ? userId : undefined;
  }

  isMember(guild: GuildRecord, userId: string): boolean {
    return userId === this.botUserId || this.memberships.isMember(guild, userId);
  }

  memberCount(guild: GuildRecord): number {
    return guild.memberCount + this.memberships.countDelta(guild);
  }

  /**
   * Seeded members by position, without building the member list. Positions are fixed at seeding: seeded
   * members who left are skipped, so a page can come back short.
   */
  memberIds(guild: GuildRecord, offset: number, limit: number): string[] {
    const ids: string[] = [];
    for (let k = offset; k < Math.min(guild.memberCount, offset + limit); k += 1) {
      const id = this.userId((guild.memberBase + k) % guild.pool);
      if (!this.memberships.isGone(guild, id)) ids.push(id);
    }
    return ids;
  }

  /** A user joins now (see {@link Memberships.join}). */
  addMember(guild: GuildRecord, userId: string): MemberState {
    return this.memberships.join(guild, userId, this.clock.now());
  }

  memberRoles(guild: GuildRecord, userId: string): readonly string[] {
    return this.memberships.roles(guild, userId);
  }

  /** Adds a role to a member; false when they already had it. */
  addMemberRole(guild: GuildRecord, userId: string, roleId: string): boolean {
    return this.memberships.addRole(guild, userId, roleId);
  }

  #isSeededMember(guild: GuildRecord, userId: string): boolean {
    const index = this.#userIndex(userId);
    if (index === undefined || index < 0 || index >= guild.pool) return false;
    return (index - guild.memberBase + guild.pool) % guild.pool < guild.memberCount;
  }
}
