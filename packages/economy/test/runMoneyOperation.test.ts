import { interactionJobId } from '@droas/contracts';
import { Database } from '@droas/db';
import { Metrics } from '@droas/runtime';
import { createTestDatabase, type TestDatabase } from '@droas/testkit';
import {
  runMoneyOperation,
  type MoneyOperationCommon,
  type MoneyOperationSpec,
} from '../src/commands/runMoneyOperation';
import { createEconomyMetrics } from '../src/economyMetrics';
import { privateReply } from '../src/replies/reply';
import { createJobFactory } from './support/jobs';

interface Probe {
  command: 'probe';
  granted: boolean;
  amount: bigint;
}

// The skeleton every money command shares, on its own: claimed once per interaction in real Postgres, with a
// stand-in command whose transaction writes nothing but the operation's row.
describe('runMoneyOperation (real Postgres)', () => {
  let testDb: TestDatabase;
  let db: Database;
  const ctx = () => ({ db, metrics: createEconomyMetrics(new Metrics({ collectDefaults: false })) });
  const jobs = createJobFactory();
  const job = () => jobs.job({ user: jobs.member(1), command: 'probe' });

  function probe(
    granted: boolean,
    overrides: Partial<MoneyOperationCommon<Probe>> & {
      apply?: (tx: unknown, key: string) => Promise<Probe>;
    } = {},
  ) {
    const afterCommit = jest.fn((_outcome: Probe) => Promise.resolve());
    const apply = jest.fn((_tx: unknown, _key: string) =>
      Promise.resolve<Probe>({ command: 'probe', granted, amount: 5n }),
    );
    const spec: MoneyOperationSpec<Probe> = {
      kind: 'grant',
      query: 'probe',
      command: 'probe',
      apply,
      afterCommit,
      render: (o) => privateReply(o.granted ? `granted ${o.amount}` : 'refused'),
      undeliveredNotice: (o) => (o.granted ? `Your ${o.amount} was granted` : undefined),
      maxBalanceRace: 'The maximum just changed.',
      ...overrides,
    };
    return { spec, apply, afterCommit };
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 2 });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('applies once, runs afterCommit once, and answers a retry from the stored outcome', async () => {
    const j = job();
    const { spec, apply, afterCommit } = probe(true);
    const first = await runMoneyOperation(ctx(), j, spec);
    expect(first).toEqual({
      reply: {
        ...privateReply('granted 5'),
        undeliveredNotice: expect.stringMatching(/^Your 5 was granted at <t:\d+:f>\.$/) as unknown,
      },
      result: 'ok',
    });
    expect(apply).toHaveBeenCalledWith(expect.anything(), `ix-${j.id}`);
    expect(afterCommit).toHaveBeenCalledTimes(1);
    expect(afterCommit).toHaveBeenCalledWith({ command: 'probe', granted: true, amount: 5n });

    const retry = await runMoneyOperation(ctx(), j, spec);
    expect(retry).toEqual({ reply: first.reply, result: 'replayed' });
    expect(apply).toHaveBeenCalledTimes(1);
    expect(afterCommit).toHaveBeenCalledTimes(1);
  });

  it('answers a refusal outcome without an undelivered notice, after running afterCommit', async () => {
    const { spec, afterCommit } = probe(false);
    expect(await runMoneyOperation(ctx(), job(), spec)).toEqual({
      reply: privateReply('refused'),
      result: 'refused',
    });
    expect(afterCommit).toHaveBeenCalledTimes(1);
  });

  it('refuses with the spec’s text when the maximum balance changed mid-transaction, and frees the key', async () => {
    const j = job();
    const race = Object.assign(new Error('check violation'), {
      code: '23514',
      constraint_name: 'accounts_balance_within_max',
    });
    const raced = probe(true, { apply: () => Promise.reject(race) });
    expect(await runMoneyOperation(ctx(), j, raced.spec)).toEqual({
      reply: privateReply('The maximum just changed.'),
      result: 'refused',
    });
    expect(raced.afterCommit).not.toHaveBeenCalled();
    // The transaction rolled back with its claim: the retry does the work.
    expect((await runMoneyOperation(ctx(), j, probe(true).spec)).result).toBe('ok');
  });

  it('lets the race error through when the spec has no refusal for it, and any other error always', async () => {
    const race = Object.assign(new Error('check violation'), {
      code: '23514',
      constraint_name: 'accounts_balance_within_max',
    });
    const { maxBalanceRace: _, ...noRefusal } = probe(true, { apply: () => Promise.reject(race) }).spec;
    await expect(runMoneyOperation(ctx(), job(), noRefusal)).rejects.toBe(race);
    const other = Object.assign(new Error('other check'), { code: '23514', constraint_name: 'x' });
    await expect(
      runMoneyOperation(ctx(), job(), probe(true, { apply: () => Promise.reject(other) }).spec),
    ).rejects.toBe(other);
  });

  it('refuses to render an outcome another command stored under the same interaction', async () => {
    const j = job();
    await runMoneyOperation(ctx(), j, probe(true).spec);
    const { spec } = probe(true, { command: 'other' as 'probe' });
    await expect(runMoneyOperation(ctx(), j, spec)).rejects.toThrow(
      new TypeError('stored outcome is for /probe, not /other'),
    );
  });

  it('runs a one-statement operation under the interaction key, and skips afterCommit for a replay', async () => {
    const j = job();
    const { spec: base, afterCommit } = probe(true);
    const { apply: _, ...common } = base;
    const once = jest.fn((key: string) =>
      Promise.resolve({
        outcome: { command: 'probe' as const, granted: true, amount: 9n },
        replayed: key === 'x',
      }),
    );
    expect(await runMoneyOperation(ctx(), j, { ...common, once })).toMatchObject({ result: 'ok' });
    expect(once).toHaveBeenCalledWith(interactionJobId(j.id));
    expect(afterCommit).toHaveBeenCalledTimes(1);
    once.mockResolvedValueOnce({ outcome: { command: 'probe', granted: true, amount: 9n }, replayed: true });
    expect(await runMoneyOperation(ctx(), j, { ...common, once })).toMatchObject({ result: 'replayed' });
    expect(afterCommit).toHaveBeenCalledTimes(1);
  });
});
