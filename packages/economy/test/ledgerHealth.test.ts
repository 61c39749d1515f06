import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LEDGER_CHECK_EXIT, runLedgerCheck } from '../src/index';
import { startHarness, type Harness } from './support/economyHarness';

const packageDir = join(__dirname, '..');
const verifyCli = join(packageDir, 'dist', 'bin', 'verify.js');

describe('economy health (real Postgres)', () => {
  let h: Harness;
  const grant = (user: string, amount: number) => h.grant(user, amount);
  const check = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runLedgerCheck(h.db, argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { status, out: out.join('\n'), err: err.join('\n') };
  };
  /** Changes a balance behind the ledger's back, as only a superuser could; `undo` puts it back. */
  const corrupt = async (user: string, by: number) => {
    await h.db.sql`update accounts set balance = balance + ${by} where user_id = ${user}`;
    return () => h.db.sql`update accounts set balance = balance - ${by} where user_id = ${user}`;
  };

  beforeAll(async () => {
    h = await startHarness({
      economy: { supplyRefreshIntervalMs: 0, supplyForgetAfterMs: 60_000, driftRefreshIntervalMs: 0 },
    });
    await grant(h.jobs.member(1), 700);
    await grant(h.jobs.member(2), 300);
  });
  afterAll(() => h.close());

  it('reports each changed guild’s money supply as a gauge, and forgets guilds left alone', async () => {
    expect(await h.metric('droas_economy_money_supply', { guild_id: h.jobs.guildId })).toBe(1_000);
    await h.run(h.jobs.job({ user: h.jobs.member(3), command: 'daily' }));
    expect(await h.metric('droas_economy_money_supply', { guild_id: h.jobs.guildId })).toBe(1_100);
    h.clock.advance(60_001);
    expect(await h.metrics.expose()).not.toContain(`guild_id="${h.jobs.guildId}"`);
  });

  it('proves the ledger clean for one guild and for all, and finds a breach', async () => {
    const clean = await check('--guild', h.jobs.guildId);
    expect(clean.status).toBe(LEDGER_CHECK_EXIT.ok);
    expect(clean.out).toContain(`Ledger check of guild ${h.jobs.guildId}`);
    expect(clean.out).toContain('money supply:     1,100');
    expect(clean.out).toContain('OK: every balance equals the sum of its ledger entries');
    const all = await check('--jobs', '3');
    expect(all.status).toBe(LEDGER_CHECK_EXIT.ok);
    expect(all.out).toContain('Ledger check of all guilds');
    expect(all.out).toMatch(/took: +\d+\.\d s \(/);
    // One progress line per partition of the ledger.
    expect(
      all.err.split('\n').filter((l) => /^checked ledger_entries_p\d\d \(\d+\/16\)/.test(l)),
    ).toHaveLength(16);

    const undo = await corrupt(h.jobs.member(2), 5);
    try {
      const broken = await check('--guild', h.jobs.guildId);
      expect(broken.status).toBe(LEDGER_CHECK_EXIT.breach);
      expect(broken.out).toContain(
        `BREACH: 1 problem(s) found:\n  - guild ${h.jobs.guildId} user ${h.jobs.member(2)}: balance 305 but ledger entries sum to 300 (off by +5)`,
      );
    } finally {
      await undo();
    }
  });

  it('reports each changed guild’s ledger drift: 0 when sound, the difference when a balance moved behind the ledger', async () => {
    await h.run(h.jobs.job({ user: h.jobs.member(4), command: 'daily' }));
    expect(await h.metric('droas_economy_ledger_drift', { guild_id: h.jobs.guildId })).toBe(0);
    expect(await h.metrics.expose()).toContain(`droas_economy_ledger_drift{guild_id="${h.jobs.guildId}"} 0`);
    const undo = await corrupt(h.jobs.member(1), 7);
    try {
      expect(await h.metric('droas_economy_ledger_drift', { guild_id: h.jobs.guildId })).toBe(7);
    } finally {
      await undo();
    }
    expect(await h.metric('droas_economy_ledger_drift', { guild_id: h.jobs.guildId })).toBe(0);
  });

  it('refuses bad arguments with the usage', async () => {
    const bad = await check('--guild', 'abc');
    expect(bad.status).toBe(LEDGER_CHECK_EXIT.usage);
    expect(bad.err).toContain('--guild must be a guild id (17 to 20 digits), got "abc"');
    expect((await check('--guilds', '1')).status).toBe(LEDGER_CHECK_EXIT.usage);
    const noJobs = await check('--jobs', '0');
    expect(noJobs.status).toBe(LEDGER_CHECK_EXIT.usage);
    expect(noJobs.err).toContain('--jobs must be a whole number from 1 to 16, got "0"');
  });

  describe('the verify CLI', () => {
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, [verifyCli, ...args], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
      });

    beforeAll(() => {
      const built = spawnSync('npx', ['--no-install', 'tsc', '-b', packageDir], { encoding: 'utf8' });
      if (built.status !== 0)
        throw new Error(`building packages/economy failed:\n${built.stdout}${built.stderr}`);
    });

    it('exits 0 on a clean ledger and 1 on a breach, printing the report', async () => {
      const databaseUrl = h.databaseUrl;
      const clean = run({ DATABASE_URL: databaseUrl }, '--guild', h.jobs.guildId);
      expect(clean.stderr).toBe('');
      expect(clean.status).toBe(0);
      expect(clean.stdout).toContain('OK: every balance equals the sum of its ledger entries');
      const undo = await corrupt(h.jobs.member(1), -7);
      try {
        const broken = run({ DATABASE_URL: databaseUrl });
        expect(broken.status).toBe(1);
        expect(broken.stdout).toContain('balance 693 but ledger entries sum to 700 (off by -7)');
      } finally {
        await undo();
      }
    });

    it('stops with a message naming a missing DATABASE_URL', () => {
      const r = run({});
      expect(r.status).toBe(78);
      expect(r.stderr).toContain('DATABASE_URL is missing');
    });
  });
});
