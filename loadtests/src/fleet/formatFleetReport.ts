import type { FleetReport } from './runFleet.js';

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (v: number) => Math.round(v).toLocaleString('en-US');

/** The run as a few plain-text tables, for a terminal or a log. */
export function formatFleetReport(r: FleetReport): string {
  const { options: o, startup: s, memory: m, saturation: sat, order } = r;
  const lines: string[] = [];
  const table = (rows: string[][]) => {
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
    for (const row of rows) lines.push(`  ${row.map((cell, c) => cell.padStart(widths[c]!)).join('  ')}`);
  };
  lines.push(
    `fleet: ${n(o.guilds)} guilds, ${o.shards} shards (max_concurrency ${o.maxConcurrency}), ${o.hosts} hosts, ` +
      `${o.shardsPerCluster} shards per cluster, ${o.queuePartitions} queue partition(s) on ` +
      `${o.redisCluster ? 'a Redis Cluster (3 primaries, 3 replicas)' : 'one Redis'}; ` +
      `${r.machine.cpus} CPUs, load ${r.machine.loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')} at start`,
    '',
    'startup (from spawning the hosts)',
  );
  table([
    ['every shard ready', sec(s.allReadyMs)],
    [
      'identify floor',
      `${sec(s.identifyFloorMs)} ((${s.identifyRounds} rounds − 1) × ${s.identifyRules.windowMs} ms)`,
    ],
    ['boot, to the first identify', sec(s.firstIdentifyMs)],
    ['first to last identify', sec(s.identifySpanMs)],
    ['last identify to all ready', sec(s.tailMs)],
    ['hosts ready at', s.hostReadyMs.map(sec).join(', ')],
    ['identifies', `${s.identifies} accepted, ${s.identifiesRejected} turned away`],
    ['shards with every GUILD_CREATE handled', `${s.shardsWithAllGuilds} of ${s.shards}`],
  ]);
  lines.push('', 'memory once started (RSS; PSS splits pages the Node processes share)');
  table([
    ['host', 'shards', 'clusters', 'manager', 'RSS', 'RSS/shard', 'PSS', 'cluster RSS (each)'],
    ...m.hosts.map((h) => [
      String(h.index),
      String(h.shards),
      String(h.clusters.length),
      mb(h.managerRssBytes),
      mb(h.rssBytes),
      mb(h.rssPerShardBytes),
      mb(h.pssBytes),
      h.clusters.map((c) => (c.rssBytes / MB).toFixed(0)).join(' '),
    ]),
    ['all', String(o.shards), '', '', mb(m.fleetRssBytes), mb(m.rssPerShardBytes), mb(m.fleetPssBytes), ''],
  ]);
  lines.push(
    `  clusters only: ${mb(m.clusterRssPerShardBytes)} RSS per shard; simulator ${mb(m.simulatorRssBytes)}, ` +
      `Redis ${mb(m.redisRssBytes)}`,
    `  after the load: hosts ${mb(r.memoryAfterLoad.fleetRssBytes)} RSS ` +
      `(${mb(r.memoryAfterLoad.rssPerShardBytes)} per shard), simulator ${mb(r.memoryAfterLoad.simulatorRssBytes)}, ` +
      `Redis ${mb(r.memoryAfterLoad.redisRssBytes)}`,
    '',
    `saturation (member joins across every guild; stopped: ${sat.stoppedBecause})`,
  );
  const groups = Object.keys(sat.steps[0]?.cpuCores ?? {});
  table([
    [
      'offered/s',
      'sent/s',
      'received/s',
      'forwarded/s',
      'buffered',
      ...groups.map((g) => `${g} CPU`),
      'other work CPU',
    ],
    ...sat.steps.map((step) => [
      n(step.offeredPerSec),
      n(step.sentPerSec),
      n(step.receivedPerSec),
      n(step.forwardedPerSec),
      n(step.bufferedAtEnd),
      ...groups.map((g) => (step.cpuCores[g] ?? 0).toFixed(2)),
      step.otherBusyCores.toFixed(2),
    ]),
  ]);
  lines.push(
    `  idle (every shard connected, no events): ${groups
      .map((g) => `${g} ${(sat.idleCpuCores[g] ?? 0).toFixed(2)}`)
      .join(', ')} cores`,
    `  peak ${n(sat.peakForwardedPerSec)} forwarded/s (offered ${n(sat.peakAtOfferedPerSec)}/s); ` +
      `${n(sat.joinsSent)} joins sent, ${sat.drained ? 'all' : 'NOT all'} queued ${sec(sat.drainMs)} after the last step; ` +
      `${sat.refused} refused, ${sat.duplicates} duplicates, ${sat.generatorErrors} generator errors`,
    '',
    `order and placement (every partition read back; ${n(order.jobs)} jobs, ${n(order.guilds)} guilds)`,
  );
  table([
    ['out of order', 'wrong partition', 'wrong shard', 'duplicates', 'missing'],
    [order.outOfOrder, order.misplaced, order.wrongShard, order.duplicates, order.missing].map(String),
  ]);
  for (const example of order.examples) lines.push(`  ${example}`);
  return `${lines.join('\n')}\n`;
}

/** Whether the run found nothing wrong: every shard ready with its guilds, every join queued once, in place and order. */
export function fleetPassed(r: FleetReport): boolean {
  const { order, startup, saturation } = r;
  return (
    startup.shards === r.options.shards &&
    startup.shardsWithAllGuilds === r.options.shards &&
    saturation.drained &&
    order.outOfOrder + order.misplaced + order.wrongShard + order.duplicates + order.missing === 0
  );
}
