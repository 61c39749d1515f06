import { buckets, quantileBetween, sumOf } from './promText.js';

const text = (n: number) => `# HELP x_seconds x
# TYPE x_seconds histogram
x_seconds_bucket{le="0.1",queue="a"} ${n}
x_seconds_bucket{le="1",queue="a"} ${2 * n}
x_seconds_bucket{le="+Inf",queue="a"} ${2 * n}
x_total{cache="balance",result="hit"} 7
x_total{cache="balance",result="miss"} 3
`;

describe('Prometheus text', () => {
  it('sums counters by labels and reads a quantile between two scrapes', () => {
    expect(sumOf([text(1), text(1)], 'x_total', { result: 'hit' })).toBe(14);
    const before = buckets([text(10)], 'x_seconds');
    const after = buckets([text(20)], 'x_seconds', { queue: 'a' });
    // 10 new observations ≤ 0.1 and 10 in (0.1, 1]: the median is at the first bucket's top.
    expect(quantileBetween(before, after, 0.5)).toBeCloseTo(0.1);
    expect(quantileBetween(before, after, 0.95)).toBeCloseTo(0.91);
    expect(quantileBetween(after, after, 0.5)).toBeNull();
  });
});
