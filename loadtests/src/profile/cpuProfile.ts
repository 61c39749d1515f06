// Reading V8 CPU profiles (`.cpuprofile`, as `node --cpu-prof` writes them): where a process's CPU time went,
// by function and by the code that owns it, and its stacks folded for flame-graph tools.

/** The parts of a `.cpuprofile` this reads (Chrome DevTools protocol's `Profiler.Profile`). */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileShare {
  name: string;
  /** Milliseconds of samples whose innermost frame is here. */
  selfMs: number;
  /** selfMs ÷ all sampled milliseconds, including idle. */
  share: number;
}

export interface ProfileSummary {
  /** Wall time the profile covers. */
  durationMs: number;
  /** Time in samples that were not idle (V8's `(idle)` frame): what the process spent its CPU on. */
  busyMs: number;
  /** By the code that owns the innermost frame: a workspace (`@droas/worker`), a dependency, Node's own. */
  byOwner: ProfileShare[];
  byFunction: ProfileShare[];
}

/** Whose code a script URL is: `bullmq`, `@droas/economy` (from `packages/economy/`), `node`, `(gc)`, … */
export function ownerOf(url: string, functionName: string): string {
  if (url === '') return /^\(.*\)$/.test(functionName) ? functionName : 'node (native)';
  if (url.startsWith('node:')) return 'node';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/g;
  let dependency: string | undefined;
  // The last node_modules in the path owns the file (a dependency's own dependency).
  for (const m of url.matchAll(modules)) dependency = m[1];
  if (dependency !== undefined) return dependency;
  const workspace = /\/(apps|packages|loadtests)\/([^/]+)\//.exec(url);
  if (workspace) return workspace[1] === 'loadtests' ? '@droas/loadtests' : `@droas/${workspace[2]}`;
  return url;
}

/** Self time of each node: its samples × the time each took (the delta to the next sample). */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  if (samples && timeDeltas && samples.length === timeDeltas.length) {
    for (let i = 0; i < samples.length; i++) {
      const next = timeDeltas[i + 1] ?? 0;
      self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + Math.max(0, next) / 1000);
    }
    return self;
  }
  // Without per-sample times, spread the duration evenly over the hits.
  const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const each = hits === 0 ? 0 : (profile.endTime - profile.startTime) / 1000 / hits;
  for (const n of profile.nodes) self.set(n.id, (n.hitCount ?? 0) * each);
  return self;
}

const IDLE = new Set(['(idle)']);

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const self = selfTimes(profile);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    if (IDLE.has(functionName)) {
      idleMs += ms;
      continue;
    }
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
    const where =
      url === '' ? '' : ` ${url.replace(/^.*\/(node_modules|apps|packages)\//, '')}:${lineNumber + 1}`;
    const fn = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, selfMs: Math.round(ms), share: totalMs === 0 ? 0 : ms / totalMs }));
  return {
    durationMs: Math.round((profile.endTime - profile.startTime) / 1000),
    busyMs: Math.round(totalMs - idleMs),
    byOwner: ranked(byOwner),
    byFunction: ranked(byFunction),
  };
}

/**
 * Each sampled stack as `root;…;leaf milliseconds`, one line per distinct stack: the input of flamegraph.pl,
 * speedscope and inferno. Idle time is left out.
 */
export function foldStacks(profile: CpuProfile): string[] {
  const self = selfTimes(profile);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms < 0.5 || IDLE.has(node.callFrame.functionName)) continue;
    const frames: string[] = [];
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName === '(root)') break;
      frames.push(
        `${f.functionName || '(anonymous)'} [${ownerOf(f.url, f.functionName)}]`.replace(/;/g, ','),
      );
    }
    lines.push(`${frames.reverse().join(';')} ${Math.round(ms)}`);
  }
  return lines;
}
