/** The economy commands a load-test mix draws from. */
export const MIX_COMMANDS = ['balance', 'pay', 'daily', 'leaderboard'] as const;
export type MixCommand = (typeof MIX_COMMANDS)[number];

/** One command of a mix and its share: weights are relative (60/25/10/5, or 12/5/2/1, say the same). */
export interface MixEntry {
  command: MixCommand;
  weight: number;
}

/** A guild and the members the load draws from (at least two, so a payment has someone to pay). */
export interface LoadGuild {
  guildId: string;
  memberIds: string[];
}

/**
 * A picker of commands in proportion to their weights, from `random` (uniform in [0, 1)). Throws a
 * `RangeError` for an empty mix, a negative or non-finite weight, or weights that sum to zero.
 */
export function weightedCommandPicker(mix: readonly MixEntry[], random: () => number): () => MixCommand {
  let total = 0;
  for (const { command, weight } of mix) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`mix weight of ${command} must be a finite number ≥ 0, got ${weight}`);
    }
    total += weight;
  }
  if (total <= 0) throw new RangeError('the command mix must have at least one positive weight');
  const entries = mix.filter((e) => e.weight > 0);
  return () => {
    let r = random() * total;
    for (const e of entries) {
      r -= e.weight;
      if (r < 0) return e.command;
    }
    // Floating-point leftovers land on the last command with weight.
    return entries[entries.length - 1]!.command;
  };
}

/**
 * A picker of (guild, member) pairs, uniform over every member of every guild (so a guild's share of the
 * load is its share of the members), and of a second, different member of the same guild for `/pay`.
 * Throws a `RangeError` when a guild has fewer than two members.
 */
export function memberPicker(
  guilds: readonly LoadGuild[],
  random: () => number,
): () => { guildId: string; userId: string; otherUserId: string } {
  if (guilds.length === 0) throw new RangeError('at least one guild is needed');
  const ends: number[] = [];
  let total = 0;
  for (const g of guilds) {
    if (new Set(g.memberIds).size < 2) {
      throw new RangeError(
        `guild ${g.guildId} needs at least two distinct members, got ${g.memberIds.length}`,
      );
    }
    total += g.memberIds.length;
    ends.push(total);
  }
  return () => {
    const n = Math.floor(random() * total);
    const index = ends.findIndex((end) => n < end);
    const guild = guilds[index]!;
    const members = guild.memberIds;
    const a = n - (ends[index]! - members.length);
    // Another member: offset by 1..length-1, so never the same index.
    let b = (a + 1 + Math.floor(random() * (members.length - 1))) % members.length;
    // Duplicate ids in the list: walk on to a different one (there is one, checked above).
    while (members[b] === members[a]) b = (b + 1) % members.length;
    return { guildId: guild.guildId, userId: members[a]!, otherUserId: members[b]! };
  };
}
