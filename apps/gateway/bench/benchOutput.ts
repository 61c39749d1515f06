import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { SimStatsSnapshot } from '@droas/discord-sim';
import { formatRounds, formatSummary, summarize, type PerSubject, type RoundResult } from './benchReport.js';
import type { BenchSettings } from './benchSettings.js';
import type { GatewayCounters } from './gatewaySubject.js';
import type { MemorySample } from './memorySampler.js';

export interface BenchResults {
  settings: BenchSettings;
  windowMs: number;
  memory: { ready: PerSubject<MemorySample>; end: PerSubject<MemorySample>; managerReadyRssBytes: number };
  rounds: RoundResult[];
  loadAverage: { beforeRounds: number; afterRounds: number };
  gatewayCounters: GatewayCounters;
  simStats: SimStatsSnapshot;
  problems: string[];
}

/** Prints the tables to stdout and writes the JSON report; returns the report's path. */
export function publishResults(results: BenchResults, log: (line: string) => void): string {
  const { settings, memory, rounds, gatewayCounters: counters, problems } = results;
  const summary = summarize(memory, rounds);
  const host = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', node: process.version };
  log('');
  log(
    `gateway: the real manager and 1 cluster process holding ${settings['gateway-shards']} shards; default ` +
      `client: 1 process holding ${settings['default-shards']} shards; ${settings.guilds} guilds; ` +
      `${settings.rounds} rounds (after ${settings['warmup-rounds']} warm-up) of ${settings.interactions} ` +
      `interactions + ${settings.joins} member joins at ${settings.rate}/s, windows of ${results.windowMs} ms; ` +
      `${host.cpus} CPUs (${host.cpuModel}), Node ${host.node}; load average ` +
      `${results.loadAverage.beforeRounds.toFixed(2)} before the rounds, ${results.loadAverage.afterRounds.toFixed(2)} after`,
  );
  log('');
  log(formatSummary(summary));
  log('');
  log(
    `gateway manager RSS (it runs beside the clusters; not in the ratios): ${mib(memory.managerReadyRssBytes)} MiB`,
  );
  log(
    `gateway counters: ${counters.malformed} malformed, ${counters.refused} refused, ${counters.enqueueErrors} ` +
      `enqueue errors, guard ${JSON.stringify(counters.guard)}`,
  );
  log('');
  log(formatRounds(rounds));
  const deferred = rounds.filter((r) => r.windows.some((w) => w.guardDeferrals > 0));
  if (deferred.length > 0) {
    log('');
    log(
      `note: in round(s) ${deferred.map((r) => r.round).join(', ')} the fast worker fell behind and the ack ` +
        'guard deferred interactions itself (a REST call each): those rounds show what a lagging worker costs',
    );
  }
  log('');
  log(
    problems.length === 0
      ? 'checked: every event reached both subjects, and every gateway event reached Redis as a job'
      : `PROBLEMS:\n${problems.join('\n')}`,
  );
  const path =
    settings.json ?? join(__dirname, '..', '..', 'bench', 'results', `gatewayBench-${Date.now()}.json`);
  mkdirSync(join(path, '..'), { recursive: true });
  const report = { at: new Date().toISOString(), host, ...results, summary };
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  log(`report: ${path}`);
  return path;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
