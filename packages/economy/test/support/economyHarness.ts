import type { CommandHandler, CommandReply, InteractionJob } from '@droas/contracts';
import { Database, verifyLedger } from '@droas/db';
import { createLogger, Metrics, RedisNamespace } from '@droas/runtime';
import {
  createTestDatabase,
  createTestRedisClusterNamespace,
  createTestRedisNamespace,
  testEnv,
  type TestDatabase,
  type TestRedisNamespace,
} from '@droas/testkit';
import { Cluster, Redis } from 'ioredis';
import { createEconomyCommands, type EconomyCommands, type EconomyOptions } from '../../src/index';
import { ADMIN_PERMISSIONS, createJobFactory, opt, type JobFactory } from './jobs';

/** A fake clock the economy reads; tests move it by hand. */
export interface FakeClock {
  nowMs: number;
  advance(ms: number): void;
}

/** The economy wired to a fresh Postgres database and a private Redis namespace. */
export interface Harness {
  db: Database;
  /** The private database's connection string, for child processes. */
  databaseUrl: string;
  /** The shared test Redis, or in the `economy:cluster` project the shared test Redis Cluster. */
  redis: Redis | Cluster;
  ns: Pick<TestRedisNamespace, 'url' | 'prefix' | 'cleanup'>;
  metrics: Metrics;
  economy: EconomyCommands;
  clock: FakeClock;
  jobs: JobFactory;
  /** The admin every file uses for `/economy`. */
  admin: string;
  handler(name: string): CommandHandler;
  /** Runs a job through the handler its command names, as the worker would. */
  run(job: InteractionJob): Promise<CommandReply>;
  /** `/economy grant` as the admin. */
  grant(user: string, amount: number, reason?: string): Promise<CommandReply>;
  /** `/economy settings` as the admin; throws unless the change was applied. */
  configure(options: Parameters<typeof opt.int>[]): Promise<void>;
  /** Row counts that must not move when a command is refused before writing. */
  writes(): Promise<{ operations: number; ledger: number; accounts: number }>;
  /** A metric's value from the text exposition (0 when absent). */
  metric(name: string, labels: Record<string, string>): Promise<number>;
  /** Fails the test unless the guild's ledger is consistent. */
  expectLedgerClean(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  maxConnections?: number;
  economy?: EconomyOptions;
  /** A Redis to use instead of the namespace's (e.g. one that is down). */
  redis?: Redis;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const testDb: TestDatabase = await createTestDatabase();
  const clusterNs = testEnv.redisMode() === 'cluster' ? createTestRedisClusterNamespace() : undefined;
  const ns = clusterNs ?? createTestRedisNamespace();
  const db = new Database({ url: testDb.url, maxConnections: options.maxConnections ?? 10 });
  // The harness's own client, not the namespace's: a test may empty the namespace (cleanup) mid-file.
  const redis: Redis | Cluster =
    options.redis ??
    (clusterNs
      ? new Cluster([...clusterNs.seeds], { redisOptions: { maxRetriesPerRequest: 1 } })
      : new Redis(ns.url, { maxRetriesPerRequest: 1 }));
  const metrics = new Metrics({ collectDefaults: false });
  const clock: FakeClock = {
    nowMs: Date.UTC(2026, 0, 1, 9, 0, 0),
    advance(ms) {
      this.nowMs += ms;
    },
  };
  const economy = createEconomyCommands({
    db,
    redis,
    metrics,
    logger: createLogger({ name: 'economy-test', level: 'silent' }),
    namespace: new RedisNamespace(ns.prefix).child('economy'),
    now: () => clock.nowMs,
    ...(options.economy && { options: options.economy }),
  });
  const jobs = createJobFactory();
  const byName = new Map(economy.handlers.map((h) => [h.definition.name, h]));
  const handler = (name: string): CommandHandler => {
    const found = byName.get(name);
    if (!found) throw new Error(`no handler for /${name}`);
    return found;
  };
  const admin = jobs.member(999_999);
  const count = async (table: string) => {
    const [row] = await db.sql<{ n: bigint }[]>`select count(*) as n from ${db.sql(table)}`;
    return Number(row!.n);
  };

  const h: Harness = {
    db,
    databaseUrl: testDb.url,
    redis,
    ns,
    metrics,
    economy,
    clock,
    jobs,
    admin,
    handler,
    run: (job) => handler(job.command.name).handle(job),
    grant: (user, amount, reason = 'seed') =>
      h.run(
        jobs.job({
          user: admin,
          command: 'economy',
          permissions: ADMIN_PERMISSIONS,
          options: [
            opt.sub('grant', [opt.user('user', user), opt.int('amount', amount), opt.text('reason', reason)]),
          ],
        }),
      ),
    async configure(settings) {
      const job = jobs.job({
        user: admin,
        command: 'economy',
        permissions: ADMIN_PERMISSIONS,
        options: [
          opt.sub(
            'settings',
            settings.map(([name, value]) => opt.int(name, value)),
          ),
        ],
      });
      const reply = await h.run(job);
      if (!reply.content.startsWith('⚙️ **Economy settings updated**')) {
        throw new Error(`settings change refused: ${reply.content}`);
      }
    },
    async writes() {
      const [operations, ledger, accounts] = await Promise.all([
        count('operations'),
        count('ledger_entries'),
        count('accounts'),
      ]);
      return { operations, ledger, accounts };
    },
    async metric(name, labels) {
      const text = await metrics.expose();
      const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (wanted.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return 0;
    },
    async expectLedgerClean() {
      const report = await verifyLedger(db, { guildId: jobs.guildId });
      expect(report.breaches).toEqual([]);
    },
    async close() {
      await db.close();
      redis.disconnect();
      await ns.cleanup();
      await testDb.drop();
    },
  };
  return h;
}
