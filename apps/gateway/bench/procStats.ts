import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

// Linux only: the benchmark reads what the kernel accounts to a process, so a subject's own code cannot
// under-report it and every thread (libuv pool, V8's GC helpers) is included.

const ticksPerSecond = readClockTicks();

/** User + system CPU time the process has used so far, all threads, in ms (10 ms resolution at 100 Hz). */
export function cpuTimeMs(pid: number): number {
  const fields = statFields(pid);
  // Fields 14 and 15 of /proc/<pid>/stat; `fields` starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Resident set size, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Processes whose parent is `pid`. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(Number(entry))[1]) === pid) children.push(Number(entry));
    } catch {
      // Exited between readdir and read.
    }
  }
  return children;
}

// /proc/<pid>/stat, from field 3 on: the command name (field 2) may hold spaces and parentheses.
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function readClockTicks(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}
