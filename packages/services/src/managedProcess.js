'use strict';
// One long-lived local process (a server, or an app under `npm start`) that can be started, stopped and
// started again, and that reports the exits nobody asked for, so a supervisor can restart it.
const { spawn } = require('node:child_process');
const { closeSync, existsSync, openSync, readFileSync } = require('node:fs');
const { which } = require('./commands.js');
const { ProvisioningError } = require('./provisioningError.js');

const setpriv = which('setpriv');

/**
 * @typedef {object} ProcessExit
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 */

/**
 * @typedef {object} ManagedProcess
 * @property {string} name
 * @property {string} logFile where its stdout and stderr go (appended)
 * @property {() => number | undefined} pid the running process's pid
 * @property {() => boolean} running whether it is started and ready
 * @property {() => Promise<void>} start starts it unless it runs, resolving once it is ready; rejects, with
 *   nothing left running, when it exits first or is not ready in time
 * @property {() => Promise<void>} stop sends the stop signal, SIGKILL after the deadline, and resolves once
 *   it has exited; idempotent
 * @property {() => Promise<void>} restart stop, then start
 * @property {(listener: (exit: ProcessExit) => void) => () => void} onExit calls `listener` when it exits
 *   after being ready without `stop()` (a crash, a kill from outside); returns the unsubscribe
 */

/**
 * @typedef {object} ProcessSpec
 * @property {string} name
 * @property {() => { command: string, args: string[], env?: Record<string, string | undefined> }} commandLine
 *   called at every start
 * @property {string} logFile
 * @property {string} [cwd]
 * @property {NodeJS.Signals} [stopSignal] (default: 'SIGTERM')
 * @property {number} [stopTimeoutMs] then SIGKILL (default: 15000)
 * @property {() => Promise<boolean>} [isReady] polled every 100 ms after spawning
 *   (default: ready once spawned)
 * @property {number} [readyTimeoutMs] (default: 60000)
 * @property {boolean} [ownProcessGroup] run it in a process group of its own: a Ctrl-C in the terminal then
 *   reaches only the supervisor, which stops things in order, and whatever the process forked is killed with
 *   it when it dies (default: false)
 * @property {boolean} [stopWithParent] have the kernel send it the stop signal when this process dies, even
 *   by SIGKILL, so nothing is left running (Linux, through setpriv --pdeathsig; skipped without setpriv)
 *   (default: false)
 */

/**
 * @typedef {object} Run
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<ProcessExit>} exited
 * @property {ProcessExit | undefined} exit set once it has exited
 * @property {boolean} ready
 * @property {boolean} stopRequested
 */

const ProcessDefaults = /** @type {const} */ ({
  stopSignal: 'SIGTERM',
  stopTimeoutMs: 15_000,
  readyTimeoutMs: 60_000,
  ownProcessGroup: false,
  stopWithParent: false,
});

/**
 * @param {ProcessSpec} spec
 * @returns {ManagedProcess}
 */
