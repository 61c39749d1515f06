import { fork } from 'node:child_process';
import { join } from 'node:path';
import { childCloser } from './closeChild.js';
import type { SimProcessOptions, SimProcessReady } from './simProcess.js';

export interface BenchSimulator extends SimProcessReady {
  readonly pid: number;
  close(): Promise<void>;
}

/** Forks the simulator process and resolves with its URLs once it is listening with its guilds seeded. */
export async function startBenchSimulator(
  options: SimProcessOptions,
  timeoutMs = 120_000,
): Promise<BenchSimulator> {
  const child = fork(join(__dirname, 'simProcess.js'), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<SimProcessReady>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`simulator not up within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (message: SimProcessReady) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited (${code}) before it was up`));
    });
  });
  return {
    ...ready,
    pid: child.pid!,
    close: childCloser(child, exited),
  };
}
