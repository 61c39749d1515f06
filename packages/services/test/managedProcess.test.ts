import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManagedProcess, ProvisioningError } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'droas-services-proc-'));

/** A node process running `script`; ready once it has logged as many "ready" lines as it has been started. */
function nodeProcess(name: string, script: string, isReady?: () => Promise<boolean>) {
  const logFile = join(dir, `${name}.log`);
  let starts = 0;
  return createManagedProcess({
    name,
    logFile,
    commandLine: () => {
      starts += 1;
      return { command: process.execPath, args: ['-e', script] };
    },
    stopTimeoutMs: 2_000,
    readyTimeoutMs: 2_000,
    isReady:
      isReady ??
      (() => Promise.resolve((readFileSync(logFile, 'utf8').match(/^ready/gm) ?? []).length >= starts)),
  });
}

describe('createManagedProcess', () => {
  it('rejects start with the exit and the end of its log when the process dies while starting', async () => {
    const proc = nodeProcess('dies', 'console.error("no config here"); process.exit(78)', () =>
      Promise.resolve(false),
    );
    const error = await proc.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as Error).message).toMatch(
      /dies exited while starting \(exit code 78\)[\s\S]*no config here/,
    );
    expect(proc.running()).toBe(false);
  });

  it('stops a process that is not ready in time, and says so', async () => {
    const proc = nodeProcess('slow', 'setInterval(() => {}, 1000)', () => Promise.resolve(false));
    await expect(proc.start()).rejects.toThrow(/slow was not ready within 2000 ms/);
    expect(proc.pid()).toBeUndefined();
  });

  it('escalates to SIGKILL when the stop signal is ignored', async () => {
    const proc = nodeProcess(
      'stubborn',
      'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)',
    );
    await proc.start();
    const exits: unknown[] = [];
    proc.onExit((exit) => exits.push(exit));
    const started = Date.now();
    await proc.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(exits).toEqual([]); // asked for, so not reported as a crash
  });

  it('appends every run to the same log', async () => {
    const proc = nodeProcess('chatty', 'console.log("ready " + process.pid); setInterval(() => {}, 1000)');
    await proc.start();
    const first = proc.pid();
    await proc.restart();
    await proc.stop();
    const log = readFileSync(proc.logFile, 'utf8');
    expect(log).toContain(`ready ${first}`);
    expect(log.trim().split('\n')).toHaveLength(2);
  });
});
