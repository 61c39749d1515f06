import { readFileSync } from 'node:fs';
import { QUEUE_NAMES } from '@droas/contracts';
import { readProcess, readProcessTree } from '../run/processSampler.js';
import { scrapeMetrics, sumOf } from '../run/promText.js';
import type { FleetStack } from './fleetStack.js';

export interface SaturationOptions {
  /** Joins per second of the first step; each next step doubles it, up to `maxRatePerSec`. */
  startRatePerSec: number;
  maxRatePerSec: number;
  /** Seconds per step: the first `warmupSec` are not measured. */
  stepSec: number;
  warmupSec: number;
  /** How long the fleet may take to queue what was sent after the last step. */
  drainTimeoutMs: number;
  log: (line: string) => void;
}

/** One step of the ramp, over its measured window. */
export interface SaturationStep {
  offeredPerSec: number;
  /** Joins the simulator sent per second (below `offered` when the simulator itself cannot keep up). */
  sentPerSec: number;
  /** GUILD_MEMBER_ADD dispatches the gateways received per second. */
  receivedPerSec: number;
  /** Jobs the gateways put in Redis per second: what the fleet forwards. */
  forwardedPerSec: number;
  /** Jobs waiting in the gateways' buffers at the end of the window. */
  bufferedAtEnd: number;
  /** CPU cores used over the window, by process group (`host-0`… each a manager and its clusters). */
  cpuCores: Record<string, number>;
  /** Cores busy on the whole machine over the window, and of those, what processes outside the run used. */
  machineBusyCores: number;
  otherBusyCores: number;
}

export interface SaturationFigures {
  /** CPU cores each group used with every shard connected and no events, over one step's measured window. */
  idleCpuCores: Record<string, number>;
  steps: SaturationStep[];
  /** The highest forwarded rate of any step. */
  peakForwardedPerSec: number;
  /** The offered rate of that step. */
  peakAtOfferedPerSec: number;
  /** Why the ramp stopped. */
  stoppedBecause: string;
  /** Numbered joins the simulator sent in all, and the generators' errors (joins not sent). */
  joinsSent: number;
  generatorErrors: number;
  /** After the last step: time until every sent join was queued (or refused), and whether it got there. */
  drainMs: number;
  drained: boolean;
  /** Events the gateways' full buffers refused, and duplicates they counted. */
  refused: number;
  duplicates: number;
}

/**
 * The fleet's counters at one moment. Each source has its own time (the middle of its request): a busy host
 * can take a second to answer, and a rate over a 10 s window is off by that much if one time serves all.
 */
interface Snapshot {
  cpuAtMs: number;
  countersAtMs: number;
  sentAtMs: number;
  /** Joins the step's generator has sent. */
  sent: number;
  received: number;
  forwarded: number;
  buffered: number;
  refused: number;
  duplicates: number;
  cpuSeconds: Record<string, number>;
  machineBusySeconds: number;
}

const QUEUE = { queue: QUEUE_NAMES.memberEvents };

/**
 * Sends numbered member joins across every guild at a rate doubling each step, and measures what the fleet
 * forwards into Redis, from the gateways' own counters (`droas_gateway_jobs_enqueued_total`), until the
 * forwarded rate stops rising with the offered one ({@link stepVerdict}). Then waits for the fleet to queue everything sent, so the queues can be checked.
 */
