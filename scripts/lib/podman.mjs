// podman and podman-compose for the `infra:*` scripts: installed from Debian when missing (as root), and always
// run with infra/podman/containers.conf, the settings under which root podman works in a sandbox or CI runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { debianPrograms } from './services.mjs';
import { repoRoot } from './deps.mjs';
import { stateDir } from './localServices.mjs';
import { fail, log } from './log.mjs';

export const infraDir = join(repoRoot, 'infra');
export const composeFile = join(infraDir, 'compose.yaml');
/** The Compose project: container names are `droas_<service>_<n>`. */
export const project = 'droas';
/** What `infra:up` chose (ports, images), read again by `infra:smoke` and `infra:down`. */
export const infraStateDir = join(stateDir, 'infra');
const composeEnvFile = join(infraStateDir, 'compose.env');

export const podmanEnv = { ...process.env, CONTAINERS_CONF: join(infraDir, 'podman', 'containers.conf') };

/** The programs the scripts run, and where Debian's packages put them. */
const PROGRAMS = [
  { pkg: 'podman', path: '/usr/bin/podman' },
  { pkg: 'runc', path: '/usr/sbin/runc' },
  { pkg: 'netavark', path: '/usr/lib/podman/netavark' },
  { pkg: 'aardvark-dns', path: '/usr/lib/podman/aardvark-dns' },
  // netavark sets up the containers' network (NAT, published ports) with iptables.
  { pkg: 'iptables', path: '/usr/sbin/iptables' },
  { pkg: 'podman-compose', path: '/usr/bin/podman-compose' },
];
const DEBOOTSTRAP = { pkg: 'debootstrap', path: '/usr/sbin/debootstrap' };

/** Installs podman (and debootstrap, for the base images) when missing; exits with what to do when it cannot. */
export async function ensurePodman({ debootstrap = false } = {}) {
  try {
    await debianPrograms(debootstrap ? [...PROGRAMS, DEBOOTSTRAP] : PROGRAMS, 'podman', { log });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs podman. `capture` returns its output instead of showing it; a failure exits with its message unless
 * `allowFailure`.
 * @param {string[]} args
 * @param {{ capture?: boolean, allowFailure?: boolean, input?: string | Buffer, env?: NodeJS.ProcessEnv }} [options]
 */
export function podman(args, { capture = false, allowFailure = false, input, env = podmanEnv } = {}) {
  const r = spawnSync('podman', args, {
    cwd: repoRoot,
    env,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: capture || input !== undefined ? 'pipe' : 'inherit',
  });
  if (r.status !== 0 && !allowFailure) {
    fail(
      `podman ${args.join(' ')} failed (exit ${r.status ?? r.signal})${r.stderr ? `:\n${r.stderr.trim()}` : ''}`,
    );
  }
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Whether the image exists locally. */
export function imageExists(tag) {
  return podman(['image', 'exists', tag], { allowFailure: true }).code === 0;
}

/**
 * Runs podman-compose on infra/compose.yaml with the variables `infra:up` chose; its chatter (one line per
 * podman call) goes to `logFile`, shown only when it fails.
 * @param {string[]} args
 * @param {Record<string, string>} vars
 * @param {string} logFile
 */
export function compose(args, vars, logFile) {
  const r = spawnSync('podman-compose', ['-p', project, '-f', composeFile, ...args], {
    cwd: repoRoot,
    env: { ...podmanEnv, ...vars },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  mkdirSync(infraStateDir, { recursive: true });
  writeFileSync(logFile, `$ podman-compose ${args.join(' ')}\n${r.stdout}${r.stderr}\n`, { flag: 'a' });
  if (r.status !== 0) {
    fail(`podman-compose ${args.join(' ')} failed (exit ${r.status ?? r.signal}); its output:\n${tail(r)}`);
  }
}

function tail(r) {
  return `${r.stdout}${r.stderr}`.trim().split('\n').slice(-30).join('\n');
}

/**
 * The containers of the project, with their Compose service and podman-compose's number (`droas_worker_2`).
 * @returns {{ name: string, service: string, state: string }[]}
 */
export function projectContainers() {
  const out = podman(
    ['ps', '-a', '--filter', `label=io.podman.compose.project=${project}`, '--format', 'json'],
    { capture: true },
  ).stdout;
  return (JSON.parse(out || '[]') ?? []).map((c) => ({
    name: c.Names[0],
    service: c.Labels?.['com.docker.compose.service'] ?? '',
    state: c.State,
  }));
}

/** The variables `infra:up` chose, or undefined when it has not run (or `infra:down` ran since). */
export function readComposeVars() {
  if (!existsSync(composeEnvFile)) return undefined;
  const vars = {};
  for (const line of readFileSync(composeEnvFile, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) vars[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return vars;
}

/** @param {Record<string, string>} vars */
export function writeComposeVars(vars) {
  mkdirSync(infraStateDir, { recursive: true });
  const lines = Object.entries(vars).map(([k, v]) => `${k}=${v}`);
  writeFileSync(composeEnvFile, `${lines.join('\n')}\n`, { mode: 0o600 });
}

export { composeEnvFile };

/**
 * A container's state, or undefined when it does not exist.
 * @returns {{ status: string, exitCode: number, pid: number, restarts: number } | undefined}
 */
export function containerState(name) {
  const r = podman(['container', 'inspect', name, '--format', 'json'], { capture: true, allowFailure: true });
  if (r.code !== 0) return undefined;
  const [c] = JSON.parse(r.stdout);
  return {
    status: c.State.Status,
    exitCode: c.State.ExitCode,
    pid: c.State.Pid,
    restarts: c.RestartCount ?? 0,
  };
}

/**
 * Runs the container's Compose healthcheck until it passes. podman 4.3 without systemd has nothing that runs
 * healthchecks on a timer, so the scripts run them (`podman healthcheck run`); Docker runs them itself.
 * Exits with the container's last log lines when it stops or does not become healthy in time.
 */
export async function waitHealthy(name, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (podman(['healthcheck', 'run', name], { capture: true, allowFailure: true }).code === 0) return;
    const state = containerState(name);
    if (Date.now() > deadline || state === undefined || state.status === 'exited') {
      fail(`${name} is not healthy (${state ? state.status : 'missing'}); its last lines:\n${logsOf(name)}`);
    }
    await sleep(1000);
  }
}

/** Waits for a one-shot container to exit; exits with its log when it fails. */
export async function waitExited(name, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = containerState(name);
    if (state?.status === 'exited' && state.exitCode === 0) return;
    if (Date.now() > deadline || state === undefined) {
      fail(
        `${name} did not finish (${state ? `${state.status}, exit ${state.exitCode}` : 'missing'}):\n${logsOf(name)}`,
      );
    }
    await sleep(500);
  }
}

export function logsOf(name, lines = 20) {
  const r = podman(['logs', '--tail', String(lines), name], { capture: true, allowFailure: true });
  return `${r.stdout}${r.stderr}`.trim();
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
