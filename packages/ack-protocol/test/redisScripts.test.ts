import { RedisNamespace } from '@droas/runtime';
import {
  InteractionAdmission,
  interactionKeys,
  RECORD_FIELD,
  RedisAckStore,
  type InteractionRef,
} from '@droas/ack-protocol';
import { timestampToSnowflake } from '@droas/contracts';
import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import { TAKE_CASES } from './support/claimCases';

const GUILD = '859946405068800099';

describe('the interaction record in Redis', () => {
  let ns: TestRedisNamespace;

  beforeAll(() => {
    ns = createTestRedisNamespace();
  });
  afterAll(() => ns.cleanup());

  function ref(offsetMs = 0): InteractionRef {
    const createdAtMs = Date.now() + offsetMs;
    return {
      id: timestampToSnowflake(createdAtMs, Math.floor(Math.random() * 4_000_000)),
      guildId: GUILD,
      createdAtMs,
    };
  }

  it.each(TAKE_CASES)('take script — $name, as the TypeScript machine does', async (c) => {
    const redis = ns.connect();
    const keys = interactionKeys(new RedisNamespace(ns.prefix));
    const store = new RedisAckStore(redis, keys);
    const ix = ref();
    const key = keys.record(ix.guildId, ix.id);
    // The table's times are relative; the script runs on Redis's clock, so leases are moved onto it.
    const [seconds, micros] = await redis.time();
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const shift = (v: string | null): string | null =>
      v?.replace(/^([WG]):(\d+)/, (_m, p: string, t: string) => `${p}:${Number(t) - c.nowMs + redisNow}`) ??
      null;
    if (c.stored !== null) await redis.hset(key, RECORD_FIELD.ack, shift(c.stored)!);
    const result = await store.take(ix, {
      ...c.request,
      ...(c.request.takeOver && { takeOver: shift(c.request.takeOver)! }),
    });
    const stored = await redis.hget(key, RECORD_FIELD.ack);
    // Redis's clock moves on between the two calls: allow a few milliseconds on leases and what is left.
    const near = (a: string | null, b: string | null) => {
      const lease = /^([WG]):(\d+)(.*)$/;
      const [, pa, ta, ha] = lease.exec(a ?? '') ?? [];
      const [, pb, tb, hb] = lease.exec(b ?? '') ?? [];
      return ta === undefined || tb === undefined
        ? a === b
        : pa === pb && ha === hb && Math.abs(Number(ta) - Number(tb)) < 50;
    };
    expect(near(stored, shift(c.next))).toBe(true);
    if (result.kind === 'taken' && c.result.kind === 'taken') {
      expect(result.afterLapse).toBe(c.result.afterLapse);
      expect(near(result.lease, shift(c.result.lease))).toBe(true);
    } else if (result.kind === 'held' && c.result.kind === 'held') {
      expect(result.by).toBe(c.result.by);
      expect(result.holder).toBe(c.result.holder);
      expect(near(result.lease, shift(c.result.lease))).toBe(true);
      expect(Math.abs(result.leftMs - c.result.leftMs)).toBeLessThan(50);
    } else {
      expect(result).toEqual(c.result);
    }
    expect(await redis.pttl(key)).toBeGreaterThan(c.stored === null ? 15 * 60_000 : -2);
  });

  it('releases only its own lease, and settles with the done marker', async () => {
    const redis = ns.connect();
    const keys = interactionKeys(new RedisNamespace(ns.prefix));
    const store = new RedisAckStore(redis, keys);
    const ix = ref();
    const taken = await store.take(ix, { party: 'worker', leaseMs: 3_000 });
    if (taken.kind !== 'taken') throw new Error('not taken');
    await store.release(ix, 'W:1');
    expect(await store.view(ix)).toMatchObject({ kind: 'held', by: 'worker' });
    await store.release(ix, taken.lease);
    expect(await store.view(ix)).toEqual({ kind: 'free' });
    await store.settle(ix, { kind: 'deferred', ephemeral: false }, 'edit');
    expect(await redis.hgetall(keys.record(ix.guildId, ix.id))).toEqual({
      [RECORD_FIELD.ack]: 'deferred:public',
      [RECORD_FIELD.done]: 'edit',
    });
  });

  it('keeps heartbeats, and tells the living holders from the dead', async () => {
    const store = new RedisAckStore(ns.connect(), interactionKeys(new RedisNamespace(ns.prefix)));
    await store.heartbeat('w-alive', 5_000);
    await store.heartbeat('w-gone', 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.alive(['w-alive', 'w-gone', 'w-never'])).toEqual(new Set(['w-alive']));
  });

  it('takes a batch in one round trip', async () => {
    const redis = ns.connect();
    const store = new RedisAckStore(redis, interactionKeys(new RedisNamespace(ns.prefix)));
    const batch = [ref(), ref(), ref()];
    await store.take(batch[1]!, { party: 'worker', leaseMs: 3_000 });
    const results = await store.takeMany(batch, () => ({ party: 'gateway', leaseMs: 2_000 }));
    expect(results.map((r) => (r instanceof Error ? 'error' : r.kind))).toEqual(['taken', 'held', 'taken']);
  });

  describe('admission', () => {
    const limits = {
      member: { capacity: 3, refillPerSecond: 1 },
      guild: { capacity: 100, refillPerSecond: 50 },
    };
    const admissionOnOwnConnection = () =>
      new InteractionAdmission(ns.connect(), interactionKeys(new RedisNamespace(ns.prefix)), limits);

    it('charges a member once per interaction, at the time they asked, and keeps the decision', async () => {
      const admission = admissionOnOwnConnection();
      const user = timestampToSnowflake(Date.now() - 1e9, 1);
      // Five commands within the same second: a burst of three passes, two are over the limit.
      const asked = Array.from({ length: 5 }, (_, i) => ({ ...ref(i), userId: user }));
      const first = [];
      for (const request of asked) first.push(await admission.admit(request));
      expect(first.map((a) => a.kind === 'admitted' && a.decision.allowed)).toEqual([
        true,
        true,
        true,
        false,
        false,
      ]);
      // Every retry answers the same, charging nothing: the third is still allowed, the fourth still not.
      for (let round = 0; round < 3; round++) {
        const again = await Promise.all(asked.map((r) => admission.admit(r)));
        expect(again.map((a) => a.kind === 'admitted' && !a.first && a.decision.allowed)).toEqual([
          true,
          true,
          true,
          false,
          false,
        ]);
      }
    });

    it('does not refuse a backlog for the time it waited: the buckets run on the interactions’ clock', async () => {
      const admission = admissionOnOwnConnection();
      const user = timestampToSnowflake(Date.now() - 1e9, 2);
      // One command a second for 20 s, all admitted at once (as after an outage): within the limit when asked.
      const backlog = Array.from({ length: 20 }, (_, i) => ({ ...ref(-20_000 + i * 1_000), userId: user }));
      const decisions = await Promise.all(backlog.map((r) => admission.admit(r)));
      expect(decisions.every((a) => a.kind === 'admitted' && a.decision.allowed)).toBe(true);
    });

    /** Admits one request at a time, in the order given; says which were allowed, in `requests`' order. */
    async function admitInOrder(
      admission: InteractionAdmission,
      requests: (InteractionRef & { userId: string })[],
      order: number[],
    ): Promise<boolean[]> {
      const allowed: boolean[] = new Array<boolean>(requests.length).fill(false);
      for (const i of order) {
        const a = await admission.admit(requests[i]!);
        allowed[i] = a.kind === 'admitted' && a.decision.allowed;
      }
      return allowed;
    }

    it('judges a backlog that runs newest first, or shuffled, as the member sent it', async () => {
      const admission = admissionOnOwnConnection();
      for (const [n, shape] of [
        [4, 'newest first'],
        [5, 'shuffled'],
      ] as const) {
        const user = timestampToSnowflake(Date.now() - 1e9, n);
        // One command a second for 20 s: within the limit (a burst of 3, 1 a second) when each was made.
        const backlog = Array.from({ length: 20 }, (_, i) => ({ ...ref(-20_000 + i * 1_000), userId: user }));
        const order = backlog.map((_, i) => backlog.length - 1 - i);
        if (shape === 'shuffled') order.sort((a, b) => ((a * 7919) % 20) - ((b * 7919) % 20) || a - b);
        expect({ shape, allowed: await admitInOrder(admission, backlog, order) }).toEqual({
          shape,
          allowed: backlog.map(() => true),
        });
        // The bucket was left as the member's real pace left it: full again by now, a burst of 3 and no more.
        const now = Array.from({ length: 4 }, () => ({ ...ref(), userId: user }));
        expect(await admitInOrder(admission, now, [0, 1, 2, 3])).toEqual([true, true, true, false]);
      }
    });

    it('still refuses what was over the limit when made, however late it is judged', async () => {
      const admission = admissionOnOwnConnection();
      const user = timestampToSnowflake(Date.now() - 1e9, 6);
      // Five within 0.4 s (a burst of 3 allows 3), then one 10 s later that runs first.
      const burst = [0, 100, 200, 300, 400].map((ms) => ({ ...ref(-30_000 + ms), userId: user }));
      const later = { ...ref(-20_000), userId: user };
      const allowed = await admitInOrder(admission, [later, ...burst], [0, 5, 4, 3, 2, 1]);
      expect(allowed[0]).toBe(true);
      expect(allowed.slice(1).filter(Boolean)).toHaveLength(3);
      // A refused one is told to wait; nothing it asked for was charged.
      const again = await admission.admit(burst[allowed.slice(1).indexOf(false)]!);
      expect(again).toMatchObject({
        kind: 'admitted',
        first: false,
        decision: { allowed: false, scope: 'user' },
      });
    });

    it('reports a delivered answer as done, and a member’s waiting notices', async () => {
      const redis = ns.connect();
      const keys = interactionKeys(new RedisNamespace(ns.prefix));
      const admission = new InteractionAdmission(redis, keys, limits);
      const store = new RedisAckStore(redis, keys);
      const user = timestampToSnowflake(Date.now() - 1e9, 3);
      const request = { ...ref(), userId: user };
      expect(await admission.admit(request)).toMatchObject({
        kind: 'admitted',
        first: true,
        hasNotices: false,
      });
      await admission.flagNotices(GUILD, user);
      expect(await admission.admit(request)).toMatchObject({
        kind: 'admitted',
        first: false,
        hasNotices: true,
      });
      await store.settle(request, { kind: 'answered' }, 'callback');
      expect(await admission.admit(request)).toEqual({ kind: 'done', via: 'callback' });
      await admission.clearNotices(GUILD, user);
      expect(await redis.exists(keys.noticeFlag(GUILD, user))).toBe(0);
    });
  });
});
