import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessRole, ProcessSample } from '../model.js';
import { labelsMatch, samples as metricSamples, scrapeMetrics } from './promText.js';

/** A process to watch: its pid now (it may change: a restarted worker), by a stable name. */
export interface WatchedProcess {
  name: string;
  role: ProcessRole;
  pid: () => number | undefined;
  /** Count its child processes with it (Postgres: the postmaster and a backend per connection). */
  withChildren?: boolean;
  /** Where its V8 heap can be read: a Node process's `/metrics` and the labels of its own series there. */
  metrics?: { url: () => string | undefined; labels: Record<string, string> };
}

const HEAP_METRIC = 'droas_nodejs_heap_size_used_bytes';

// Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every platform Node runs on.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds and resident memory of `pid`, from /proc; undefined once it has gone. */
export function readProcess(pid: number): { cpuSeconds: number; rssBytes: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: read after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/**
 * A process and its children together. Memory is their proportional share (PSS), so pages they share (Postgres's
 * shared buffers) count once, not once per backend. CPU counts the children alive now and those that have
 * exited and been waited for (the kernel adds those to the parent's `cutime`/`cstime`), so a backend that
 * closes during a run does not take its CPU with it.
 */
export function readProcessTree(pid: number): { cpuSeconds: number; rssBytes: number } | undefined {
  const root = readProcess(pid);
  if (!root) return undefined;
  let cpuSeconds = root.cpuSeconds + (reapedChildrenCpu(pid) ?? 0);
  let rssBytes = pss(pid) ?? root.rssBytes;
  for (const childPid of childrenOf(pid)) {
    const child = readProcess(childPid);
    if (!child) continue;
    cpuSeconds += child.cpuSeconds;
    rssBytes += pss(childPid) ?? child.rssBytes;
  }
  return { cpuSeconds, rssBytes };
}

/** The pids whose parent is `pid` now, from /proc. */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && parentOf(Number(entry)) === pid) children.push(Number(entry));
  }
  return children;
}

/** CPU seconds of `pid`'s children that have exited and been waited for (`cutime` + `cstime`). */
function reapedChildrenCpu(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The parent pid of `pid`, from /proc; undefined once it has gone. */
export function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name, which may hold spaces and parentheses: state, then the parent's pid.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Proportional set size of `pid` (shared pages divided among their sharers), from /proc; undefined if gone. */
export function pss(pid: number): number | undefined {
  try {
    const kb = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Samples CPU time and RSS of every watched process once a period, and the V8 heap of those with metrics every
 * `heapEvery` periods (a scrape costs the process more than reading /proc). A process restarted during the run
 * (a worker killed and started again) is followed under its name; its CPU is added across lives.
 */
export class ProcessSampler {
  readonly samples: ProcessSample[] = [];
  readonly #carried = new Map<string, { pid: number; base: number; last: number }>();
  readonly #scrapes = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #ticks = 0;

  constructor(
    private readonly watched: () => readonly WatchedProcess[],
    private readonly periodMs = 1_000,
    private readonly heapEvery = 5,
  ) {}

  start(): void {
    this.#startedAt = Date.now();
    this.sample();
    this.#timer = setInterval(() => this.sample(), this.periodMs);
    this.#timer.unref();
  }

  /** Takes a last sample and waits for the heap reads still under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.sample(true);
    await Promise.all(this.#scrapes);
  }

  sample(withHeap = this.#ticks++ % this.heapEvery === 0): void {
    const tSec = Math.round((Date.now() - this.#startedAt) / 100) / 10;
    const heapReads = new Map<string, { sample: ProcessSample; labels: Record<string, string> }[]>();
    for (const w of this.watched()) {
      const pid = w.pid();
      if (pid === undefined) continue;
      const read = w.withChildren ? readProcessTree(pid) : readProcess(pid);
      if (!read) continue;
      const life = this.#carried.get(w.name);
      let cpuSeconds = read.cpuSeconds;
      if (life && life.pid !== pid) {
        life.base += life.last;
        life.pid = pid;
      }
      const current = life ?? { pid, base: 0, last: 0 };
      current.last = read.cpuSeconds;
      this.#carried.set(w.name, current);
      cpuSeconds = current.base + read.cpuSeconds;
      const sample: ProcessSample = { tSec, name: w.name, role: w.role, cpuSeconds, rssBytes: read.rssBytes };
      this.samples.push(sample);
      const url = withHeap ? w.metrics?.url() : undefined;
      if (url !== undefined)
        heapReads.set(url, [...(heapReads.get(url) ?? []), { sample, labels: w.metrics!.labels }]);
    }
    // One scrape per metrics URL: a gateway manager serves its clusters' series beside its own.
    for (const [url, wanted] of heapReads) {
      const scrape = scrapeMetrics(url)
        .then((text) => {
          const found = metricSamples(text, HEAP_METRIC);
          for (const { sample, labels } of wanted) {
            const own = found.find((f) => labelsMatch(f.labels, labels));
            if (own) sample.heapUsedBytes = own.value;
          }
        })
        .finally(() => this.#scrapes.delete(scrape));
      this.#scrapes.add(scrape);
    }
  }
}
