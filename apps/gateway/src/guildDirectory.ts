import type { GuildGlance } from '@droas/contracts';

/**
 * The name and member count of each guild this cluster's shards hold: learned from GUILD_CREATE and kept up
 * by the joins and leaves that pass through, so member events can carry them (`{server}`, `{memberCount}` in
 * welcome templates) without anyone asking Discord. discord.js's own caches are off in the gateway; this is
 * two fields per guild.
 */
export class GuildDirectory {
  readonly #guilds = new Map<string, { name: string; memberCount: number }>();

  get size(): number {
    return this.#guilds.size;
  }

  /** Reads a GUILD_CREATE's `d`; anything malformed is ignored (member events then go without the glance). */
  learn(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const { id, name, member_count: count, unavailable } = raw as Record<string, unknown>;
    if (typeof id !== 'string' || unavailable === true) return;
    if (typeof name !== 'string' || name.length === 0 || name.length > 100) return;
    const memberCount = typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : 0;
    this.#guilds.set(id, { name, memberCount });
  }

  /** A GUILD_DELETE: the guild is gone or unavailable. */
  forget(raw: unknown): void {
    if (typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string') {
      this.#guilds.delete((raw as { id: string }).id);
    }
  }

  /** The guild as last seen, unchanged: what an interaction carries. */
  glance(guildId: string): GuildGlance | undefined {
    const guild = this.#guilds.get(guildId);
    return guild === undefined ? undefined : { name: guild.name, memberCount: guild.memberCount };
  }

  memberJoined(guildId: string | undefined): GuildGlance | undefined {
    return this.#adjust(guildId, +1);
  }

  memberLeft(guildId: string | undefined): GuildGlance | undefined {
    return this.#adjust(guildId, -1);
  }

  #adjust(guildId: string | undefined, by: number): GuildGlance | undefined {
    const guild = guildId === undefined ? undefined : this.#guilds.get(guildId);
    if (guild === undefined) return undefined;
    guild.memberCount = Math.max(0, guild.memberCount + by);
    return { name: guild.name, memberCount: guild.memberCount };
  }
}
