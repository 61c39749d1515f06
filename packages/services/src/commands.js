'use strict';
// Running the programs the servers are made of: as this user or, for Postgres under root, as another.
const { execFile, spawnSync } = require('node:child_process');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * @typedef {object} CommandResult
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Runs a program to completion without blocking the event loop (a supervisor keeps serving meanwhile).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string> }} [options] env replaces the environment entirely
 * @returns {Promise<CommandResult>}
 */
function runCommand(command, args, options = {}) {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({
        code,
        stdout: String(stdout),
        stderr: String(stderr || (error && !stderr ? error.message : '')),
      });
    });
  });
}

/**
 * The absolute path of a program on PATH, or undefined.
 * @param {string} command
 * @returns {string | undefined}
 */
function which(command) {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { encoding: 'utf8' });
  const path = r.status === 0 ? r.stdout.trim() : '';
  return path.startsWith('/') ? path : undefined;
}

/**
 * The command line that runs a program as `user` when we are root, and as ourselves otherwise. setpriv
 * execs in place, so the pid of the child is the program's own (signals reach it directly).
 * @param {string | undefined} user
 * @param {string} command
 * @param {string[]} args
 * @returns {{ command: string, args: string[] }}
 */
function asUser(user, command, args) {
  if (!isRoot || !user) return { command, args };
  return {
    command: 'setpriv',
    args: [`--reuid=${user}`, `--regid=${user}`, '--init-groups', '--reset-env', command, ...args],
  };
}

/**
 * The uid and gid of a system user, or undefined when there is no such user.
 * @param {string} user
 * @returns {{ uid: number, gid: number } | undefined}
 */
function idsOf(user) {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Whether a process with this pid exists (and we may signal it).
 * @param {number} pid
 */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * Signals a process we did not spawn (so we get no 'exit' event) and polls until it is gone, then SIGKILLs
 * it if it is still there after timeoutMs.
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 * @param {number} timeoutMs
 */
async function signalAndWait(pid, signal, timeoutMs) {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

module.exports = { asUser, idsOf, isAlive, isRoot, runCommand, signalAndWait, which };
