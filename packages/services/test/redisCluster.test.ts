import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import {
  findRunningRedisCluster,
  isAlive,
  redisCommand,
  startRedisCluster,
  type ClusterNode,
  type RedisCluster,
} from '../src/index.js';

const SLOTS = 16_384;

function slotCount(nodes: readonly ClusterNode[]): number {
  return nodes.reduce((sum, n) => sum + n.slots.reduce((s, [first, last]) => s + last - first + 1, 0), 0);
}

function seeds(cluster: RedisCluster): { host: string; port: number }[] {
  return cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
}

describe('startRedisCluster', () => {
  let cluster: RedisCluster;
  // Every pid a node had, restarts included, to prove none is left once the cluster is closed.
  const pidsSeen = new Set<number>();

  beforeAll(async () => {
    const startedAt = Date.now();
    cluster = await startRedisCluster({
      dir: mkdtempSync(join(tmpdir(), 'droas-services-cluster-')),
      appendOnly: false,
      stopWithParent: true,
    });
    process.stdout.write(`[redisCluster] 6 nodes up and healthy in ${Date.now() - startedAt} ms\n`);
    for (const pid of cluster.pids()) pidsSeen.add(pid);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('starts 3 primaries, each with one replica, serving all 16384 slots, with the single Redis settings', async () => {
    const primaries = cluster.nodes.filter((n) => n.role === 'primary');
    const replicas = cluster.nodes.filter((n) => n.role === 'replica');
    expect(primaries).toHaveLength(3);
    expect(replicas).toHaveLength(3);
    expect(slotCount(primaries)).toBe(SLOTS);
    expect(new Set(replicas.map((r) => r.primaryPort))).toEqual(new Set(primaries.map((p) => p.port)));
    expect(cluster.url.split(',')).toEqual(cluster.ports.map((p) => `redis://127.0.0.1:${p}`));
    for (const port of cluster.ports) {
      expect(await redisCommand(port, ['CONFIG', 'GET', 'maxmemory-policy'])).toEqual([
        'maxmemory-policy',
        'noeviction',
      ]);
      expect(await redisCommand(port, ['CONFIG', 'GET', 'cluster-node-timeout'])).toEqual([
        'cluster-node-timeout',
        '2000',
      ]);
    }
  });

  it('places keys by CLUSTER KEYSLOT: a hash tag keeps keys on one slot and its primary', async () => {
    const a = await cluster.nodeForKey('droas:{q0}:interactions:wait');
    const b = await cluster.nodeForKey('droas:{q0}:interactions:meta');
    expect(a.slot).toBe(b.slot);
    expect(a.port).toBe(b.port);
    expect(a.role).toBe('primary');
    expect(await cluster.primaryForSlot(a.slot)).toMatchObject({ port: a.port, id: a.id });
  });

  it('fails a killed primary over to its replica, and takes the old primary back as a replica', async () => {
    const client = new Cluster(seeds(cluster));
    const keys = Array.from({ length: 200 }, (_, i) => `failover:${i}`);
    try {
      for (const key of keys) await client.set(key, key);
      const probe = await cluster.nodeForKey('failover:0');
      // WAIT on the connection that wrote: every write to this primary has reached its replica.
      const writer = client.nodes('master').find((n) => n.options.port === probe.port);
      expect(await writer?.wait(1, 5_000)).toBe(1);
    } finally {
      client.disconnect();
    }
    const victim = await cluster.nodeForKey('failover:0');
    const heir = cluster.nodes.find((n) => n.primaryPort === victim.port);
    expect(heir).toBeDefined();

    const killedAt = Date.now();
    await cluster.killNode(victim.port);
    await cluster.waitHealthy();
    const failoverMs = Date.now() - killedAt;
    expect(await cluster.primaryForSlot(victim.slot)).toMatchObject({ port: heir!.port, role: 'primary' });
    expect((await cluster.clusterNodes()).find((e) => e.port === victim.port)?.failing).toBe(true);
    for (const port of cluster.ports.filter((p) => p !== victim.port)) {
      expect(String(await redisCommand(port, ['CLUSTER', 'INFO']))).toMatch(/^cluster_state:ok/m);
    }
    const after = new Cluster(seeds(cluster).filter((s) => s.port !== victim.port));
    try {
      const values = await Promise.all(keys.map((k) => after.get(k)));
      expect(values).toEqual(keys);
    } finally {
      after.disconnect();
    }

    const restartedAt = Date.now();
    await cluster.restartNode(victim.port);
    const nodes = await cluster.waitHealthy();
    const rejoinMs = Date.now() - restartedAt;
    for (const pid of cluster.pids()) pidsSeen.add(pid);
    expect(nodes.find((n) => n.port === victim.port)).toMatchObject({
      role: 'replica',
      primaryPort: heir!.port,
      slots: [],
    });
    expect(nodes.filter((n) => n.role === 'primary')).toHaveLength(3);
    expect(slotCount(nodes)).toBe(SLOTS);
    process.stdout.write(
      `[redisCluster] kill -9 of primary ${victim.port} to cluster_state:ok with replica ${heir!.port} ` +
        `promoted: ${failoverMs} ms; old primary restarted and linked as a replica: ${rejoinMs} ms\n`,
    );
  });

  it('is found in its folder by another process, with every node as a seed', async () => {
    const found = await findRunningRedisCluster({ dir: cluster.dir });
    expect(new Set(found?.url.split(','))).toEqual(new Set(cluster.url.split(',')));
    expect(new Set(found?.pids)).toEqual(new Set(cluster.pids()));
  });

  it('stops every node it started and deletes its folder on close', async () => {
    expect(pidsSeen.size).toBe(7); // six nodes, one of them started twice
    await cluster.close();
    expect([...pidsSeen].filter((pid) => isAlive(pid))).toEqual([]);
    expect(existsSync(cluster.dir)).toBe(false);
    expect(await findRunningRedisCluster({ dir: cluster.dir })).toBeUndefined();
  });
});

describe('startRedisCluster refuses', () => {
  let holder: Server;
  let heldPort: number;

  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    heldPort = (holder.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => holder.close(resolve));
  });

  it('ports in use, naming the port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droas-services-cluster-'));
    // Ports are checked in order, so the held one is the first and only one tried.
    const ports = [heldPort, 1, 2, 3, 4, 5];
    await expect(startRedisCluster({ dir, ports })).rejects.toThrow(
      `port ${heldPort} or its cluster-bus port ${heldPort + 10_000} is in use on 127.0.0.1`,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('fewer than 3 primaries, or a port list of the wrong length', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droas-services-cluster-'));
    await expect(startRedisCluster({ dir, primaries: 2 })).rejects.toThrow(
      'primaries must be a whole number of at least 3, got 2',
    );
    await expect(startRedisCluster({ dir, ports: [7000, 7001] })).rejects.toThrow(
      'ports must list 6 ports (one per node), got 2',
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
