import { MAX_ACCOUNT_AGE_CHARS, formatAccountAge } from './formatAccountAge';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('formatAccountAge', () => {
  it('names the largest whole unit, rounded down', () => {
    expect(formatAccountAge(30_000)).toBe('less than a minute');
    expect(formatAccountAge(-5 * DAY)).toBe('less than a minute');
    expect(formatAccountAge(MINUTE)).toBe('1 minute');
    expect(formatAccountAge(59 * MINUTE)).toBe('59 minutes');
    expect(formatAccountAge(60 * MINUTE)).toBe('1 hour');
    expect(formatAccountAge(3 * DAY)).toBe('3 days');
    expect(formatAccountAge(29 * DAY)).toBe('29 days');
    expect(formatAccountAge(30 * DAY)).toBe('1 month');
    expect(formatAccountAge(364 * DAY)).toBe('11 months');
    expect(formatAccountAge(365 * DAY)).toBe('1 year');
    expect(formatAccountAge(2 * 365.25 * DAY)).toBe('2 years');
    expect(formatAccountAge(1e6 * 365 * DAY)).toBe('999 years');
  });

  it('never writes more than MAX_ACCOUNT_AGE_CHARS', () => {
    for (let ms = 0; ms < 2000 * 365 * DAY; ms = ms * 1.01 + 1000) {
      expect(formatAccountAge(ms).length).toBeLessThanOrEqual(MAX_ACCOUNT_AGE_CHARS);
    }
  });
});
