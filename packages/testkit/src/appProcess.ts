import { spawn, type ChildProcess } from 'node:child_process';
import { testEnv } from './env.js';

export interface AppProcess {
  readonly child: ChildProcess;
  /** Every line the process wrote to stdout and stderr so far. */
  readonly lines: string[];
  /** Lines that parse as JSON (pino), as objects. */
  logs(): Record<string, unknown>[];
  /** Resolves when a line matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then the exit code (or the signal's name). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
  readonly exited: Promise<number | string>;
}

/**
 * Runs one of our apps (its built entry file) as a real child process with the given environment, keeping
 * its output for assertions. Stop it in `afterAll`; a process left behind holds ports and Redis keys.
 * `nodeArgs` go to Node itself (flags NODE_OPTIONS refuses, such as `--cpu-prof`).
 */
export function spawnApp(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
  nodeArgs: string[] = [],
): AppProcess {
  const child = spawn(process.execPath, [...nodeArgs, entry, ...args], {
    env: { PATH: testEnv.path(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<{ match: (l: string) => boolean; resolve: (l: string) => void }>();
  const onData = (buffer: { partial: string }) => (chunk: Buffer) => {
    const text = buffer.partial + chunk.toString();
    const parts = text.split('\n');
    buffer.partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters) {
        if (w.match(line)) {
          waiters.delete(w);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout?.on('data', onData({ partial: '' }));
  child.stderr?.on('data', onData({ partial: '' }));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );

  return {
    child,
    lines,
    exited,
    logs: () =>
      lines.flatMap((l): Record<string, unknown>[] => {
        try {
          const v: unknown = JSON.parse(l);
          return isRecord(v) ? [v] : [];
        } catch {
          return [];
        }
      }),
    waitForLine(match, timeoutMs = 30_000) {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(
            new Error(`no matching line within ${timeoutMs} ms; last lines:\n${lines.slice(-20).join('\n')}`),
          );
        }, timeoutMs);
        const w = {
          match,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        waiters.add(w);
        void exited.then(() => {
          if (waiters.delete(w)) {
            clearTimeout(timer);
            reject(
              new Error(`process exited before a matching line; last lines:\n${lines.slice(-20).join('\n')}`),
            );
          }
        });
      });
    },
    async stop(signal = 'SIGTERM', timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or throws after timeoutMs. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} not met within ${timeoutMs} ms${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
