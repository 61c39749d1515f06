import type { OptionsInput } from '@droas/discord-sim';
import { MIX_COMMANDS, type MixCommand, type MixEntry } from '../baselines/commandMix.js';
import type { RunOptions } from '../model.js';
import type { LoadDriver, Sent } from './loadDriver.js';
import type { Stack } from './stack.js';

export type EconomyCommand = MixCommand;

/** A command mix: weights need not sum to anything. */
export type Mix = readonly MixEntry[];

/** The mix of the economy scenarios: 60% /balance, 25% /pay, 10% /daily, 5% /leaderboard. */
export const ECONOMY_MIX: Mix = [
  { command: 'balance', weight: 60 },
  { command: 'pay', weight: 25 },
  { command: 'daily', weight: 10 },
  { command: 'leaderboard', weight: 5 },
];

/**
 * `--mix` as the runner takes it: `pay` (that command alone) or `balance=60,pay=25,...` (relative weights, the
 * commands left out get none). Throws a `RangeError` naming what is wrong.
 */
export function parseMix(text: string): MixEntry[] {
  const mix = text.split(',').map((part) => {
    const [name = '', weightText] = part.trim().split('=');
    const command = MIX_COMMANDS.find((c) => c === name.trim().replace(/^\//, ''));
    if (command === undefined) {
      throw new RangeError(`--mix: unknown command "${name}", expected one of ${MIX_COMMANDS.join(', ')}`);
    }
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!Number.isFinite(weight) || weight < 0 || weightText?.trim() === '') {
      throw new RangeError(`--mix: the weight of ${command} must be a number ≥ 0, got "${weightText}"`);
    }
    return { command, weight };
  });
  if (new Set(mix.map((m) => m.command)).size !== mix.length) {
    throw new RangeError('--mix: each command at most once');
  }
  if (!mix.some((m) => m.weight > 0)) throw new RangeError('--mix: at least one weight must be above 0');
  return mix;
}

export interface GuildMembers {
  guildId: string;
  userIds: string[];
}

/** What a scenario gets to drive the stack with. */
export interface ScenarioContext {
  options: RunOptions;
  stack: Stack;
  driver: LoadDriver;
  guilds: GuildMembers[];
  random: () => number;
  log: (line: string) => void;
  /** `users` virtual members, each sending a command and waiting for its answer, then thinking. */
  closedLoop(spec: { users: number; durationMs: number; thinkMs: [number, number]; mix: Mix }): Promise<void>;
  /** Commands at `ratePerSec` for `durationMs`, whatever the answers do (open loop). */
  openLoop(spec: {
    ratePerSec: number;
    durationMs: number;
    mix: Mix;
    pick?: () => CommandPick;
  }): Promise<Sent[]>;
  /** Progress for the terminal: what was offered so far, for the live line. */
  offered(n: number): void;
}

export interface CommandPick {
  guildId: string;
  userId: string;
  command: string;
  /** `{name: value}`, or an option tree (subcommands) as the simulator's control API takes it. */
  options?: OptionsInput;
  /** The member's permissions, a decimal bitfield (`'32'`: Manage Guild). */
  permissions?: string;
}

export interface Scenario {
  name: string;
  /** One line for `--help` and the report. */
  description: string;
  defaults: Omit<RunOptions, 'scenario' | 'external' | 'mix'>;
  /** Checked against summary.json; `--thresholds FILE` replaces them. */
  thresholds: readonly string[];
  /** Guilds seeded, and members per guild (at least users ÷ guilds). */
  population(options: RunOptions): { guilds: number; membersPerGuild: number };
  workerEnv?: Record<string, string>;
  /** Runs the measured phase; returns what only this scenario measures. */
  run(ctx: ScenarioContext): Promise<Record<string, unknown>>;
  /** Whether the raw-Postgres and monolith baselines are run after it. */
  baselines?: boolean;
  /**
   * Give the monolith baseline as long as DROAS's phase rather than the 20 s cap: for a scenario that ends on
   * its own once the system under test gives out (a ramp stops at its knee), a cap would report a lower bound.
   */
  baselineRunsFullLength?: boolean;
}

/** A member of `guilds` and a command from `mix`, with its options. */
export function pickCommand(guilds: readonly GuildMembers[], mix: Mix, random: () => number): CommandPick {
  const guild = guilds[Math.floor(random() * guilds.length)]!;
  const userId = guild.userIds[Math.floor(random() * guild.userIds.length)]!;
  const total = mix.reduce((s, m) => s + m.weight, 0);
  let roll = random() * total;
  let command: EconomyCommand = mix[0]!.command;
  for (const m of mix) {
    if ((roll -= m.weight) < 0) {
      command = m.command;
      break;
    }
  }
  if (command === 'pay') {
    const others = guild.userIds.filter((u) => u !== userId);
    const to = others[Math.floor(random() * others.length)] ?? userId;
    return { guildId: guild.guildId, userId, command, options: { user: to, amount: 1 } };
  }
  return { guildId: guild.guildId, userId, command };
}
