#!/usr/bin/env node
// `npm start`: install what is missing, build, start (or reuse) Redis and Postgres, migrate, then run every
// app that exists, each as its own process with its own ops port, under a supervisor: a process that dies is
// started again (with backoff) and the others keep running. Ctrl-C or SIGTERM stops the apps (SIGTERM,
// newest first), then the servers this script started. A second Ctrl-C forces.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createManagedProcess, findFreePort, redactUrl } from './lib/services.mjs';
import { ensureDependencies, turbo, repoRoot } from './lib/deps.mjs';
import { localServices, stateDir } from './lib/localServices.mjs';
import { log } from './lib/log.mjs';
import { appsToStart } from './lib/apps.mjs';
import { Supervisor } from './lib/supervisor.mjs';

const logDir = join(stateDir, 'logs');
const supervisor = new Supervisor({ log });
let releaseClaim = () => {};

let signals = 0;
// SIGHUP: the terminal closed. Without it the apps, in process groups of their own, would live on.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (++signals > 1) {
      log('second signal: forcing exit');
      supervisor.kill();
      process.exit(130);
    }
    void shutdown(0);
  });
}

async function shutdown(code) {
  if (supervisor.stopping) return;
  const started = Object.keys(supervisor.restarts()).length > 0;
  if (started) log('stopping…');
  await supervisor.stop();
  localServices.releaseOwnership();
  releaseClaim();
  const restarts = Object.entries(supervisor.restarts()).filter(([, n]) => n > 0);
  const counted = restarts.map(([name, n]) => `${name} ${n}`).join(', ');
  if (started) log(`stopped${code === 0 ? ' cleanly' : ''}${counted ? `; restarts: ${counted}` : ''}`);
  process.exit(code);
}

try {
  releaseClaim = localServices.claimStack();
  mkdirSync(logDir, { recursive: true });
  ensureDependencies();
  log('building…');
  turbo(['build']);
  await main();
} catch (error) {
  if (!supervisor.stopping) {
    process.stderr.write(`[droas] ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown(1);
  }
}

async function main() {
  const redis = process.env.REDIS_URL
    ? { url: process.env.REDIS_URL, where: '(REDIS_URL)' }
    : await supervised(await localServices.startStackRedis(log));
  const pg = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, where: '(DATABASE_URL)' }
    : await supervised(await localServices.startStackPostgres(log));
  log(`redis     ${redactUrl(redis.url)} ${redis.where}`);
  log(`postgres  ${redactUrl(pg.url)} ${pg.where}`);

  log('migrating…');
  const migrate = spawnSync(process.execPath, [join(repoRoot, 'packages/db/dist/bin/migrate.js')], {
    env: { ...process.env, DATABASE_URL: pg.url },
    stdio: 'inherit',
  });
  if (migrate.status !== 0) throw new Error('migration failed; see the lines above.');

  const apps = await appsToStart({ env: process.env, findFreePort, repoRoot });
  if (apps.length === 0) log('no apps are built yet: only Redis and Postgres are running.');

  const summary = [];
  const setUp = setUpDiscord(apps);
  for (const app of apps) {
    const logFile = join(logDir, `${app.name}.log`);
    const unit = createManagedProcess({
      name: app.name,
      logFile,
      cwd: repoRoot,
      stopTimeoutMs: 30_000,
      readyTimeoutMs: 60_000,
      ownProcessGroup: true,
      stopWithParent: true,
      commandLine: () => ({
        command: process.execPath,
        args: [join(repoRoot, app.entry), ...(app.args ?? [])],
        env: { ...process.env, REDIS_URL: redis.url, DATABASE_URL: pg.url, ...app.env },
      }),
      ...(app.readyUrl ? { isReady: () => isHttpOk(app.readyUrl) } : {}),
    });
    // A restarted simulator has forgotten the registered commands and its demo traffic.
    await supervisor.add(unit, app.name === 'discord-sim' ? { afterRestart: setUp } : {});
    summary.push(
      ...app.describe.map((line) => `${app.name.padEnd(12)} ${line}`),
      `${''.padEnd(12)} log ${logFile}`,
    );
  }
  await setUp();

  log('up. Ctrl-C stops everything; a process that dies is restarted.');
  for (const line of summary) process.stdout.write(`  ${line}\n`);
}

/** Puts a server npm start started under the supervisor; says where its data is. */
async function supervised(server) {
  await supervisor.add(server);
  return { url: server.url, where: `(local, data in ${server.dir})` };
}

/**
 * What Discord (the simulator, or the real one) needs once the apps run: the slash commands the workers
 * serve, registered, and only then the simulator's demo traffic.
 */
function setUpDiscord(apps) {
  const gateway = apps.find((a) => a.name === 'gateway');
  const hasWorkers = apps.some((a) => a.name.startsWith('worker'));
  const demo = apps.find((a) => a.after)?.after;
  return async () => {
    if (gateway && hasWorkers) deployCommands(gateway);
    if (!demo) return;
    const res = await fetch(demo.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demo.body),
    }).catch((error) => ({ ok: false, status: String(error) }));
    if (!res.ok) log(`could not start the demo traffic (${res.status})`);
  };
}

function deployCommands(gatewayApp) {
  const deploy = spawnSync(process.execPath, [join(repoRoot, 'apps/worker/dist/bin/deployCommands.js')], {
    env: { ...process.env, ...gatewayApp.env },
    encoding: 'utf8',
  });
  log(deploy.status === 0 ? deploy.stdout.trim() : `commands:deploy failed: ${deploy.stderr.trim()}`);
}

async function isHttpOk(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
