import type { MemorySample } from './memorySampler.js';

export type SubjectKey = 'gateway' | 'default';
export type PerSubject<T> = Record<SubjectKey, T>;
export type EventKind = 'interactions' | 'memberJoins';

/** One window in which the simulator sent one kind of event to both subjects. */
export interface EventWindow {
  kind: EventKind;
  windowMs: number;
  /** Events the simulator emitted (each one reaches both subjects). */
  sent: number;
  /** Events each subject had seen when the window closed. */
  received: PerSubject<number>;
  cpuMs: PerSubject<number>;
  /** Some events were still unprocessed when the window closed: its CPU figure is short. */
  fellBehind: boolean;
  /** Jobs of this window found in Redis afterwards. */
  inRedis: number;
  /** Interactions the gateway's guard had to defer (the fast worker should leave none). */
  guardDeferrals: number;
}

export interface RoundResult {
  round: number;
  idle: { windowMs: number; cpuMs: PerSubject<number> };
  windows: EventWindow[];
  /** RSS right after the round, without forcing a collection. */
  rssAfter: PerSubject<number>;
  /** The host's 1-minute load average after the round: other work on the machine shows here. */
  loadAverage: number;
}

export interface SummaryRow {
  label: string;
  gateway: number;
  default: number;
  /** gateway / default; undefined where a ratio means nothing. */
  ratio: number | undefined;
  /** The ratio the issue aims for, if any. */
  aim?: number;
}

/** CPU beyond idle per event received, in µs, over the given rounds and kinds of window. */
export function cpuPerEventUs(
  rounds: readonly RoundResult[],
  subject: SubjectKey,
  kinds: readonly EventKind[],
): number {
  let cpuMs = 0;
  let events = 0;
  for (const round of rounds) {
    const idlePerMs = round.idle.cpuMs[subject] / round.idle.windowMs;
    for (const w of round.windows) {
      if (!kinds.includes(w.kind)) continue;
      cpuMs += w.cpuMs[subject] - idlePerMs * w.windowMs;
      events += w.received[subject];
    }
  }
  return events === 0 ? Number.NaN : (cpuMs * 1000) / events;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const HEAP_AIM = 1 / 3;
const RSS_AIM = 0.6;
const CPU_AIM = 2;

export function summarize(
  memory: { ready: PerSubject<MemorySample>; end: PerSubject<MemorySample> },
  rounds: readonly RoundResult[],
): SummaryRow[] {
  const row = (label: string, value: (s: SubjectKey) => number, aim?: number): SummaryRow => {
    const gateway = value('gateway');
    const def = value('default');
    return { label, gateway, default: def, ratio: gateway / def, ...(aim === undefined ? {} : { aim }) };
  };
  const perRound = (kinds: EventKind[]) => (s: SubjectKey) =>
    median(rounds.map((r) => cpuPerEventUs([r], s, kinds)));
  const both: EventKind[] = ['interactions', 'memberJoins'];
  const after = `after ${rounds.length} rounds`;
  return [
    row('heap used after GC, ready (MiB)', (s) => memory.ready[s].heapUsedBytes / MiB, HEAP_AIM),
    row('RSS after GC, ready (MiB)', (s) => memory.ready[s].rssBytes / MiB, RSS_AIM),
    row(`heap used after GC, ${after} (MiB)`, (s) => memory.end[s].heapUsedBytes / MiB, HEAP_AIM),
    row(`RSS after GC, ${after} (MiB)`, (s) => memory.end[s].rssBytes / MiB, RSS_AIM),
    row('CPU per interaction (µs, median of rounds)', perRound(['interactions'])),
    row('CPU per member join (µs, median of rounds)', perRound(['memberJoins'])),
    row('CPU per event, both kinds (µs, median of rounds)', perRound(both), CPU_AIM),
    row('CPU per event, both kinds (µs, all rounds pooled)', (s) => cpuPerEventUs(rounds, s, both), CPU_AIM),
    {
      ...row('idle CPU per window (ms, median)', (s) => median(rounds.map((r) => r.idle.cpuMs[s]))),
      ratio: undefined,
    },
  ];
}

export function formatSummary(rows: readonly SummaryRow[]): string {
  return formatTable([
    ['', 'gateway cluster', 'default Client', 'gateway/default', 'aim', 'met'],
    ...rows.map((r) => [
      r.label,
      fixed(r.gateway),
      fixed(r.default),
      r.ratio === undefined ? '' : r.ratio.toFixed(3),
      r.aim === undefined ? '' : `≤ ${r.aim.toFixed(2)}`,
      r.aim === undefined || r.ratio === undefined ? '' : r.ratio <= r.aim ? 'yes' : 'NO',
    ]),
  ]);
}

export function formatRounds(rounds: readonly RoundResult[]): string {
  const header = ['round', 'idle CPU ms gw/def'];
  for (const kind of ['interactions', 'joins']) {
    header.push(`${kind}: sent`, 'got gw/def', 'in Redis', 'CPU ms gw/def', 'µs/event gw/def');
  }
  header.push('guard deferrals', 'behind', 'RSS MiB gw/def', 'load');
  const lines = rounds.map((r) => {
    const cells = [String(r.round), `${fixed(r.idle.cpuMs.gateway)}/${fixed(r.idle.cpuMs.default)}`];
    for (const w of r.windows) {
      const us = (s: SubjectKey): string => fixed(cpuPerEventUs([r], s, [w.kind]));
      cells.push(
        String(w.sent),
        `${w.received.gateway}/${w.received.default}`,
        String(w.inRedis),
        `${fixed(w.cpuMs.gateway)}/${fixed(w.cpuMs.default)}`,
        `${us('gateway')}/${us('default')}`,
      );
    }
    cells.push(
      String(r.windows.reduce((n, w) => n + w.guardDeferrals, 0)),
      r.windows.some((w) => w.fellBehind) ? 'yes' : 'no',
      `${fixed(r.rssAfter.gateway / MiB)}/${fixed(r.rssAfter.default / MiB)}`,
      r.loadAverage.toFixed(2),
    );
    return cells;
  });
  return formatTable([header, ...lines]);
}

const MiB = 1024 * 1024;

function fixed(n: number): string {
  return Number.isFinite(n) ? n.toFixed(1) : String(n);
}

// Left-aligned first column, right-aligned numbers; a dependency would be more than this is worth.
function formatTable(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    )
    .join('\n');
}
