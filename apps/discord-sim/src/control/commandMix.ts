import type { OptionValue } from '../world/buildInteraction.js';

export interface WeightedCommand {
  command: string;
  /** Fixed options; `/pay`'s `user`/`amount` are filled in when absent and `randomOptions` is on. */
  options?: Record<string, OptionValue> | undefined;
  /** @defaultValue 1 */
  weight?: number | undefined;
}

/** A mixed economy workload: mostly reads, some daily claims and transfers. */
export const DEFAULT_COMMAND_MIX: WeightedCommand[] = [
  { command: 'balance', weight: 5 },
  { command: 'daily', weight: 2 },
  { command: 'pay', weight: 2 },
  { command: 'leaderboard', weight: 1 },
];

/** The command whose share of the total weight `r` (0–1) falls in. */
export function pickCommand(commands: WeightedCommand[], totalWeight: number, r: number): WeightedCommand {
  let point = r * totalWeight;
  for (const c of commands) {
    point -= c.weight ?? 1;
    if (point < 0) return c;
  }
  return commands[commands.length - 1] ?? { command: 'ping' };
}
