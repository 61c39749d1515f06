import { toScenarioResultRows } from './scenarioResultRows';

describe('toScenarioResultRows', () => {
  it('flattens nested objects to dotted keys and summarises arrays of points by their length', () => {
    expect(
      toScenarioResultRows({
        knee: { ratePerSec: 310.4, p99Ms: 182, found: true, reason: null },
        curve: [{ ratePerSec: 50 }, { ratePerSec: 100 }],
        one: [{ a: 1 }],
        shards: [0, 1, 2],
        samples: Array.from({ length: 20 }, (_, i) => i),
        nothing: [],
        empty: {},
        outcome: 'recovered',
      }),
    ).toEqual([
      { key: 'knee.ratePerSec', value: '310' },
      { key: 'knee.p99Ms', value: '182' },
      { key: 'knee.found', value: 'yes' },
      { key: 'knee.reason', value: '—' },
      { key: 'curve', value: '2 points' },
      { key: 'one', value: '1 point' },
      { key: 'shards', value: '0, 1, 2' },
      { key: 'samples', value: '20 values' },
      { key: 'nothing', value: '(none)' },
      { key: 'empty', value: '(empty)' },
      { key: 'outcome', value: 'recovered' },
    ]);
  });
});
