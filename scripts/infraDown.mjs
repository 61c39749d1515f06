#!/usr/bin/env node
// `npm run infra:down [-- --volumes]`: stops the Compose stack `infra:up` started (SIGTERM, 30 s to drain,
// the apps before Redis and Postgres) and removes its containers and network. The data volumes stay unless
// `--volumes`.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seconds } from './lib/baseImages.mjs';
import {
  compose,
  composeEnvFile,
  ensurePodman,
  infraStateDir,
  podman,
  project,
  projectContainers,
  readComposeVars,
} from './lib/podman.mjs';
import { log } from './lib/log.mjs';

const { values } = parseArgs({ options: { volumes: { type: 'boolean', default: false } } });
const started = Date.now();
await ensurePodman();

// The same variables as `up`: podman-compose names the containers from them (WORKER_REPLICAS).
const vars = readComposeVars() ?? {};
const before = projectContainers();
if (before.length > 0) {
  log(`stopping ${before.length} containers (up to 30 s each to drain)…`);
  compose(
    ['down', '-t', '30', ...(values.volumes ? ['--volumes'] : [])],
    vars,
    join(infraStateDir, 'compose.log'),
  );
}
// Whatever podman-compose did not name (a different WORKER_REPLICAS, a one-off container) goes too.
const left = projectContainers().map((c) => c.name);
if (left.length > 0) podman(['rm', '--force', '--time', '30', ...left], { capture: true });
podman(['network', 'rm', `${project}_default`], { capture: true, allowFailure: true });
if (values.volumes) {
  const volumes = podman(['volume', 'ls', '--filter', `label=io.podman.compose.project=${project}`, '-q'], {
    capture: true,
  }).stdout.split('\n');
  const named = volumes.filter((v) => v.trim() !== '');
  if (named.length > 0) podman(['volume', 'rm', ...named], { capture: true });
}
rmSync(composeEnvFile, { force: true });
log(
  `stopped and removed ${before.length} containers in ${seconds(started)} s` +
    (values.volumes ? ', and the data volumes' : '; the data volumes stay (`-- --volumes` removes them)'),
);
