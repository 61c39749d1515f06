// Benchmark of the gateway (not a test): memory and CPU per event of a real gateway cluster process
// beside an out-of-the-box discord.js Client, both connected at once to one simulated Discord holding the same
// guilds and sending both the same events. Build, then `npm run bench -w @droas/gateway [-- --rounds 5 …]`.
//
//   simulator process ──┬── gateway: manager → cluster (all gateway shards) → Redis ← fast ack worker (here)
//                       └── default client process (all its shards)
//
// The simulator delivers each event once per connected shard count, so the two bots use different shard
// counts (4 and 5 by default) and both receive every event, serialized once. Each round is an idle window, an
// interactions window and a member-joins window of equal length, back to back; CPU per event is a window's
// CPU (from /proc) minus the idle window's, over the events received. Memory is sampled after a forced GC
// when both are ready and after the last round. Everything runs on 127.0.0.1 and is stopped at the end.
import { loadavg } from 'node:os';
import { publishResults } from './benchOutput.js';
import { median, type PerSubject, type RoundResult } from './benchReport.js';
import { runRound } from './benchRound.js';
import { readBenchSettings, type BenchSettings } from './benchSettings.js';
import { startBenchStack } from './benchStack.js';
import { CleanupStack } from './cleanupStack.js';
import { sampleMemory, type MemorySample } from './memorySampler.js';
import { rssBytes } from './procStats.js';
import type { Subject } from './subject.js';

const MEMORY_SAMPLES = 3;

async function main(): Promise<void> {
  const settings = readBenchSettings(process.argv.slice(2));
  const cleanup = new CleanupStack();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup.closeAll().finally(() => process.exit(130)));
  }
  try {
    const problems = await run(settings, cleanup);
    if (problems > 0) process.exitCode = 1;
  } finally {
    await cleanup.closeAll();
  }
}

/** Returns how many problems (lost or late events, turned-away identifies) it found. */
async function run(settings: BenchSettings, cleanup: CleanupStack): Promise<number> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const stack = await startBenchStack(settings, cleanup, log);
  const { subjects, gateway, control } = stack;
  await sleep(3_000);
  const ready = await sampleMemoryOf(subjects, stack.probeDirectory);
  const managerReadyRssBytes = rssBytes(gateway.managerPid);
  log(
    `both ready; memory sampled; ${settings['warmup-rounds']} warm-up and ${settings.rounds} rounds follow`,
  );

  const problems: string[] = [];
  const windowMs =
    Math.ceil((Math.max(settings.interactions, settings.joins) / settings.rate) * 1000) + settings['tail-ms'];
  const context = {
    ...stack,
    events: { interactions: settings.interactions, memberJoins: settings.joins },
    ratePerSec: settings.rate,
    windowMs,
    problems,
  };
  const rounds: RoundResult[] = [];
  const loadBefore = loadavg()[0]!;
  for (let round = 1 - settings['warmup-rounds']; round <= settings.rounds; round++) {
    const result = await runRound(context, round);
    if (round >= 1) rounds.push(result);
    log(round < 1 ? 'warm-up round done (not in the figures)' : `round ${round}/${settings.rounds} done`);
  }
  const loadAfter = loadavg()[0]!;
  const end = await sampleMemoryOf(subjects, stack.probeDirectory);

  const simStats = await control.stats();
  if (simStats.identifyRejected > 0)
    problems.push(`${simStats.identifyRejected} IDENTIFY(s) were turned away`);
  publishResults(
    {
      settings,
      windowMs,
      memory: { ready, end, managerReadyRssBytes },
      rounds,
      loadAverage: { beforeRounds: loadBefore, afterRounds: loadAfter },
      gatewayCounters: await gateway.counters(),
      simStats,
      problems,
    },
    log,
  );
  return problems.length;
}

/** Median of a few post-GC samples of each subject, taken one subject at a time. */
async function sampleMemoryOf(
  subjects: PerSubject<Subject>,
  probeDirectory: string,
): Promise<PerSubject<MemorySample>> {
  const samples: PerSubject<MemorySample>[] = [];
  for (let i = 0; i < MEMORY_SAMPLES; i++) {
    // One after the other: a collection in one process must not compete with the other's.
    const gateway = await sampleMemory(subjects.gateway.pid, probeDirectory);
    const def = await sampleMemory(subjects.default.pid, probeDirectory);
    samples.push({ gateway, default: def });
    await sleep(500);
  }
  const of = (s: keyof PerSubject<MemorySample>): MemorySample => ({
    heapUsedBytes: median(samples.map((x) => x[s].heapUsedBytes)),
    rssBytes: median(samples.map((x) => x[s].rssBytes)),
  });
  return { gateway: of('gateway'), default: of('default') };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
