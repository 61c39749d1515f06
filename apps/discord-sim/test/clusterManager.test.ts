import path from 'node:path';
import { ClusterManager } from 'discord-hybrid-sharding';
import { SimClient, shardOf, startSimulator, type Simulator } from '../src/index.js';

const TOTAL_SHARDS = 4;

// discord-hybrid-sharding's ClusterManager, process mode, 4 shards in 2 clusters, each cluster an unmodified
// discord.js Client (test/fixtures/clusterBot.js). Cluster 0 asks for GUILD_MEMBERS, cluster 1 does not.
describe('ClusterManager (process mode, 4 shards, 2 clusters) against the simulator', () => {
  let sim: Simulator;
  let api: SimClient;
  let manager: ClusterManager;
  let guildIds: string[];

  beforeAll(async () => {
    // max_concurrency 4: one identify bucket per shard, so both clusters may identify at once.
    sim = await startSimulator({ maxConcurrency: TOTAL_SHARDS });
    api = new SimClient(sim.controlUrl);
    guildIds = (await api.seedGuilds({ count: 16, membersPerGuild: 5, memberIdsPerGuild: 0 })).guilds.map(
      (g) => g.id,
    );
    manager = new ClusterManager(path.join(__dirname, 'fixtures/clusterBot.js'), {
      totalShards: TOTAL_SHARDS,
      totalClusters: 2,
      mode: 'process',
      token: sim.botToken,
      respawn: false,
      shardArgs: ['--rest', sim.restUrl, '--members-clusters', '0'],
    });
    let ready = 0;
    const allReady = new Promise<void>((resolve) =>
      manager.on('clusterReady', () => {
        ready += 1;
        if (ready === 2) resolve();
      }),
    );
    await manager.spawn({ timeout: -1, delay: 100 });
    await allReady;
  }, 30_000);

  afterAll(async () => {
    for (const cluster of manager.clusters.values()) cluster.kill({ force: true });
    await sim.close();
  });

  it('connects every shard with its own session', async () => {
    const { sessions } = await api.sessions();
    expect(sessions.map((s) => [s.shardId, s.shardCount]).sort()).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    expect((await api.stats()).identifies).toBe(TOTAL_SHARDS);
  });

  it('delivers an interaction only to the shard that owns its guild', async () => {
    for (let shard = 0; shard < TOTAL_SHARDS; shard += 1) {
      const guildId = guildIds.find((id) => shardOf(id, TOTAL_SHARDS) === shard)!;
      const { memberIds } = await api.members(guildId, 0, 1);
      const { id, shardId } = await api.dispatchInteraction({
        guildId,
        userId: memberIds[0]!,
        command: 'where',
      });
      expect(shardId).toBe(shard);
      const timeline = await api.waitForInteraction(id, (t) => t.content !== null);
      expect(timeline.content).toBe(`shard ${shard} cluster ${shard < 2 ? 0 : 1}`);
    }
    const stats = await api.stats();
    // Had any other shard got the event, it would have answered too.
    expect(stats).toMatchObject({
      dispatched: 4,
      acknowledged: 4,
      doubleAcknowledgements: 0,
      lateAcknowledgements: 0,
    });
  });

  it('delivers a member join only to a shard with the GUILD_MEMBERS intent', async () => {
    const withoutIntent = guildIds.find((id) => shardOf(id, TOTAL_SHARDS) === 2)!;
    const withIntent = guildIds.find((id) => shardOf(id, TOTAL_SHARDS) === 0)!;
    const filtered = await api.memberJoin(withoutIntent);
    expect(filtered).toMatchObject({ shardId: 2, delivered: false });
    const delivered = await api.memberJoin(withIntent);
    expect(delivered).toMatchObject({ shardId: 0, delivered: true });

    const welcomeOf = async (guildId: string): Promise<string[]> => {
      const channelId = (await api.guild(guildId)).channelIds[1]!;
      return (await api.channelMessages(channelId)).messages.map((m) => m.content);
    };
    const deadline = Date.now() + 5000;
    while ((await welcomeOf(withIntent)).length === 0 && Date.now() < deadline) await sleep(25);
    expect(await welcomeOf(withIntent)).toEqual([`welcome <@${delivered.userId}> from shard 0`]);
    // The bot on shard 2 never heard of its join, so it wrote nothing (give it as long as shard 0 took).
    await sleep(300);
    expect(await welcomeOf(withoutIntent)).toEqual([]);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
