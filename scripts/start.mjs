#!/usr/bin/env node
// `npm start`: install what is missing, build, start (or reuse) Redis and Postgres, migrate, then run every
// app that exists, each as its own process with its own ops port. Ctrl-C stops the apps (SIGTERM, newest
// first), then the servers this script started. A second Ctrl-C forces.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, turbo, repoRoot } from './lib/deps.mjs';
import { findFreePort, redactUrl } from '../packages/services/src/index.js';
import { startLocalPostgres, startLocalRedis, stateDir } from './lib/localServices.mjs';
import { log, fail } from './lib/log.mjs';
import { appsToStart } from './lib/apps.mjs';

const logDir = join(stateDir, 'logs');
mkdirSync(logDir, { recursive: true });

ensureDependencies();
log('building…');
turbo(['build']);

const services = [];
const redis = process.env.REDIS_URL ? { url: process.env.REDIS_URL } : await startLocalRedis();
const pg = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : await startLocalPostgres();
log(`redis     ${redactUrl(redis.url)}${redis.dir ? ` (local, data in ${redis.dir})` : ' (REDIS_URL)'}`);
log(`postgres  ${redactUrl(pg.url)}${pg.dir ? ` (local, data in ${pg.dir})` : ' (DATABASE_URL)'}`);
for (const s of [redis, pg]) if (s.stop) services.push(s);
const children = [];
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await Promise.race([
      new Promise((r) => child.once('exit', r)),
      new Promise((r) => setTimeout(r, 30_000)).then(() => child.kill('SIGKILL')),
    ]);
  }
  await Promise.all(services.map((s) => s.stop()));
  log('stopped cleanly');
  process.exit(code);
}
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (++signals > 1) {
      log('second signal: forcing exit');
      for (const child of children) child.kill('SIGKILL');
      process.exit(130);
    }
    void stopAll(0);
  });
}
for (const s of services) {
  s.onExit(() => {
    if (!stopping) {
      log(`${s.name} exited unexpectedly; see ${s.logFile}`);
      void stopAll(1);
    }
  });
}

log('migrating…');
const migrate = spawnSync(process.execPath, [join(repoRoot, 'packages/db/dist/bin/migrate.js')], {
  env: { ...process.env, DATABASE_URL: pg.url },
  stdio: 'inherit',
});
if (migrate.status !== 0) {
  await Promise.all(services.map((s) => s.stop()));
  fail('migration failed; see the lines above.');
}

const context = { env: process.env, findFreePort, repoRoot };
const apps = await appsToStart(context);
if (apps.length === 0) log('no apps are built yet: only Redis and Postgres are running.');

const summary = [];
for (const app of apps) {
  const logFile = join(logDir, `${app.name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(repoRoot, app.entry), ...(app.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, REDIS_URL: redis.url, DATABASE_URL: pg.url, ...app.env },
    stdio: ['ignore', fd, fd],
  });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      log(`${app.name} exited (${code ?? signal}); its log: ${logFile}`);
      void stopAll(1);
    }
  });
  if (app.readyUrl) await waitReady(app.name, app.readyUrl, logFile);
  summary.push(
    ...app.describe.map((line) => `${app.name.padEnd(12)} ${line}`),
    `${''.padEnd(12)} log ${logFile}`,
  );
}

// Register the slash commands the workers serve, and only then let the simulator's demo traffic begin.
const gatewayApp = apps.find((a) => a.name === 'gateway');
if (gatewayApp && apps.some((a) => a.name.startsWith('worker'))) {
  const deploy = spawnSync(process.execPath, [join(repoRoot, 'apps/worker/dist/bin/deployCommands.js')], {
    env: { ...process.env, ...gatewayApp.env },
    encoding: 'utf8',
  });
  log(deploy.status === 0 ? deploy.stdout.trim() : `commands:deploy failed: ${deploy.stderr.trim()}`);
}
for (const app of apps) {
  if (!app.after) continue;
  const res = await fetch(app.after.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(app.after.body),
  }).catch((error) => ({ ok: false, status: String(error) }));
  if (!res.ok) log(`could not start ${app.name}'s demo traffic (${res.status})`);
}

log('up. Ctrl-C stops everything.');
for (const line of summary) process.stdout.write(`  ${line}\n`);

async function waitReady(name, url, logFile) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!stopping) {
    log(`${name} was not ready within 60 s; its log: ${logFile}`);
    await stopAll(1);
  }
}
