// Keeps `npm start`'s processes running the way a process supervisor would: a process that exits on its own
// (a crash, a kill -9) is started again after a delay that doubles with each exit in a row, and the others
// are left alone; only stop() ends them, newest first.
import { describeExit } from './services.mjs';

/**
 * @typedef {import('./services.mjs').ManagedProcess} ManagedProcess
 * @typedef {{ unit: ManagedProcess, restarts: number, exitsInARow: number, startedAt: number,
 *   afterRestart?: () => Promise<void>, timer?: NodeJS.Timeout }} Entry
 */

export const DefaultSupervisorOptions = /** @type {const} */ ({
  /** First restart delay; doubles per exit in a row. */
  initialBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  /** A process that ran this long before exiting starts the doubling over. */
  stableAfterMs: 30_000,
});

export class Supervisor {
  /** @type {Entry[]} */
  #entries = [];
  #stopping = false;
  /** @type {Promise<void> | undefined} */
  #stopped;
  #options;
  #log;

  /**
   * @param {{ log: (message: string) => void } & Partial<typeof DefaultSupervisorOptions>} options
   */
  constructor({ log, ...options }) {
    this.#log = log;
    this.#options = { ...DefaultSupervisorOptions, ...options };
  }

  get stopping() {
    return this.#stopping;
  }

  /**
   * Starts `unit` unless it runs already (resolving once it is ready) and from then on restarts it whenever
   * it exits on its own. After stop() it only stops the unit.
   * @param {ManagedProcess} unit
   * @param {{ afterRestart?: () => Promise<void> }} [options] runs after each restart (re-register state a
   *   restarted process lost)
   */
  async add(unit, options = {}) {
    if (this.#stopping) {
      await unit.stop();
      throw new Error(`not starting ${unit.name}: stopping`);
    }
    /** @type {Entry} */
    const entry = { unit, restarts: 0, exitsInARow: 0, startedAt: Date.now(), ...options };
    this.#entries.push(entry); // before it is ready, so a stop() meanwhile stops it too
    unit.onExit((exit) => this.#onExit(entry, exit));
    await unit.start();
    entry.startedAt = Date.now();
  }

  /** Restarts so far, by process name. */
  restarts() {
    return Object.fromEntries(this.#entries.map((e) => [e.unit.name, e.restarts]));
  }

  /** Stops every process, newest first, and restarts none from now on. Idempotent. */
  stop() {
    if (this.#stopped) return this.#stopped;
    this.#stopping = true;
    this.#stopped = (async () => {
      for (const entry of this.#entries) clearTimeout(entry.timer);
      for (const entry of [...this.#entries].reverse()) await entry.unit.stop();
    })();
    return this.#stopped;
  }

  /**
   * Kills every process and what it forked at once (SIGKILL to its process group), for a forced exit.
   * Processes started without a group of their own are killed alone.
   */
  kill() {
    this.#stopping = true;
    for (const entry of this.#entries) {
      clearTimeout(entry.timer);
      const pid = entry.unit.pid();
      if (pid === undefined) continue;
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // not a group leader, or gone already
        }
      }
    }
  }

  /**
   * @param {Entry} entry
   * @param {import('./services.mjs').ProcessExit} exit
   */
  #onExit(entry, exit) {
    if (this.#stopping) return;
    if (Date.now() - entry.startedAt >= this.#options.stableAfterMs) entry.exitsInARow = 0;
    entry.restarts += 1;
    const delayMs = this.#nextDelayMs(entry);
    this.#log(
      `${entry.unit.name} exited (${describeExit(exit)}); restarting in ${seconds(delayMs)} ` +
        `(restart ${entry.restarts}); its log: ${entry.unit.logFile}`,
    );
    this.#schedule(entry, delayMs);
  }

  /** @param {Entry} entry */
  #nextDelayMs(entry) {
    const { initialBackoffMs, maxBackoffMs } = this.#options;
    const delayMs = Math.min(initialBackoffMs * 2 ** entry.exitsInARow, maxBackoffMs);
    entry.exitsInARow += 1;
    return delayMs;
  }

  /**
   * @param {Entry} entry
   * @param {number} delayMs
   */
  #schedule(entry, delayMs) {
    entry.timer = setTimeout(() => void this.#restart(entry), delayMs);
  }

  /** @param {Entry} entry */
  async #restart(entry) {
    if (this.#stopping) return;
    try {
      await entry.unit.start();
    } catch (error) {
      if (this.#stopping) return;
      const delayMs = this.#nextDelayMs(entry);
      this.#log(
        `${entry.unit.name} did not start again (${firstLine(error)}); retrying in ${seconds(delayMs)}`,
      );
      this.#schedule(entry, delayMs);
      return;
    }
    entry.startedAt = Date.now();
    this.#log(`${entry.unit.name} is running again (pid ${entry.unit.pid()})`);
    await entry.afterRestart?.().catch((error) => {
      this.#log(`${entry.unit.name} runs, but what follows its restart failed: ${firstLine(error)}`);
    });
  }
}

/** @param {unknown} error */
function firstLine(error) {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** @param {number} ms */
function seconds(ms) {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