export async function saturate(stack: FleetStack, o: SaturationOptions): Promise<SaturationFigures> {
  const steps: SaturationStep[] = [];
  const generators: string[] = [];
  o.log(`idle: ${o.stepSec - o.warmupSec} s with every shard connected and no events…`);
  const idleStart = await snapshot(stack);
  await new Promise((r) => setTimeout(r, (o.stepSec - o.warmupSec) * 1000));
  const idleCpuCores = cpuCoresBetween(idleStart, await snapshot(stack));
  let stoppedBecause = `reached ${o.maxRatePerSec}/s`;
  for (let rate = o.startRatePerSec; rate <= o.maxRatePerSec; rate *= 2) {
    o.log(`step: ${rate} joins/s for ${o.stepSec} s…`);
    const started = Date.now();
    const { id } = await stack.sim.startGenerator({
      kind: 'joins',
      ratePerSec: rate,
      durationMs: o.stepSec * 1000,
      numbered: true,
      seed: generators.length + 1,
    });
    generators.push(id);
    await sleepUntil(started + o.warmupSec * 1000);
    const before = await snapshot(stack, id);
    await sleepUntil(started + o.stepSec * 1000);
    const after = await snapshot(stack, id);
    const cpuSeconds = (after.cpuAtMs - before.cpuAtMs) / 1000;
    const counterSeconds = (after.countersAtMs - before.countersAtMs) / 1000;
    const cpuCores = cpuCoresBetween(before, after);
    const machineBusyCores = (after.machineBusySeconds - before.machineBusySeconds) / cpuSeconds;
    const step: SaturationStep = {
      offeredPerSec: rate,
      sentPerSec: (after.sent - before.sent) / ((after.sentAtMs - before.sentAtMs) / 1000),
      receivedPerSec: (after.received - before.received) / counterSeconds,
      forwardedPerSec: (after.forwarded - before.forwarded) / counterSeconds,
      bufferedAtEnd: after.buffered,
      cpuCores,
      machineBusyCores,
      otherBusyCores: Math.max(0, machineBusyCores - Object.values(cpuCores).reduce((a, b) => a + b, 0)),
    };
    steps.push(step);
    o.log(
      `  sent ${step.sentPerSec.toFixed(0)}/s, received ${step.receivedPerSec.toFixed(0)}/s, ` +
        `forwarded ${step.forwardedPerSec.toFixed(0)}/s, buffered ${step.bufferedAtEnd}; ` +
        `machine ${step.machineBusyCores.toFixed(2)} cores busy, ${step.otherBusyCores.toFixed(2)} by other work`,
    );
    await waitForGenerator(stack, id);
    const verdict = stepVerdict(step);
    if (verdict !== undefined) {
      stoppedBecause = verdict;
      break;
    }
  }
  const statuses = await Promise.all(generators.map((id) => stack.sim.generator(id)));
  const joinsSent = statuses.reduce((n, s) => n + s.emitted - s.errors, 0);
  const generatorErrors = statuses.reduce((n, s) => n + s.errors, 0);
  o.log(`draining: waiting for the fleet to queue all ${joinsSent} joins…`);
  const drainStart = Date.now();
  let last = await snapshot(stack, generators.at(-1));
  while (last.forwarded + last.refused < joinsSent && Date.now() - drainStart < o.drainTimeoutMs) {
    await new Promise((r) => setTimeout(r, 500));
    last = await snapshot(stack, generators.at(-1));
  }
  const peak = steps.reduce((a, b) => (b.forwardedPerSec > a.forwardedPerSec ? b : a), steps[0]!);
  return {
    idleCpuCores,
    steps,
    peakForwardedPerSec: peak.forwardedPerSec,
    peakAtOfferedPerSec: peak.offeredPerSec,
    stoppedBecause,
    joinsSent,
    generatorErrors,
    drainMs: Date.now() - drainStart,
    drained: last.forwarded + last.refused >= joinsSent,
    refused: last.refused,
    duplicates: last.duplicates,
  };
}

/**
 * Why the ramp should stop after `step`, or undefined to go on: the fleet fell behind what the simulator sent
 * (its forwarded rate stopped rising with the offered one), or the simulator could not send what was offered
 * (the limit is then the simulator's, not the fleet's).
 */