function createManagedProcess(spec) {
  const options = { ...ProcessDefaults, ...spec };
  /** @type {Run | undefined} */
  let current;
  /** @type {Promise<void> | undefined} */
  let starting;
  /** @type {Set<(exit: ProcessExit) => void>} */
  const listeners = new Set();

  /** @returns {Run} */
  function launch() {
    const line = withParentDeathSignal(options.commandLine());
    const fd = openSync(options.logFile, 'a');
    /** @type {import('node:child_process').ChildProcess} */
    let child;
    try {
      child = spawn(line.command, line.args, {
        cwd: options.cwd,
        env: line.env,
        stdio: ['ignore', fd, fd],
        detached: options.ownProcessGroup,
      });
    } finally {
      closeSync(fd); // the child holds its own copy
    }
    /** @type {Run} */
    const run = {
      child,
      exited: Promise.resolve({ code: null, signal: null }),
      exit: undefined,
      ready: false,
      stopRequested: false,
    };
    run.exited = new Promise((resolve) => {
      /** @param {ProcessExit} exit */
      const finish = (exit) => {
        if (run.exit) return;
        run.exit = exit;
        if (current === run) current = undefined;
        // Whatever it forked and left behind (postgres backends, gateway clusters) would hold ports, shared
        // memory and sessions that a restart needs.
        if (options.ownProcessGroup) killGroup(child.pid, 'SIGKILL');
        resolve(exit);
        if (run.ready && !run.stopRequested) for (const listener of [...listeners]) listener(exit);
      };
      child.once('exit', (code, signal) => finish({ code, signal }));
      // 'error' also reports a failed kill() of a live process; only a failed spawn (no pid) is an exit.
      child.on('error', () => {
        if (child.pid === undefined) finish({ code: null, signal: null });
      });
    });
    return run;
  }

  /**
   * @param {{ command: string, args: string[], env?: Record<string, string | undefined> }} line
   */
  function withParentDeathSignal(line) {
    if (!options.stopWithParent || !setpriv) return line;
    const pdeathsig = ['--pdeathsig', options.stopSignal];
    // setpriv execs in place, so the pid stays the program's; an existing setpriv (another user) takes the flag.
    return line.command === 'setpriv'
      ? { ...line, args: [...pdeathsig, ...line.args] }
      : { ...line, command: setpriv, args: [...pdeathsig, line.command, ...line.args] };
  }

  /** @param {Run} run */
  async function waitUntilReady(run) {
    const deadline = Date.now() + options.readyTimeoutMs;
    for (;;) {
      if (run.exit) {
        throw new ProvisioningError(
          `${options.name} exited while starting (${describeExit(run.exit)}); its log: ${options.logFile}` +
            logTail(options.logFile),
          { logFile: options.logFile },
        );
      }
      if (!options.isReady || (await options.isReady().catch(() => false))) {
        if (!run.exit) return;
        continue;
      }
      if (Date.now() > deadline) {
        throw new ProvisioningError(
          `${options.name} was not ready within ${options.readyTimeoutMs} ms; its log: ${options.logFile}` +
            logTail(options.logFile),
          { logFile: options.logFile },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** @param {Run} run */
  async function terminate(run) {
    run.stopRequested = true;
    if (run.exit) return;
    run.child.kill(options.stopSignal);
    const timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      if (options.ownProcessGroup) killGroup(run.child.pid, 'SIGKILL');
    }, options.stopTimeoutMs);
    await run.exited;
    clearTimeout(timer);
  }

  async function startOnce() {
    const run = launch();
    current = run;
    try {
      await waitUntilReady(run);
      run.ready = true;
    } catch (error) {
      await terminate(run);
      throw error;
    }
  }

  /** @type {ManagedProcess} */
  const managed = {
    name: options.name,
    logFile: options.logFile,
    pid: () => current?.child.pid,
    running: () => current?.ready === true,
    start() {
      if (starting) return starting;
      if (current) return Promise.resolve();
      starting = startOnce().finally(() => {
        starting = undefined;
      });
      return starting;
    },
    async stop() {
      // A start in progress is cut short: its process is stopped and start() rejects.
      if (current) await terminate(current);
      await starting?.catch(() => {});
    },
    async restart() {
      await managed.stop();
      await managed.start();
    },
    onExit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return managed;
}

/**
 * @param {number | undefined} pid leader of the group
 * @param {NodeJS.Signals} signal
 */
function killGroup(pid, signal) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // nothing left in the group
  }
}

/**
 * "exit code 1" or "SIGKILL", for log lines.
 * @param {ProcessExit} exit
 */
function describeExit(exit) {
  if (exit.signal) return exit.signal;
  return exit.code === null ? 'could not be started' : `exit code ${exit.code}`;
}

/**
 * The last lines of a log, indented, for an error message.
 * @param {string} file
 */
function logTail(file, lines = 15) {
  if (!existsSync(file)) return '';
  const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  return tail.length > 0 ? `\n${tail.map((l) => `    ${l}`).join('\n')}` : '';
}

module.exports = { createManagedProcess, describeExit, logTail };
