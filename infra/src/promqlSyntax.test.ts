import { promqlSyntaxErrors } from './promqlSyntax.js';

describe('promqlSyntaxErrors', () => {
  it("accepts the autoscaler's kind of query", () => {
    expect(
      promqlSyntaxErrors(
        'sum(max by (partition, state) (droas_queue_jobs{queue="interactions",state=~"waiting|prioritized"})) ' +
          '* (max(droas_worker_paused) == bool 0)',
      ),
    ).toEqual([]);
  });

  it.each([
    ['an unclosed parenthesis', 'sum(max(droas_queue_jobs) * 2', 29],
    ['a comparison with nothing on its right', 'max(droas_worker_paused) == bool', 32],
    ['an unclosed range', 'rate(droas_jobs_total[5m)', 24],
  ])('finds %s', (_what, query, offset) => {
    expect(promqlSyntaxErrors(query)).toContain(offset);
  });
});
