#!/usr/bin/env node
// `npm run infra:images`: builds the app images (gateway, worker, discord-sim, migrate) with podman from
// infra/images/Containerfile, each from a pruned, production-only context prepared on the host.
//
// NODE_IMAGE names the Node.js base image to build on (e.g. docker.io/library/node:22-bookworm-slim where a
// registry is reachable). Unset, the script builds a local one from Debian's archive and this machine's node,
// and local stand-ins for the redis, postgres and prometheus images, since no registry is reachable here.
// DROAS_IMAGE_PREFIX (`localhost/droas/`) and DROAS_IMAGE_TAG (`latest`) name the results.
import { ensureDependencies, turbo } from './lib/deps.mjs';
import { buildNodeBase, buildServiceImages, seconds } from './lib/baseImages.mjs';
import { APP_IMAGES, prepareContext } from './lib/imageContexts.mjs';
import { ensurePodman, infraDir, podman } from './lib/podman.mjs';
import { log } from './lib/log.mjs';
import { join } from 'node:path';

const started = Date.now();
const prefix = process.env.DROAS_IMAGE_PREFIX || 'localhost/droas/';
const tag = process.env.DROAS_IMAGE_TAG || 'latest';

ensureDependencies();
log('building the workspaces…');
turbo(['build']);
await ensurePodman({ debootstrap: !process.env.NODE_IMAGE });

let nodeImage = process.env.NODE_IMAGE;
if (!nodeImage) {
  const t = Date.now();
  nodeImage = buildNodeBase();
  buildServiceImages();
  log(`local base images ready in ${seconds(t)} s`);
}

const built = [];
for (const app of APP_IMAGES) {
  const t = Date.now();
  const context = prepareContext(app);
  const prepared = seconds(t);
  const image = `${prefix}${app.target}:${tag}`;
  podman(
    [
      'build',
      '--quiet',
      '--target',
      app.target,
      '--build-arg',
      `NODE_IMAGE=${nodeImage}`,
      '-t',
      image,
      '-f',
      join(infraDir, 'images', 'Containerfile'),
      context.dir,
    ],
    { capture: true },
  );
  log(`${image}: context ${prepared} s, total ${seconds(t)} s (${context.workspaces.join(', ')})`);
  built.push(image);
}

const sizes = podman(['images', '--format', '{{.Repository}}:{{.Tag}}\t{{.Size}}'], { capture: true })
  .stdout.split('\n')
  .filter((line) => line.includes('/droas/'));
log(`images built in ${seconds(started)} s (base ${nodeImage}):`);
for (const line of sizes.sort()) process.stdout.write(`  ${line.replace('\t', '  ')}\n`);
