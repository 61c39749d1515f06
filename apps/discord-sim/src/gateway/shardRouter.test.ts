import { Intents } from './intents.js';
import { GatewaySession } from './gatewaySession.js';
import { ShardRouter } from './shardRouter.js';

const GUILD = '175928847303311367'; // (id >> 22) % 2 = 1
const session = (id: string, shard: [number, number], intents: number = Intents.GuildMembers) =>
  new GatewaySession(id, shard[0], shard[1], intents, 100);

describe('ShardRouter', () => {
  it('gives every session holding the owning shard the event, each numbered in its own sequence', () => {
    const router = new ShardRouter();
    const [a, b] = [session('a', [1, 2]), session('b', [1, 2])];
    const other = session('c', [0, 2]);
    a.dispatch('READY', '{}');
    for (const s of [a, b, other]) router.claim(s);
    const outcome = router.route(GUILD, 'GUILD_MEMBER_ADD', { n: 1 }, Intents.GuildMembers);
    expect(outcome).toEqual({ delivered: 2, filtered: 0, shardId: 1 });
    expect([a.seq, b.seq, other.seq]).toEqual([2, 1, 0]);
    expect([a.routedEvents, b.routedEvents, other.routedEvents]).toEqual([1, 1, 0]);
    expect(a.framesAfter(1)).toEqual(['{"op":0,"s":2,"t":"GUILD_MEMBER_ADD","d":{"n":1}}']);
  });

  it('filters each session by its own intents, and routes under every shard count in use', () => {
    const router = new ShardRouter();
    const members = session('a', [1, 2]);
    const guildsOnly = session('b', [1, 2], Intents.Guilds);
    const single = session('c', [0, 1]);
    for (const s of [members, guildsOnly, single]) router.claim(s);
    expect(router.route(GUILD, 'GUILD_MEMBER_ADD', {}, Intents.GuildMembers)).toEqual({
      delivered: 2,
      filtered: 1,
      shardId: 1,
    });
  });

  it('keeps the others when one session is released, and owns only what it holds', () => {
    const router = new ShardRouter();
    const [a, b] = [session('a', [0, 1]), session('b', [0, 1])];
    router.claim(a);
    router.claim(b);
    router.release(a);
    expect(router.owns(a)).toBe(false);
    expect(router.owns(b)).toBe(true);
    expect(router.sessionsOfShard(0)).toEqual([b]);
    router.release(b);
    expect(router.route(GUILD, 'X', {}, 0)).toEqual({ delivered: 0, filtered: 0, shardId: null });
  });
});
