// The supervisor `npm start` runs its processes under, with real processes: one that is killed is started
// again after a doubling delay and the others are left alone; only stop() ends them, newest first.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createManagedProcess } from '../lib/services.mjs';
import { Supervisor } from '../lib/supervisor.mjs';

const dir = mkdtempSync(join(tmpdir(), 'droas-supervisor-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A node process that logs "ready <pid>" and idles; ready once this run has logged. */
function idler(name, { script = 'setInterval(() => {}, 1000)' } = {}) {
  const logFile = join(dir, `${name}.log`);
  let pid;
  const unit = createManagedProcess({
    name,
    logFile,
    stopTimeoutMs: 2_000,
    readyTimeoutMs: 5_000,
    commandLine: () => ({
      command: process.execPath,
      args: ['-e', `console.log('ready ' + process.pid); ${script}`],
    }),
    isReady: async () => {
      pid = unit.pid();
      return readFileSync(logFile, 'utf8').includes(`ready ${pid}\n`);
    },
  });
  return unit;
}

function recorder() {
  const lines = [];
  const waiters = [];
  return {
    lines,
    log: (line) => {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    },
    /** Resolves with the first line (already logged or to come) that matches. */
    waitFor(match, timeoutMs = 10_000) {
      const found = lines.find((l) => match.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line ${match} in:\n${lines.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
  };
}

describe('Supervisor', () => {
  it('restarts a process killed with SIGKILL, says so, and leaves the others running', async () => {
    const out = recorder();
    const supervisor = new Supervisor({ log: out.log, initialBackoffMs: 100 });
    const [a, b] = [idler('worker-0'), idler('worker-1')];
    try {
      await supervisor.add(a);
      await supervisor.add(b);
      const [pidA, pidB] = [a.pid(), b.pid()];
      process.kill(pidB, 'SIGKILL');
      const line = await out.waitFor(/^worker-1 exited/);
      assert.match(
        line,
        /^worker-1 exited \(SIGKILL\); restarting in 0\.1 s \(restart 1\); its log: .*worker-1\.log$/,
      );
      await out.waitFor(/^worker-1 is running again \(pid \d+\)$/);
      assert.ok(b.running());
      assert.notEqual(b.pid(), pidB);
      assert.equal(a.pid(), pidA, 'the other process was not touched');
      assert.deepEqual(supervisor.restarts(), { 'worker-0': 0, 'worker-1': 1 });
    } finally {
      await supervisor.stop();
    }
  });

  it('doubles the delay for exits in a row', async () => {
    const out = recorder();
    const supervisor = new Supervisor({ log: out.log, initialBackoffMs: 100 });
    const unit = idler('crashy');
    try {
      await supervisor.add(unit);
      for (const [n, delay] of [
        [1, '0.1'],
        [2, '0.2'],
        [3, '0.4'],
      ]) {
        process.kill(unit.pid(), 'SIGKILL');
        await out.waitFor(
          new RegExp(`^crashy exited \\(SIGKILL\\); restarting in ${delay} s \\(restart ${n}\\)`),
        );
        await out.waitFor(new RegExp(`running again`));
        out.lines.length = 0;
      }
    } finally {
      await supervisor.stop();
    }
  });

  it('keeps trying, with the same backoff, while a restart fails', async () => {
    const out = recorder();
    const supervisor = new Supervisor({ log: out.log, initialBackoffMs: 50 });
    let broken = false;
    const logFile = join(dir, 'flaky.log');
    const unit = createManagedProcess({
      name: 'flaky',
      logFile,
      readyTimeoutMs: 2_000,
      commandLine: () => ({
        command: process.execPath,
        args: [
          '-e',
          broken
            ? 'process.exit(3)'
            : 'console.log("up " + process.pid); setTimeout(() => process.exit(2), 300)',
        ],
      }),
      isReady: async () => readFileSync(logFile, 'utf8').includes(`up ${unit.pid()}\n`),
    });
    try {
      await supervisor.add(unit);
      broken = true;
      await out.waitFor(/^flaky exited \(exit code 2\); restarting in 0\.05 s \(restart 1\)/);
      await out.waitFor(
        /^flaky did not start again \(flaky exited while starting \(exit code 3\).*\); retrying in 0\.1 s$/,
      );
      await out.waitFor(/^flaky did not start again .*; retrying in 0\.2 s$/);
      broken = false;
      await out.waitFor(/^flaky is running again/);
    } finally {
      await supervisor.stop();
    }
  });

  it('stops newest first, and restarts nothing once stopping', async () => {
    const out = recorder();
    const supervisor = new Supervisor({ log: out.log, initialBackoffMs: 50 });
    const order = [];
    const units = ['redis', 'postgres', 'gateway', 'worker-0'].map((name) => {
      const unit = idler(name, {
        script: `process.on('SIGTERM', () => setTimeout(() => process.exit(0), 100)); setInterval(() => {}, 1000)`,
      });
      unit.onExit(() => order.push(`${name} crashed`));
      const stop = unit.stop;
      unit.stop = async () => {
        await stop();
        order.push(name);
      };
      return unit;
    });
    for (const unit of units) await supervisor.add(unit);
    await Promise.all([supervisor.stop(), supervisor.stop()]);
    assert.deepEqual(order, ['worker-0', 'gateway', 'postgres', 'redis']);
    assert.ok(units.every((u) => !u.running()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(out.lines, [], 'no restart was scheduled');
  });
});
