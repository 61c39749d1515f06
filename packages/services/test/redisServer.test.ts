import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findRunningRedis, startRedis, type ProcessExit, type RedisServer } from '../src/index.js';

describe('startRedis', () => {
  let server: RedisServer;
  let client: Redis;

  beforeAll(async () => {
    server = await startRedis({
      dir: mkdtempSync(join(tmpdir(), 'droas-services-redis-')),
      appendFsync: 'always',
      config: { maxmemory: '64mb', 'maxmemory-policy': 'allkeys-lru', hz: 20 },
    });
    // Retries forever, so the client rides out the stops and crashes below like an app would.
    client = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  });
  afterAll(async () => {
    client.disconnect();
    await server.close();
  });

  it('writes the options into its config, with extra directives passed through', async () => {
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    expect(await client.config('GET', 'maxmemory')).toEqual(['maxmemory', String(64 * 1024 * 1024)]);
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await client.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
    expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
  });

  it('keeps its port and its data across stop and start', async () => {
    await client.set('kept', 'yes');
    await server.stop();
    expect(server.running()).toBe(false);
    await server.stop(); // idempotent
    await server.start();
    expect(server.running()).toBe(true);
    expect(await client.get('kept')).toBe('yes');
  });

  it('reports a crash to onExit, and not a stop it was asked for', async () => {
    const exits: ProcessExit[] = [];
    const unsubscribe = server.onExit((exit) => exits.push(exit));
    try {
      await server.restart();
      expect(exits).toEqual([]);
      const crashed = new Promise<void>((resolve) => server.onExit(() => resolve()));
      process.kill(server.pid()!, 'SIGKILL');
      await crashed;
      expect(exits).toEqual([{ code: null, signal: 'SIGKILL' }]);
      await server.start();
      expect(await client.get('kept')).toBe('yes');
    } finally {
      unsubscribe();
    }
  });

  it('is found by another process through its pid file and config', async () => {
    const found = await findRunningRedis({ dir: server.dir });
    expect(found).toMatchObject({ pid: server.pid(), port: server.port, url: server.url });
    await server.stop();
    expect(await findRunningRedis({ dir: server.dir })).toBeUndefined();
    await server.start();
  });

  it('deletes its folder on close', async () => {
    const other = await startRedis({
      dir: mkdtempSync(join(tmpdir(), 'droas-services-redis-')),
      appendOnly: false,
    });
    await other.close();
    expect(existsSync(other.dir)).toBe(false);
  });
});
