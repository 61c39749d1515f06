import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Scenario } from '../src/run/scenario.js';
import { REPO_ROOT } from '../src/run/stack.js';

const VERIFY = join(REPO_ROOT, 'packages', 'economy', 'dist', 'bin', 'verify.js');

/**
 * Steady load while the stack is hurt: a worker killed (kill -9, back after 1 s), Postgres stopped for 10 s,
 * Redis restarted. Reports what became of every interaction, and runs economy:verify (the ledger and every
 * balance agree, money is conserved) at the end.
 */
export const chaos: Scenario = {
  name: 'chaos',
  description:
    'the economy mix at --rate for --duration s (at least 50) while a worker is killed, Postgres stopped for ' +
    '10 s and Redis restarted; then economy:verify',
  defaults: { durationSec: 60, users: 1_000, ratePerSec: 50, workers: 2, shards: 2 },
  thresholds: [
    'scenarioResults.verify.ok == 1',
    'failures.doubleAcknowledgements == 0',
    'totals.successRate >= 0.5',
  ],
  population: (o) => ({ guilds: 100, membersPerGuild: Math.max(2, Math.ceil(o.users / 100)) }),
  async run(ctx) {
    if (ctx.stack.external)
      throw new Error('chaos kills and restarts processes: it needs a stack the runner started');
    const durationMs = Math.max(50, ctx.options.durationSec) * 1000;
    const started = Date.now();
    const events: { atSec: number; what: string }[] = [];
    const at = (sec: number, what: string, act: () => Promise<unknown>) =>
      (async () => {
        await new Promise((r) => setTimeout(r, sec * 1000));
        ctx.log(`chaos: ${what}`);
        events.push({ atSec: Math.round((Date.now() - started) / 100) / 10, what });
        await act();
      })();
    const { postgres, redis } = ctx.stack;
    if (!postgres || !redis) throw new Error('chaos needs the Redis and Postgres the runner started');
    const faults = Promise.all([
      at(8, 'kill -9 worker-0 (restarted after 1 s)', () => ctx.stack.killWorker(0, 1_000)),
      at(18, 'Postgres stopped', () => postgres.stop()),
      at(28, 'Postgres started again', () => postgres.start()),
      at(38, 'Redis restarted', () => redis.restart()),
    ]);
    await ctx.openLoop({ ratePerSec: ctx.options.ratePerSec ?? 50, durationMs, mix: ctx.options.mix });
    await faults;
    // Let retries settle before the books are checked.
    await new Promise((r) => setTimeout(r, 5_000));
    let verify: { ok: number; exitCode: number; output: string };
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [VERIFY], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: ctx.stack.databaseUrl },
      });
      verify = { ok: 1, exitCode: 0, output: stdout.trim().split('\n').slice(-3).join(' ') };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      verify = {
        ok: 0,
        exitCode: e.code ?? 1,
        output: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().slice(-500),
      };
    }
    const sent = [...ctx.driver.sent.values()];
    return {
      events,
      verify,
      outcome: {
        answered: sent.filter((s) => s.answer && !s.error).length,
        errorAnswers: sent.filter((s) => s.error).length,
        unanswered: sent.filter((s) => !s.answer).length,
      },
    };
  },
};
