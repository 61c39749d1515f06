import { randomBytes } from 'node:crypto';
import { Database, readEconomySettings, type EconomySettings } from '@droas/db';
import { seededRandom } from '@droas/testkit';
import type { Percentiles } from '../model.js';
import { percentiles } from '../stats.js';
import {
  memberPicker,
  weightedCommandPicker,
  type LoadGuild,
  type MixCommand,
  type MixEntry,
} from './commandMix.js';
import { RAW_OPERATIONS, type RawOperationContext } from './rawEconomyOperations.js';

export interface RawPostgresOptions {
  databaseUrl: string;
  /** Guilds and members to draw from; seed their accounts first ({@link seedEconomy}). */
  guilds: LoadGuild[];
  mix: MixEntry[];
  /** Operations in flight at every moment: a closed loop, each lane starting its next at once. */
  concurrency: number;
  durationMs: number;
  /** Seeds the draws of commands and members, so two runs send the same sequence. @defaultValue 1 */
  seed?: number;
  /**
   * Connections in this process's pool. @defaultValue `concurrency` (one per lane; a `/leaderboard`, which
   * runs two reads at once, may wait for a second)
   */
  poolSize?: number;
  /** Rows per leaderboard page, as the economy's `pageSize`. @defaultValue 10 */
  pageSize?: number;
}

export const DefaultRawPostgresOptions = {
  seed: 1,
  pageSize: 10,
} as const satisfies Partial<RawPostgresOptions>;

export interface RawPostgresResult {
  /** Operations that completed (refusals such as a `/daily` in cooldown included: they are answers). */
  operations: number;
  /** Operations that threw; their times are not in the latencies. */
  errors: number;
  /** Completed operations per second of the measured time. */
  throughputPerSec: number;
  /** Call to result, from this process, every command together. */
  latencyMs: Percentiles;
  byCommand: Record<string, { operations: number; latencyMs: Percentiles }>;
  /**
   * This process's CPU time (user + system, from `process.cpuUsage()`) over the run ÷ completed operations:
   * what the client side of the SQL costs (postgres.js encoding and parsing, the loop). Postgres's own CPU is
   * not in it; sample the server's process for that.
   */
  cpuMsPerOperation: number;
}

/**
 * The raw Postgres limit: the same SQL the economy's commands run (see {@link RAW_OPERATIONS}), driven
 * straight at Postgres from this process, `concurrency` operations in flight with no think time, for
 * `durationMs`. Commands follow `mix`; members are drawn uniformly over every guild's members. No Discord, no
 * queue, no Redis: the most the database allows this command mix on this machine.
 */
export async function runRawPostgres(options: RawPostgresOptions): Promise<RawPostgresResult> {
  const o = { ...DefaultRawPostgresOptions, ...options };
  if (!Number.isSafeInteger(o.concurrency) || o.concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${o.concurrency}`);
  }
  if (!Number.isFinite(o.durationMs) || o.durationMs <= 0) {
    throw new RangeError(`durationMs must be positive, got ${o.durationMs}`);
  }
  const random = seededRandom(o.seed);
  const pickCommand = weightedCommandPicker(o.mix, random);
  const pickMembers = memberPicker(o.guilds, random);
  const poolSize = o.poolSize ?? o.concurrency;
  const db = new Database({
    url: o.databaseUrl,
    maxConnections: poolSize,
    applicationName: 'droas-loadtest-raw',
  });
  try {
    const settings = new Map<string, EconomySettings>();
    for (const g of o.guilds) settings.set(g.guildId, await readEconomySettings(db, g.guildId));
    // Keys unique to this run, so runs against the same database never replay each other's operations.
    const run = `raw-${randomBytes(4).toString('hex')}`;
    let keys = 0;
    const ctx: RawOperationContext = {
      db,
      settingsOf: (guildId) => settings.get(guildId)!,
      nextKey: () => `${run}-${keys++}`,
      pageSize: o.pageSize,
      now: Date.now,
    };
    // Connections open before the clock starts: the first operations should not pay for the handshakes.
    await Promise.all(Array.from({ length: poolSize }, () => db.ping()));

    // Every command of the mix is in the result, with count 0 if the run never drew it.
    const latencies = new Map<MixCommand, number[]>(
      o.mix.filter((e) => e.weight > 0).map((e) => [e.command, []]),
    );
    let errors = 0;
    let firstError: unknown;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const endAt = started + o.durationMs;
    const lane = async (): Promise<void> => {
      while (performance.now() < endAt) {
        const command = pickCommand();
        const invocation = pickMembers();
        const t0 = performance.now();
        try {
          await RAW_OPERATIONS[command](ctx, invocation);
        } catch (error) {
          errors++;
          firstError ??= error;
          continue;
        }
        latencies.get(command)!.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, lane));
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);

    const all = [...latencies.values()].flat();
    if (all.length === 0 && errors > 0) {
      throw new Error(`every raw operation failed (${errors})`, { cause: firstError });
    }
    const byCommand: RawPostgresResult['byCommand'] = {};
    for (const [command, list] of latencies) {
      byCommand[command] = { operations: list.length, latencyMs: percentiles(list) };
    }
    return {
      operations: all.length,
      errors,
      throughputPerSec: (all.length / elapsedMs) * 1000,
      latencyMs: percentiles(all),
      byCommand,
      cpuMsPerOperation: all.length > 0 ? (cpu.user + cpu.system) / 1000 / all.length : 0,
    };
  } finally {
    await db.close();
  }
}
