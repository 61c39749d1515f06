// Who may stop the local Postgres: `npm start` runs its own; migrate and economy:verify use the one that is
// running and never stop it (before, they stopped npm start's, "left running by an earlier run", and with it
// the whole stack); a server whose starter was killed is stopped by the next npm start.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findRunningPostgres, isAlive } from '../lib/services.mjs';
import { createLocalServices } from '../lib/localServices.mjs';

const stateDir = mkdtempSync(join(tmpdir(), 'droas-local-'));
chmodSync(stateDir, 0o755); // the postgres user enters it when we are root
const local = createLocalServices({ stateDir });
const lines = [];
const log = (line) => lines.push(line);
after(() => rmSync(stateDir, { recursive: true, force: true }));

const moduleUrl = new URL('../lib/localServices.mjs', import.meta.url).href;
const servicesUrl = new URL('../lib/services.mjs', import.meta.url).href;

async function waitUntil(condition, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs `body` in another node process with `local` bound to the same state folder; resolves with what it
 * printed once it prints `until` (leaving it running) or exits.
 */
function inAnotherProcess(body, until) {
  const script = `import { createLocalServices } from ${JSON.stringify(moduleUrl)};
    const local = createLocalServices({ stateDir: ${JSON.stringify(stateDir)} });
    const log = () => {};
    ${body}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (until && out.includes(until)) resolve({ child, out });
    });
    child.once('exit', (code) => resolve({ child, out, code }));
  });
}

describe('local Postgres ownership', () => {
  it('a helper uses the Postgres npm start runs, and leaves it running', async () => {
    const pg = await local.startStackPostgres(log);
    let crashed = false;
    pg.onExit(() => (crashed = true));
    try {
      const { out, code } = await inAnotherProcess(`
        const pg = await local.useLocalPostgres({ log, command: 'economy:verify' });
        console.log(JSON.stringify({ url: pg.url, shared: pg.shared }));
        await pg.release();`);
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(out), { url: pg.url, shared: true });
      assert.ok(pg.running() && !crashed, 'npm start’s Postgres still runs');
      assert.equal((await findRunningPostgres({ dir: pg.dir }))?.pid, pg.pid());
    } finally {
      await pg.stop();
      local.releaseOwnership();
    }
  });

  it('with none running, a helper starts its own and stops it afterwards', async () => {
    const { out, code } = await inAnotherProcess(`
      const pg = await local.useLocalPostgres({ log, command: 'migrate' });
      console.log(JSON.stringify({ shared: pg.shared }));
      await pg.release();`);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), { shared: false });
    assert.equal(await findRunningPostgres({ dir: join(stateDir, 'postgres') }), undefined);
    assert.equal(existsSync(join(stateDir, 'postgres.owner')), false);
  });

  it('a Postgres npm start ran goes with it when npm start is killed', async () => {
    const { child } = await inAnotherProcess(
      `await local.startStackPostgres(log); console.log('up'); setInterval(() => {}, 1000);`,
      'up',
    );
    const running = await findRunningPostgres({ dir: join(stateDir, 'postgres') });
    assert.ok(running);
    child.kill('SIGKILL');
    await waitUntil(() => !isAlive(running.pid), 'the Postgres stops once its npm start is gone');
  });

  it('npm start stops a Postgres whose starter was killed without it, and starts its own', async () => {
    // As a run left it before servers stopped with their parent (or where setpriv is missing).
    const { child } = await inAnotherProcess(
      `const { startPostgres } = await import(${JSON.stringify(servicesUrl)});
      await startPostgres({ dir: ${JSON.stringify(join(stateDir, 'postgres'))}, ownProcessGroup: true });
      (await import('node:fs')).writeFileSync(${JSON.stringify(join(stateDir, 'postgres.owner'))},
        JSON.stringify({ pid: process.pid, command: 'npm start' }));
      console.log('up');
      setInterval(() => {}, 1000);`,
      'up',
    );
    child.kill('SIGKILL');
    const left = await findRunningPostgres({ dir: join(stateDir, 'postgres') });
    assert.ok(left, 'the killed run left its Postgres running');
    lines.length = 0;
    const pg = await local.startStackPostgres(log);
    try {
      assert.deepEqual(lines, [`stopping a Postgres left running by an earlier run (pid ${left.pid})`]);
      assert.equal(isAlive(left.pid), false);
      assert.ok(pg.running());
    } finally {
      await pg.stop();
      local.releaseOwnership();
    }
  });
});

describe('claimStack', () => {
  it('refuses a second npm start while the first runs, and not once it is gone', async () => {
    const { child } = await inAnotherProcess(
      `local.claimStack(); console.log('claimed'); setInterval(() => {}, 1000);`,
      'claimed',
    );
    assert.throws(
      () => local.claimStack(),
      new RegExp(`npm start is already running in this checkout \\(pid ${child.pid}\\)`),
    );
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    const release = local.claimStack();
    release();
    assert.equal(existsSync(join(stateDir, 'start.pid')), false);
  });
});
