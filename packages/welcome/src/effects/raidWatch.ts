import type { RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';

/**
 * Whether a guild is being raided: set for a while whenever its greetings had to be coalesced (more joins
 * than the channel's budget). While it holds, welcome DMs are shed (counted, recorded per member): a burst of
 * DMs would spend the bot's DM budget, which Discord watches closely, on accounts that are mostly bots.
 */
export class RaidWatch {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly ns: RedisNamespace,
    private readonly raidMs: number,
  ) {}

  async mark(guildId: string): Promise<void> {
    await this.redis.set(this.#key(guildId), '1', 'PX', this.raidMs).catch(() => undefined);
  }

  async active(guildId: string): Promise<boolean> {
    return (await this.redis.exists(this.#key(guildId)).catch(() => 0)) === 1;
  }

  #key(guildId: string): string {
    return this.ns.key('raid', guildId);
  }
}
