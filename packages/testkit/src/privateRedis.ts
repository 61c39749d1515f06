import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, startRedis } from '@droas/services';

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** Shuts the server down (it saves its append-only file first), as an outage would begin. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** stop(), then start(). */
  restart(): Promise<void>;
  /** The server's pid while it runs: `process.kill(redis.pid()!, 'SIGKILL')` is a crash. */
  pid(): number | undefined;
  /** Stops it for good and deletes its data. */
  close(): Promise<void>;
}

export interface PrivateRedisOptions {
  /**
   * Keep every write in the append-only file, so data survives stop/start.
   * @defaultValue true
   */
  appendOnly?: boolean;
  /**
   * How often the append-only file is fsynced.
   * @defaultValue 'always', as production runs it
   */
  appendFsync?: 'always' | 'everysec' | 'no';
  /**
   * Any other redis.conf directive, e.g. `{ maxmemory: '8mb', 'maxmemory-policy': 'allkeys-lru' }`.
   * @defaultValue `{ 'maxmemory-policy': 'noeviction' }` (what BullMQ needs)
   */
  config?: Record<string, string | number>;
}

/**
 * A Redis server of this test's own, for tests that take Redis away (outages, restarts), in a temporary
 * folder. Started by @droas/services, the same code that starts `npm start`'s and `npm test`'s.
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const server = await startRedis({
    dir: mkdtempSync(join(tmpdir(), 'droas-redis-')),
    appendOnly: true,
    appendFsync: 'always',
    ...options,
    stopWithParent: true, // a crashed jest worker leaves no server behind
  });
  return {
    url: server.url,
    port: server.port,
    stop: server.stop,
    start: server.start,
    restart: server.restart,
    pid: server.pid,
    close: server.close,
  };
}

/** A port the kernel says is free on 127.0.0.1. */
export function freePort(): Promise<number> {
  return findFreePort();
}
