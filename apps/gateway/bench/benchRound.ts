import { loadavg } from 'node:os';
import type { SimClient } from '@droas/discord-sim';
import { eventually } from '@droas/testkit';
import type { EventKind, EventWindow, PerSubject, RoundResult } from './benchReport.js';
import type { GatewayCounters, GatewaySubject } from './gatewaySubject.js';
import { cpuTimeMs, rssBytes } from './procStats.js';
import type { Subject, SubjectCounts } from './subject.js';

export interface RoundContext {
  subjects: PerSubject<Subject>;
  gateway: GatewaySubject;
  control: SimClient;
  /** Jobs of a kind that have reached Redis so far. */
  jobsInRedis: (kind: EventKind) => Promise<number>;
  events: Record<EventKind, number>;
  ratePerSec: number;
  windowMs: number;
  /** Mismatches found are added here. */
  problems: string[];
}

// Between the round's bookkeeping (a /metrics scrape, Redis counts) and its first window.
const SETTLE_MS = 1_000;

/**
 * One round: an idle window, then an interactions window, then a member-joins window, back to back and of
 * equal length, so that no work an event causes (a guard firing, a collection) falls between windows. Then
 * it checks that both subjects got every event and that every gateway job reached Redis.
 */
export async function runRound(c: RoundContext, round: number): Promise<RoundResult> {
  const before: Snapshot = {
    counts: await countsOf(c.subjects),
    gateway: await c.gateway.counters(),
    inRedis: {
      interactions: await c.jobsInRedis('interactions'),
      memberJoins: await c.jobsInRedis('memberJoins'),
    },
  };
  await sleep(SETTLE_MS);
  const { idle, windows, generatorIds } = await measureWindows(c, round, before);
  const rssAfter = { gateway: rssBytes(c.subjects.gateway.pid), default: rssBytes(c.subjects.default.pid) };
  for (const [i, w] of windows.entries())
    await verifyWindow(c, `round ${round}, ${w.kind}`, w, generatorIds[i]!, before);

  const after = await c.gateway.counters();
  const dropped = after.malformed - before.gateway.malformed + (after.refused - before.gateway.refused);
  if (dropped > 0) c.problems.push(`round ${round}: the gateway skipped or refused ${dropped} event(s)`);
  const interactions = windows.find((w) => w.kind === 'interactions');
  // Each deferral the guard attempted ends as `deferred` or `failed` (`unclaimed` is a subset of those).
  if (interactions)
    interactions.guardDeferrals =
      after.guard.deferred -
      before.gateway.guard.deferred +
      (after.guard.failed - before.gateway.guard.failed);
  return { round, idle, windows, rssAfter, loadAverage: loadavg()[0]! };
}

interface Snapshot {
  counts: PerSubject<SubjectCounts>;
  gateway: GatewayCounters;
  inRedis: Record<EventKind, number>;
}

async function measureWindows(
  c: RoundContext,
  round: number,
  before: Snapshot,
): Promise<{ idle: RoundResult['idle']; windows: EventWindow[]; generatorIds: string[] }> {
  let mark = markNow(c.subjects);
  await sleep(c.windowMs);
  const afterIdle = markNow(c.subjects);
  const idle = { windowMs: afterIdle.atMs - mark.atMs, cpuMs: cpuBetween(mark, afterIdle) };
  mark = afterIdle;
  const windows: EventWindow[] = [];
  const generatorIds: string[] = [];
  for (const kind of ['interactions', 'memberJoins'] as const) {
    const count = c.events[kind];
    const status = await c.control.startGenerator({
      kind: kind === 'interactions' ? 'interactions' : 'joins',
      ratePerSec: c.ratePerSec,
      count,
      durationMs: Math.ceil((count / c.ratePerSec) * 1000) + 2_000,
      seed: round * 2 + (kind === 'interactions' ? 0 : 1),
    });
    generatorIds.push(status.id);
    await sleep(mark.atMs + c.windowMs - performance.now());
    const end = markNow(c.subjects);
    // Read right after the window closes (its small cost lands in the next window): what had arrived by then.
    const counts = await countsOf(c.subjects);
    const received = {
      gateway: counts.gateway[kind] - before.counts.gateway[kind],
      default: counts.default[kind] - before.counts.default[kind],
    };
    const w = { kind, windowMs: end.atMs - mark.atMs, sent: count, received, cpuMs: cpuBetween(mark, end) };
    windows.push({ ...w, fellBehind: false, inRedis: Number.NaN, guardDeferrals: 0 });
    mark = end;
  }
  return { idle, windows, generatorIds };
}

/** Fills in `sent`, `fellBehind` and `inRedis`, and records any mismatch as a problem. */
async function verifyWindow(
  c: RoundContext,
  where: string,
  w: EventWindow,
  generatorId: string,
  before: Snapshot,
): Promise<void> {
  const status = await c.control.generator(generatorId);
  w.sent = status.emitted;
  if (status.emitted !== c.events[w.kind] || status.errors > 0)
    c.problems.push(
      `${where}: the simulator emitted ${status.emitted} of ${c.events[w.kind]} (${status.errors} errors)`,
    );
  w.fellBehind = w.received.gateway < w.sent || w.received.default < w.sent;
  if (w.fellBehind) c.problems.push(`${where}: a subject was still processing when the window closed`);
  // Late events still count, so a slow subject shows as behind rather than as lossy.
  const settled = await eventually(
    async () => {
      const now = await countsOf(c.subjects);
      const inRedis = (await c.jobsInRedis(w.kind)) - before.inRedis[w.kind];
      const got = {
        gateway: now.gateway[w.kind] - before.counts.gateway[w.kind],
        default: now.default[w.kind] - before.counts.default[w.kind],
      };
      return got.gateway >= w.sent && got.default >= w.sent && inRedis >= w.sent
        ? { got, inRedis }
        : undefined;
    },
    30_000,
    `${where}: every event received by both and in Redis`,
  ).catch((error: unknown) => {
    c.problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  });
  if (!settled) return;
  w.inRedis = settled.inRedis;
  for (const s of ['gateway', 'default'] as const) {
    if (settled.got[s] !== w.sent) c.problems.push(`${where}: ${s} received ${settled.got[s]} of ${w.sent}`);
  }
  if (settled.inRedis !== w.sent)
    c.problems.push(`${where}: ${settled.inRedis} jobs in Redis for ${w.sent} events`);
}

interface Mark {
  atMs: number;
  cpuMs: PerSubject<number>;
}

function markNow(subjects: PerSubject<Subject>): Mark {
  return {
    atMs: performance.now(),
    cpuMs: { gateway: cpuTimeMs(subjects.gateway.pid), default: cpuTimeMs(subjects.default.pid) },
  };
}

function cpuBetween(from: Mark, to: Mark): PerSubject<number> {
  return { gateway: to.cpuMs.gateway - from.cpuMs.gateway, default: to.cpuMs.default - from.cpuMs.default };
}

async function countsOf(subjects: PerSubject<Subject>): Promise<PerSubject<SubjectCounts>> {
  const [gateway, def] = await Promise.all([subjects.gateway.counts(), subjects.default.counts()]);
  return { gateway, default: def };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
