import { labelMatchersIn, labelNamesExposed, metricNamesExposed, metricNamesIn } from './promqlMetricNames';

describe('metricNamesIn', () => {
  it('finds the selectors and skips functions, aggregations, keywords, labels and numbers', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, queue) (rate(droas_x_seconds_bucket{queue="a|b",le!="1e3"}[5m]))) > 2.5e-1',
      ),
    ).toEqual(['droas_x_seconds_bucket']);
    expect(
      metricNamesIn(
        'droas:queue_backlog:max > 100 and deriv(droas:queue_backlog:max[10m]) > 0 or on(queue) group_left(x) up offset 5m',
      ),
    ).toEqual(['droas:queue_backlog:max', 'up']);
    expect(
      metricNamesIn('sum(rate(a_total[$__rate_interval])) / sum without (instance) (b_p99_seconds) unless c'),
    ).toEqual(['a_total', 'b_p99_seconds', 'c']);
    expect(metricNamesIn('count(ALERTS{alertstate="firing"}) or vector(0)')).toEqual(['ALERTS']);
  });

  it('refuses a selector by __name__, which it could not follow', () => {
    expect(() => metricNamesIn('{__name__=~"droas_.*"}')).toThrow(/__name__/);
  });
});

describe('metricNamesExposed', () => {
  it('takes families from TYPE lines (histogram suffixes included) and names from samples', () => {
    const names = metricNamesExposed(
      [
        '# HELP droas_a_seconds A histogram with no series yet',
        '# TYPE droas_a_seconds histogram',
        '# TYPE droas_b_total counter',
        'droas_b_total{queue="x"} 3',
        'droas_c 1',
      ].join('\n'),
    );
    expect([...names].sort()).toEqual([
      'droas_a_seconds',
      'droas_a_seconds_bucket',
      'droas_a_seconds_count',
      'droas_a_seconds_sum',
      'droas_b_total',
      'droas_c',
    ]);
  });
});

describe('labelMatchersIn', () => {
  it('lists the label names of each selector', () => {
    expect(
      labelMatchersIn(
        'sum(rate(a_total{result=~"x|y", queue!="z"}[5m])) / sum(rate(a_total[5m])) + b{le="1"}',
      ),
    ).toEqual([
      { metric: 'a_total', labels: ['result', 'queue'] },
      { metric: 'b', labels: ['le'] },
    ]);
  });
});

describe('labelNamesExposed', () => {
  it('gathers the label names of every sample of each name', () => {
    const labels = labelNamesExposed(
      [
        '# TYPE a_total counter',
        'a_total{queue="q",outcome="ok"} 1',
        'a_total{queue="r",state="x"} 2',
        'b 3',
      ].join('\n'),
    );
    expect(Object.fromEntries([...labels].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      a_total: ['outcome', 'queue', 'state'],
      b: [],
    });
  });
});
