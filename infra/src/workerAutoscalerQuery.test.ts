import { workerAutoscalerQuery } from './workerAutoscalerQuery';

describe('workerAutoscalerQuery', () => {
  it('reads the documented query as one line', () => {
    expect(workerAutoscalerQuery()).toMatch(/^sum\(.*droas_queue_jobs.*droas_worker_paused.*\)$/);
  });

  it('names the document and section when the query is missing', () => {
    expect(() => workerAutoscalerQuery('# Operating DROAS\n')).toThrow(
      /operations\.md: no ```promql block under "## The worker autoscaler's query"/,
    );
  });
});
