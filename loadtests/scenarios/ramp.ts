import { percentiles, round } from '../src/stats.js';
import { type Scenario } from '../src/run/scenario.js';

const STEP_SEC = 5;
const P99_LIMIT_MS = 1_000;
const ERROR_LIMIT = 0.01;

/**
 * Open loop: the arrival rate rises step by step (the economy mix) until p99 passes 1 s or errors pass 1%; the
 * knee is the highest rate held within both.
 */
export const ramp: Scenario = {
  name: 'ramp',
  description:
    `open-loop economy mix from --rate (100/s by default) up by the same each ${STEP_SEC} s step until p99 > ` +
    `${P99_LIMIT_MS} ms or errors > ${ERROR_LIMIT * 100}%; reports the knee and the curve`,
  defaults: { durationSec: 120, users: 1_000, ratePerSec: 100, workers: 2, shards: 2 },
  thresholds: ['scenarioResults.knee.ratePerSec >= 200', 'failures.doubleAcknowledgements == 0'],
  population: (o) => ({ guilds: 100, membersPerGuild: Math.max(2, Math.ceil(o.users / 100)) }),
  baselines: true,
  baselineRunsFullLength: true,
  async run(ctx) {
    const step = ctx.options.ratePerSec ?? 100;
    const until = Date.now() + ctx.options.durationSec * 1000;
    const curve: Record<string, number>[] = [];
    let knee: { ratePerSec: number; p99Ms: number } | null = null;
    for (let rate = step; Date.now() < until; rate += step) {
      ctx.log(`ramp: ${rate}/s for ${STEP_SEC} s…`);
      const sent = await ctx.openLoop({
        ratePerSec: rate,
        durationMs: STEP_SEC * 1000,
        mix: ctx.options.mix,
      });
      // Each step's answers, waited for up to 2 s past the step.
      await Promise.all(sent.map((s) => ctx.driver.answered(s, 2_000)));
      const latencies = sent.flatMap((s) => (s.answer ? [s.answer.latencyMs] : []));
      const failed = sent.filter((s) => !s.answer || s.error || s.answer.latencyMs > 10_000).length;
      const p = percentiles(latencies);
      const errorRate = sent.length === 0 ? 0 : failed / sent.length;
      curve.push({
        ratePerSec: rate,
        achievedPerSec: round((sent.length - failed) / STEP_SEC),
        p50Ms: p.p50,
        p95Ms: p.p95,
        p99Ms: p.p99,
        errorRate: round(errorRate, 4),
      });
      if (p.p99 > P99_LIMIT_MS || errorRate > ERROR_LIMIT) break;
      knee = { ratePerSec: rate, p99Ms: p.p99 };
    }
    return { knee, curve, stepSec: STEP_SEC, p99LimitMs: P99_LIMIT_MS, errorLimit: ERROR_LIMIT };
  },
};
