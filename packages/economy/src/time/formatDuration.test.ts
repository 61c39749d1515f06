import { discordTimestamp, formatDuration } from './formatDuration';

const s = 1000;
const min = 60 * s;
const h = 60 * min;
const d = 24 * h;

describe('formatDuration', () => {
  it.each([
    [0, '1 s'],
    [400, '1 s'],
    [45 * s, '45 s'],
    [90 * s, '1 min 30 s'],
    [4 * h + 12 * min, '4 h 12 min'],
    [4 * h + 11 * min + 1, '4 h 12 min'],
    [3 * h, '3 h'],
    [d + 3 * h, '1 d 3 h'],
    [23 * h + 59 * min + 30 * s, '1 d'],
    [59 * min + 59 * s + 1, '1 h'],
  ])('%i ms reads %s (rounded up, two units)', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('discordTimestamp', () => {
  it('writes whole seconds in a tag each reader sees in their own time zone', () => {
    expect(discordTimestamp(1_700_000_000_999)).toBe('<t:1700000000:R>');
    expect(discordTimestamp(1_700_000_000_000, 'f')).toBe('<t:1700000000:f>');
  });
});
