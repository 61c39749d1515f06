import type { ChildProcess } from 'node:child_process';

/**
 * A once-only close for a forked bench process: asks it to close over IPC and kills it if it has not exited
 * within 10 s. `exited` must have been created when the child was forked, so an early exit is not missed.
 */
export function childCloser(child: ChildProcess, exited: Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send('close');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    })());
}
