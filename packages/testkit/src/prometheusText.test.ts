import { parsePrometheusText, samplesOf } from './prometheusText';

describe('parsePrometheusText', () => {
  const text = [
    '# HELP droas_queue_jobs Jobs in the queue by state',
    '# TYPE droas_queue_jobs gauge',
    'droas_queue_jobs{queue="interactions",state="waiting",service="worker"} 3',
    'droas_queue_jobs{queue="member-events",state="waiting",service="worker"} 0',
    '# TYPE droas_wait_seconds histogram',
    'droas_wait_seconds_bucket{le="0.5"} 1',
    'droas_wait_seconds_bucket{le="+Inf"} 2',
    'droas_wait_seconds_sum 0.75',
    'droas_wait_seconds_count 2',
    'droas_odd{note="a \\"quoted\\" } and \\\\ and\\nnewline"} -Inf',
    '',
  ].join('\n');

  it('reads types, help, labels (unescaped) and values', () => {
    const e = parsePrometheusText(text);
    expect(e.types.get('droas_queue_jobs')).toBe('gauge');
    expect(e.help.get('droas_queue_jobs')).toBe('Jobs in the queue by state');
    expect(
      samplesOf(e, 'droas_queue_jobs', { state: 'waiting' }).map((s) => [s.labels.queue, s.value]),
    ).toEqual([
      ['interactions', 3],
      ['member-events', 0],
    ]);
    expect(samplesOf(e, 'droas_wait_seconds_bucket', { le: '+Inf' })[0]?.value).toBe(2);
    expect(samplesOf(e, 'droas_odd')[0]).toEqual({
      name: 'droas_odd',
      labels: { note: 'a "quoted" } and \\ and\nnewline' },
      value: Number.NEGATIVE_INFINITY,
    });
  });

  it('refuses what a scraper would refuse, naming the line', () => {
    const bad = (line: string) => () => parsePrometheusText(`# TYPE x gauge\nx 1\n${line}\n`);
    expect(bad('x 2')).toThrow(/line 3 of the exposition: series twice/);
    expect(bad('y{a="1} 2')).toThrow(/bad labels|not a sample/);
    expect(bad('y{a=1} 2')).toThrow(/bad labels/);
    expect(bad('y{a="1",a="2"} 2')).toThrow(/label a twice/);
    expect(bad('y 12abc')).toThrow(/bad value/);
    expect(bad('9y 1')).toThrow(/bad metric name/);
    expect(bad('# TYPE x counter')).toThrow(/second TYPE/);
    expect(bad('# TYPE z meter')).toThrow(/unknown type meter/);
    expect(() => parsePrometheusText('x 1\n# TYPE x gauge\n')).toThrow(/TYPE after samples/);
  });
});