export function stepVerdict(step: SaturationStep): string | undefined {
  const forwarded = step.forwardedPerSec.toFixed(0);
  if (step.forwardedPerSec < 0.9 * step.sentPerSec)
    return `the fleet fell behind: forwarded ${forwarded}/s of ${step.sentPerSec.toFixed(0)}/s sent`;
  if (step.sentPerSec < 0.8 * step.offeredPerSec)
    return `the simulator sent ${step.sentPerSec.toFixed(0)}/s of ${step.offeredPerSec}/s offered`;
  return undefined;
}

function cpuCoresBetween(before: Snapshot, after: Snapshot): Record<string, number> {
  const seconds = (after.cpuAtMs - before.cpuAtMs) / 1000;
  return Object.fromEntries(
    Object.entries(after.cpuSeconds).map(([k, v]) => [k, (v - (before.cpuSeconds[k] ?? 0)) / seconds]),
  );
}

async function snapshot(stack: FleetStack, generatorId?: string): Promise<Snapshot> {
  const cpuAtMs = Date.now();
  const machineBusy = machineBusySeconds();
  const cpuSeconds: Record<string, number> = {
    simulator: readProcess(stack.simPid)?.cpuSeconds ?? 0,
    redis: stack.redisPids().reduce((sum, pid) => sum + (readProcess(pid)?.cpuSeconds ?? 0), 0),
    runner: readProcess(process.pid)?.cpuSeconds ?? 0,
  };
  for (const host of stack.hosts)
    cpuSeconds[`host-${host.index}`] = readProcessTree(host.process.child.pid ?? -1)?.cpuSeconds ?? 0;
  const [scrapes, sent] = await Promise.all([
    Promise.all(stack.hosts.map((h) => timed(() => scrapeHost(h.opsUrl)))),
    timed(async () => (generatorId === undefined ? 0 : (await stack.sim.generator(generatorId)).emitted)),
  ]);
  const texts = scrapes.map((t) => t.value);
  return {
    cpuAtMs,
    countersAtMs: scrapes.reduce((sum, t) => sum + t.atMs, 0) / scrapes.length,
    sentAtMs: sent.atMs,
    sent: sent.value,
    received: sumOf(texts, 'droas_gateway_events_received_total', { type: 'GUILD_MEMBER_ADD' }),
    forwarded: sumOf(texts, 'droas_gateway_jobs_enqueued_total', QUEUE),
    buffered: sumOf(texts, 'droas_gateway_buffer_depth', QUEUE),
    refused: sumOf(texts, 'droas_gateway_buffer_refused_total', QUEUE),
    duplicates: sumOf(texts, 'droas_gateway_duplicate_events_total', QUEUE),
    cpuSeconds,
    machineBusySeconds: machineBusy,
  };
}

/** A request's answer and the middle of the time it took. */
async function timed<T>(request: () => Promise<T>): Promise<{ value: T; atMs: number }> {
  const start = Date.now();
  const value = await request();
  return { value, atMs: (start + Date.now()) / 2 };
}

/**
 * CPU seconds the whole machine spent running something since boot, all cores: user, nice, system, irq and
 * softirq from /proc/stat (not idle, I/O wait, or time the hypervisor stole; guest time is inside user).
 */
function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const busy = [0, 1, 2, 5, 6].reduce((sum, i) => sum + (f[i] ?? 0), 0);
  // USER_HZ is 100 on every platform Node runs on (as in processSampler).
  return busy / 100;
}

/** A host's metrics (the manager's and every cluster's); a busy host may answer slowly, so it gets 3 tries. */
async function scrapeHost(opsUrl: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const text = await scrapeMetrics(opsUrl, 10_000);
    if (text.includes('droas_gateway_jobs_enqueued_total')) return text;
  }
  throw new Error(`could not read the gateway counters at ${opsUrl}/metrics`);
}

async function waitForGenerator(stack: FleetStack, id: string): Promise<void> {
  while ((await stack.sim.generator(id)).running) await new Promise((r) => setTimeout(r, 200));
}

function sleepUntil(atMs: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, atMs - Date.now())));
}
