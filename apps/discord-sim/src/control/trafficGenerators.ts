import type { OptionValue } from '../world/buildInteraction.js';
import type { GuildRecord } from '../world/population.js';
import type { SimState } from '../world/simState.js';
import { DEFAULT_COMMAND_MIX, pickCommand, type WeightedCommand } from './commandMix.js';

export interface GeneratorSpec {
  /** `interactions`: commands across guilds; `joins`: new accounts joining random guilds; `raid`: joins on one guild. */
  kind: 'interactions' | 'joins' | 'raid';
  /** Events per second at the start. */
  ratePerSec: number;
  /** Events per second at the end, for a linear ramp. @defaultValue ratePerSec (steady) */
  toRatePerSec?: number;
  /** @defaultValue 10000 */
  durationMs?: number;
  /** Stop after this many events. */
  count?: number;
  /** Restrict to one guild (required for `raid`). */
  guildId?: string;
  /** The command mix for `interactions`. @defaultValue DEFAULT_COMMAND_MIX */
  commands?: WeightedCommand[];
  /** PRNG seed, for reproducible traffic. */
  seed?: number;
  /**
   * `joins` and `raid`: each joining account is new and named `join <n>` (its `global_name`), n counting every
   * numbered join since the simulator started, across generators. A guild's joins are numbered in the order
   * they were sent, so whoever receives them can check they kept it.
   */
  numbered?: boolean;
}

export interface GeneratorStatus {
  id: string;
  spec: GeneratorSpec;
  running: boolean;
  emitted: number;
  errors: number;
  startedAt: number;
  stoppedAt: number | null;
}

const TICK_MS = 10;
// Per tick, so a stalled event loop does not come back to a burst of millions.
const MAX_PER_TICK = 5000;

interface Running {
  status: GeneratorStatus;
  random: () => number;
  guild: GuildRecord | undefined;
  totalWeight: number;
}

/** Steady, ramped, mixed and raid traffic, emitted from inside the simulator on a 10 ms tick. */
export class TrafficGenerators {
  readonly #all = new Map<string, Running>();
  #nextId = 1;
  #numberedJoins = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly state: SimState) {}

  start(spec: GeneratorSpec): GeneratorStatus {
    const guild = spec.guildId === undefined ? undefined : this.state.population.guild(spec.guildId);
    if (spec.guildId !== undefined && !guild) throw new RangeError(`unknown guild ${spec.guildId}`);
    if (spec.kind === 'raid' && !guild) throw new RangeError('a raid needs a guildId');
    if (!guild && this.state.population.guildCount === 0) throw new RangeError('seed guilds first');
    const commands = spec.commands ?? DEFAULT_COMMAND_MIX;
    const status: GeneratorStatus = {
      id: String(this.#nextId++),
      spec,
      running: true,
      emitted: 0,
      errors: 0,
      startedAt: Date.now(),
      stoppedAt: null,
    };
    this.#all.set(status.id, {
      status,
      random: mulberry32(spec.seed ?? Math.floor(Math.random() * 2 ** 31)),
      guild,
      totalWeight: commands.reduce((sum, c) => sum + (c.weight ?? 1), 0),
    });
    this.#timer ??= setInterval(() => this.#tick(), TICK_MS).unref();
    return status;
  }

  get(id: string): GeneratorStatus | undefined {
    return this.#all.get(id)?.status;
  }

  list(): GeneratorStatus[] {
    return [...this.#all.values()].map((r) => r.status);
  }

  stop(id: string): GeneratorStatus | undefined {
    const running = this.#all.get(id);
    if (running) this.#finish(running);
    return running?.status;
  }

  stopAll(): void {
    for (const running of this.#all.values()) this.#finish(running);
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  reset(): void {
    this.stopAll();
    this.#all.clear();
    this.#numberedJoins = 0;
  }

  #tick(): void {
    const now = Date.now();
    let active = 0;
    for (const running of this.#all.values()) {
      const { status } = running;
      if (!status.running) continue;
      const { spec } = status;
      const durationMs = spec.durationMs ?? 10_000;
      const elapsed = Math.min(now - status.startedAt, durationMs);
      let due = Math.floor(expected(spec, elapsed, durationMs)) - status.emitted;
      if (spec.count !== undefined) due = Math.min(due, spec.count - status.emitted);
      for (let i = 0; i < Math.min(due, MAX_PER_TICK); i += 1) this.#emit(running);
      if (elapsed >= durationMs || (spec.count !== undefined && status.emitted >= spec.count))
        this.#finish(running);
      else active += 1;
    }
    if (active === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  #emit(running: Running): void {
    const { status, random } = running;
    status.emitted += 1;
    const { population } = this.state;
    const guilds = population.guilds();
    const guild = running.guild ?? guilds[Math.floor(random() * guilds.length)];
    if (!guild) return;
    try {
      if (status.spec.kind !== 'interactions') {
        const userId =
          status.spec.numbered === true
            ? population.createUser({ globalName: `join ${++this.#numberedJoins}` })
            : undefined;
        this.state.memberJoin(guild.id, userId);
        return;
      }
      const pick = pickCommand(status.spec.commands ?? DEFAULT_COMMAND_MIX, running.totalWeight, random());
      const member = (): string =>
        population.memberIds(guild, Math.floor(random() * guild.memberCount), 1)[0] ?? population.botUserId;
      const options: Record<string, OptionValue> = { ...pick.options };
      if (pick.command === 'pay' && pick.options === undefined) {
        options.user = member();
        options.amount = 1 + Math.floor(random() * 100);
      }
      this.state.dispatchInteraction({ guildId: guild.id, userId: member(), command: pick.command, options });
    } catch {
      status.errors += 1;
    }
  }

  #finish(running: Running): void {
    if (!running.status.running) return;
    running.status.running = false;
    running.status.stoppedAt = Date.now();
  }
}

/** Events due after `elapsed` ms: the integral of a linear rate. */
function expected(spec: GeneratorSpec, elapsedMs: number, durationMs: number): number {
  const r0 = spec.ratePerSec;
  const r1 = spec.toRatePerSec ?? r0;
  const t = elapsedMs / 1000;
  const d = durationMs / 1000;
  return r0 * t + ((r1 - r0) * t * t) / (2 * d);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
