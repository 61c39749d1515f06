#!/usr/bin/env node
// `npm run infra:up`: runs infra/compose.yaml with podman-compose, configured as `npm start` configures the
// processes: Redis and Postgres, the migrations once, the simulator (unless DISCORD_TOKEN is set), the slash
// commands registered, the gateway, WORKER_REPLICAS workers and Prometheus, then the simulator's demo traffic.
//
// podman-compose 1.0 (Debian's) ignores `depends_on` conditions, so this script brings the services up in
// their order itself and waits for each one's healthcheck (or, for the one-shot migrate and commands, for a
// clean exit). Host ports are free ones unless SIM_HOST_PORT, POSTGRES_HOST_PORT or PROMETHEUS_HOST_PORT say;
// what was chosen is kept for `infra:smoke` and `infra:down`. Missing images are built first.
import { join } from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { findFreePort, redactUrl } from './lib/services.mjs';
import { localImages, seconds } from './lib/baseImages.mjs';
import { APP_IMAGES } from './lib/imageContexts.mjs';
import {
  compose,
  ensurePodman,
  imageExists,
  infraStateDir,
  logsOf,
  podman,
  projectContainers,
  readComposeVars,
  waitExited,
  waitHealthy,
  writeComposeVars,
} from './lib/podman.mjs';
import { fail, log } from './lib/log.mjs';

const started = Date.now();
const env = process.env;
await ensurePodman();

const existing = projectContainers();
const running = existing.filter((c) => c.state === 'running');
if (running.length > 0) {
  fail(
    `the stack is up already (${running.map((c) => c.name).join(', ')}). ` +
      '`npm run infra:down` first to start it again with new settings.',
  );
}
if (existing.length > 0) {
  // Stopped containers of an earlier run (one that failed half-way): podman-compose would keep them as they
  // were instead of creating them from compose.yaml as it is now.
  log(`removing ${existing.length} stopped containers of an earlier run…`);
  podman(['rm', '--force', ...existing.map((c) => c.name)], { capture: true });
}

const useSim = !env.DISCORD_TOKEN;
const prefix = env.DROAS_IMAGE_PREFIX || 'localhost/droas/';
const tag = env.DROAS_IMAGE_TAG || 'latest';
const appImages = APP_IMAGES.map((a) => `${prefix}${a.target}:${tag}`);
// Without NODE_IMAGE the images were built from local bases, and so were the stand-ins of the registry's.
const localStandIns = !env.NODE_IMAGE;
const serviceImages = localStandIns
  ? {
      REDIS_IMAGE: localImages.redis,
      POSTGRES_IMAGE: localImages.postgres,
      PROMETHEUS_IMAGE: localImages.prometheus,
    }
  : {};
const missing = [...appImages, ...Object.values(serviceImages)].filter((image) => !imageExists(image));
if (missing.length > 0) {
  log(`missing images (${missing.join(', ')}): building them (npm run infra:images)…`);
  const images = spawnSync(process.execPath, [join(import.meta.dirname, 'infraImages.mjs')], {
    stdio: 'inherit',
  });
  if (images.status !== 0) fail('infra:images failed; see above.');
}

const previous = readComposeVars() ?? {};
const port = async (name) => env[name] || previous[name] || String(await findFreePort());
const vars = {
  DROAS_IMAGE_PREFIX: prefix,
  DROAS_IMAGE_TAG: tag,
  ...serviceImages,
  SIM_HOST_PORT: await port('SIM_HOST_PORT'),
  POSTGRES_HOST_PORT: await port('POSTGRES_HOST_PORT'),
  PROMETHEUS_HOST_PORT: await port('PROMETHEUS_HOST_PORT'),
  POSTGRES_PASSWORD: env.POSTGRES_PASSWORD || previous.POSTGRES_PASSWORD || 'droas',
  WORKER_REPLICAS: env.WORKER_REPLICAS || '2',
  TOTAL_SHARDS: env.TOTAL_SHARDS || '2',
  SHARDS_PER_CLUSTER: env.SHARDS_PER_CLUSTER || '1',
  SIM_GUILDS: env.SIM_GUILDS || '20',
  ...(useSim
    ? {}
    : {
        DISCORD_TOKEN: env.DISCORD_TOKEN,
        DISCORD_API_URL: env.DISCORD_API_URL || 'https://discord.com/api',
      }),
};
writeComposeVars(vars);
mkdirSync(infraStateDir, { recursive: true });
const logFile = join(infraStateDir, 'compose.log');
rmSync(logFile, { force: true });

