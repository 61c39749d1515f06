// `npm start` end to end, as a supervisor: a worker killed with SIGKILL is restarted while the demo traffic
// keeps being acknowledged, and `npm run economy:verify` beside the running stack uses its Postgres and leaves
// it (and the stack) running. Before, either one stopped the whole stack. Runs the real scripts/start.mjs
// with its state in a temporary folder, one worker and one shard to spare the CPU.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const repoRoot = new URL('../..', import.meta.url).pathname;
const stateDir = mkdtempSync(join(tmpdir(), 'droas-start-'));
chmodSync(stateDir, 0o755); // the postgres user enters it when we are root
const env = {
  ...process.env,
  DROAS_STATE_DIR: stateDir,
  WORKERS: '1',
  TOTAL_SHARDS: '1',
  DEMO_TRAFFIC_PER_SEC: '10',
  // npm test's own servers are not this stack's.
  REDIS_URL: '',
  DATABASE_URL: '',
};

let stack;
const lines = [];
const waiters = new Set();

/** Resolves with the first line of npm start's output (so far or to come) that matches. */
function waitForLine(match, timeoutMs = 60_000) {
  const found = lines.find((l) => match.test(l));
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const waiter = { match, resolve };
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      reject(new Error(`no line ${match} within ${timeoutMs} ms; npm start said:\n${lines.join('\n')}`));
    }, timeoutMs);
    waiter.resolve = (line) => {
      clearTimeout(timer);
      resolve(line);
    };
    waiters.add(waiter);
  });
}

async function acknowledged(simUrl) {
  return (await (await fetch(`${simUrl}/stats`)).json()).acknowledged;
}

/** Waits until the simulator has seen `more` acknowledgements beyond `from`. */
async function ackRises(simUrl, from, more, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await acknowledged(simUrl);
    if (now >= from + more) return now;
    if (Date.now() > deadline) assert.fail(`acknowledged went from ${from} to ${now} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

before(() => {
  stack = spawn(process.execPath, [join(repoRoot, 'scripts/start.mjs')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let partial = '';
  const onData = (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match.test(line)) {
          waiters.delete(w);
          w.resolve(line);
        }
      }
    }
  };
  stack.stdout.on('data', onData);
  stack.stderr.on('data', onData);
});

after(async () => {
  if (stack.exitCode === null && stack.signalCode === null) {
    const exited = new Promise((resolve) => stack.once('exit', resolve));
    stack.kill('SIGTERM');
    await exited;
  }
  rmSync(stateDir, { recursive: true, force: true });
});

describe('npm start', { timeout: 300_000 }, () => {
  let simUrl;

  it('comes up with the demo traffic acknowledged', async () => {
    await waitForLine(/^\[droas\] up\./, 240_000);
    const summary = await waitForLine(/^ {2}discord-sim .* control http/);
    simUrl = /control (http:\/\/127\.0\.0\.1:\d+\/_sim)/.exec(summary)[1];
    await ackRises(simUrl, 0, 5);
  });

  it('restarts a worker killed with SIGKILL, and the traffic goes on', async () => {
    const worker = spawnSync('pgrep', ['-P', String(stack.pid), '-f', 'apps/worker/dist/src/main.js'], {
      encoding: 'utf8',
    });
    const pid = Number(worker.stdout.trim());
    assert.ok(pid > 0, `worker-0 among npm start's children: ${worker.stdout}${worker.stderr}`);
    process.kill(pid, 'SIGKILL');
    await waitForLine(/^\[droas\] worker-0 exited \(SIGKILL\); restarting in 1 s \(restart 1\); its log: /);
    await waitForLine(/^\[droas\] worker-0 is running again \(pid \d+\)$/);
    await ackRises(simUrl, await acknowledged(simUrl), 20);
  });

  it('keeps running while economy:verify uses its Postgres', async () => {
    const verify = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'scripts/runWithDatabase.mjs'),
        '@droas/economy',
        'packages/economy/dist/bin/verify.js',
      ],
      { cwd: repoRoot, env, encoding: 'utf8' },
    );
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /postgres .* \(running already; left running\)/);
    assert.match(verify.stdout, /OK: every balance equals the sum of its ledger entries/);
    await ackRises(simUrl, await acknowledged(simUrl), 20);
    assert.deepEqual(
      lines.filter((l) => / exited /.test(l)),
      [lines.find((l) => /worker-0 exited/.test(l))],
      'nothing but the killed worker exited',
    );
  });

  it('stops everything on SIGTERM and counts the restarts', async () => {
    const exited = new Promise((resolve) => stack.once('exit', (code) => resolve(code)));
    stack.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(lines.includes('[droas] stopped cleanly; restarts: worker-0 1'), lines.slice(-5).join('\n'));
    const left = spawnSync('pgrep', ['-f', stateDir], { encoding: 'utf8' });
    assert.equal(left.stdout.trim(), '', 'no process of this stack is left');
  });
});
