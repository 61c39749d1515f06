import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { parentOf, readProcess, readProcessTree } from './processSampler.js';

describe('readProcess', () => {
  it('reads this process’s CPU time and RSS from /proc, and nothing for a pid that does not exist', () => {
    const spin = Date.now() + 50;
    while (Date.now() < spin);
    const me = readProcess(process.pid)!;
    expect(me.cpuSeconds).toBeGreaterThan(0);
    expect(me.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(Math.abs(me.rssBytes - process.memoryUsage().rss)).toBeLessThan(64 * 1024 * 1024);
    expect(readProcess(2 ** 22 + 12345)).toBeUndefined();
  });
});

describe('readProcessTree', () => {
  it('keeps the CPU of a child that has exited and been waited for', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // A Node process whose child shell burns CPU and exits; Node waits for it, then idles with no child.
    const burn = 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done';
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `require('node:child_process').execFileSync('sh', ['-c', '${burn}']); setTimeout(() => {}, 10000);`,
      ],
      { stdio: 'ignore' },
    );
    try {
      const started = Date.now();
      // Wait for the child to appear, then to be gone (exited, and reaped by execFileSync).
      while (childGone(parent.pid!) && Date.now() - started < 2_000) await sleep(10);
      while (!childGone(parent.pid!) && Date.now() - started < 20_000) await sleep(50);
      const tree = readProcessTree(parent.pid!)!;
      const own = readProcess(parent.pid!)!;
      expect(tree.cpuSeconds - own.cpuSeconds).toBeGreaterThanOrEqual(0.05);
    } finally {
      parent.kill('SIGKILL');
    }
  }, 30_000);
});

/** Whether `pid` has no child process left. */
function childGone(pid: number): boolean {
  return !readdirSync('/proc').some((e) => /^\d+$/.test(e) && parentOf(Number(e)) === pid);
}