const containersOf = (service) =>
  projectContainers()
    .filter((c) => c.service === service)
    .map((c) => c.name)
    .sort();
/** Starts the containers of services that podman-compose created. */
function start(...services) {
  for (const service of services) podman(['start', ...containersOf(service)], { capture: true });
}
async function healthy(service) {
  const t = Date.now();
  for (const name of containersOf(service)) await waitHealthy(name);
  log(`${service.padEnd(11)} healthy (${containersOf(service).join(', ')}) after ${seconds(t)} s`);
}
async function finished(service) {
  const t = Date.now();
  const [name] = containersOf(service);
  await waitExited(name);
  log(`${service.padEnd(11)} done in ${seconds(t)} s: ${lastLine(logsOf(name, 5))}`);
}

// podman-compose creates every container (and the network and volumes) as compose.yaml says; this script
// then starts them in order. (Its `up` of one service would also start, again, the one-shots it depends on.)
const services = [
  'redis',
  'postgres',
  'migrate',
  ...(useSim ? ['discord-sim'] : []),
  'commands',
  'gateway',
  'worker',
  'prometheus',
];
log(`creating the containers (podman-compose, project droas; its output in ${logFile})…`);
compose(['up', '--no-start', '--no-build', ...services], vars, logFile);
start('redis', 'postgres');
await healthy('redis');
await healthy('postgres');
start('migrate');
await finished('migrate');
if (useSim) {
  start('discord-sim');
  await healthy('discord-sim');
}
start('commands');
await finished('commands');
start('gateway', 'worker', 'prometheus');
await healthy('gateway');
await healthy('worker');

const simUrl = `http://127.0.0.1:${vars.SIM_HOST_PORT}`;
const demo = env.DEMO_TRAFFIC === '0' ? 0 : Number(env.DEMO_TRAFFIC_PER_SEC ?? '2');
if (useSim && demo > 0) {
  const res = await fetch(`${simUrl}/_sim/generators`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'interactions', ratePerSec: demo, durationMs: 86_400_000 }),
  }).catch((error) => ({ ok: false, status: String(error) }));
  if (!res.ok) log(`could not start the demo traffic (${res.status})`);
}

const databaseUrl = `postgres://droas:${vars.POSTGRES_PASSWORD}@127.0.0.1:${vars.POSTGRES_HOST_PORT}/droas`;
log(`up in ${seconds(started)} s. \`npm run infra:smoke\` checks it; \`npm run infra:down\` stops it.`);
const lines = [
  ...(useSim
    ? [
        `discord-sim  control ${simUrl}/_sim   REST ${simUrl}/api`,
        `             demo traffic ${demo > 0 ? `${demo} commands/s` : 'off (DEMO_TRAFFIC=0)'}`,
      ]
    : ['discord      the real one (DISCORD_TOKEN)']),
  `gateway      ${vars.TOTAL_SHARDS} shards, ${vars.SHARDS_PER_CLUSTER} per cluster`,
  `worker       ${containersOf('worker').join(', ')}`,
  `postgres     ${redactUrl(databaseUrl)}`,
  `prometheus   http://127.0.0.1:${vars.PROMETHEUS_HOST_PORT} (targets: /api/v1/targets)`,
  'logs         podman logs -f droas_worker_1 (any container: podman ps)',
];
for (const line of lines) process.stdout.write(`  ${line}\n`);

function lastLine(text) {
  const last = text.split('\n').filter(Boolean).at(-1) ?? '';
  try {
    const parsed = JSON.parse(last);
    return parsed.msg ?? last;
  } catch {
    return last;
  }
}
