import { cpus, loadavg, totalmem } from 'node:os';
import { checkJoinOrder, type JoinOrderCheck } from './checkJoinOrder.js';
import type { FleetOptions } from './fleetOptions.js';
import { startFleetStack } from './fleetStack.js';
import { measureMemory, type MemoryFigures } from './measureMemory.js';
import { measureStartup, type StartupFigures } from './measureStartup.js';
import { readQueuedJoins } from './readQueuedJoins.js';
import { saturate, type SaturationFigures } from './saturate.js';

/** What a fleet run measured: the shape of `fleet.json`. Times in ms, sizes in bytes, rates per second. */
export interface FleetReport {
  schemaVersion: 1;
  startedAt: string;
  options: FleetOptions;
  machine: { cpus: number; memoryBytes: number; loadAverageAtStart: number[] };
  startup: StartupFigures;
  /** Once every shard was ready and the start had settled. */
  memory: MemoryFigures;
  /** After the saturation ramp and its drain: the simulator keeps each session's recent frames for resumes. */
  memoryAfterLoad: MemoryFigures;
  saturation: SaturationFigures;
  order: JoinOrderCheck;
}

/**
 * The fleet run: Redis, the simulator and `hosts` gateway hosts started as real processes; the time until
 * every shard is ready beside the identify floor; memory per host and per shard once started; the join rate
 * the fleet forwards at saturation; and, reading every queue back, that each guild's joins sit in its shard's
 * partition, in order, once. Stops everything it started, also when it fails.
 */
export async function runFleet(o: FleetOptions, log: (line: string) => void): Promise<FleetReport> {
  const startedAt = new Date().toISOString();
  const machine = { cpus: cpus().length, memoryBytes: totalmem(), loadAverageAtStart: loadavg() };
  const stack = await startFleetStack({ ...o, log });
  try {
    const hostsStartedAt = await stack.startHosts();
    log('waiting for every shard to be ready…');
    const startup = await measureStartup(stack, hostsStartedAt, o.shards, o.startupTimeoutMs);
    log(
      `every host ready after ${(startup.allReadyMs / 1000).toFixed(1)} s ` +
        `(identify floor ${(startup.identifyFloorMs / 1000).toFixed(1)} s)`,
    );
    // Let the start's garbage be collected and the heaps settle before reading memory.
    await new Promise((r) => setTimeout(r, 5_000));
    const memory = measureMemory(stack);
    const saturation = await saturate(stack, { ...o, log });
    const memoryAfterLoad = measureMemory(stack);
    log('reading every partition back…');
    const order = checkJoinOrder(await readQueuedJoins(stack.redis, stack.prefix, stack.layout), {
      totalShards: o.shards,
      partitions: o.queuePartitions,
      expected: saturation.joinsSent,
    });
    return {
      schemaVersion: 1,
      startedAt,
      options: o,
      machine,
      startup,
      memory,
      memoryAfterLoad,
      saturation,
      order,
    };
  } finally {
    log('stopping the fleet…');
    await stack.close();
  }
}
