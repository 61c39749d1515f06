import { seededRandom } from '../../test/support/seededRandom';
import { hostileText } from '../../test/support/hostileText';
import { escapeUserText, separateFrom } from './escapeUserText';

const MARKUP = new Set([...'\\*_~`|<>#[]()-']);

describe('escapeUserText', () => {
  it('escapes markdown and breaks @everyone, @here and <…> mentions', () => {
    expect(escapeUserText('**bold** _it_ `c` ||s|| > q # h -x [a](b)', 100)).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`c\\` \\|\\|s\\|\\| \\> q \\# h \\-x \\[a\\]\\(b\\)',
    );
    expect(escapeUserText('@everyone @here', 100)).toBe('@\u200Beveryone @\u200Bhere');
    expect(escapeUserText('<@1> <@&2> <#3> </a:4>', 100)).toBe(
      '\\<@\u200B1\\> \\<@\u200B&2\\> \\<\\#3\\> \\</a:4\\>',
    );
  });

  it('drops bidirectional overrides and breaks links', () => {
    expect(escapeUserText('a\u202Eb\u2066c\u200F', 10)).toBe('abc');
    expect(escapeUserText('https://discord.gg/raid', 30)).toBe('https:\u200B//discord.gg/raid');
  });

  it('puts names on one line and cuts them at maxChars code points with an ellipsis', () => {
    expect(escapeUserText('a\nb\u2028c\u0000', 10)).toBe('a b c ');
    expect(escapeUserText('abcdef', 4)).toBe('abc…');
    expect(escapeUserText('😀😀😀😀', 3)).toBe('😀😀…');
    expect(escapeUserText('abc', 3)).toBe('abc');
  });

  it('never exceeds 2 × maxChars units, and leaves no markup unescaped (seeded)', () => {
    const random = seededRandom(1);
    for (let run = 0; run < 2000; run += 1) {
      const maxChars = random.int(1, 100);
      const escaped = escapeUserText(hostileText(random), maxChars);
      expect(escaped.length).toBeLessThanOrEqual(2 * maxChars);
      expect(escaped).not.toMatch(/@(?!\u200B)/);
      expect(escaped).not.toMatch(/[\u202A-\u202E]|:\/\//);
      for (let i = 0; i < escaped.length; i += 1) {
        const c = escaped[i]!;
        if (c === '\\')
          i += 1; // an escape and the character it escapes
        else expect(MARKUP.has(c)).toBe(false);
      }
    }
  });
});

describe('separateFrom', () => {
  it('separates a value from text that could open a mention with it', () => {
    for (const before of ['@', '<@', '<@&', '<#', '</', '<@!', 'x:', '\\']) {
      expect(separateFrom(before, 'everyone')).toBe('\u200Beveryone');
    }
    expect(separateFrom('Hi ', 'everyone')).toBe('everyone');
    expect(separateFrom('', 'x')).toBe('x');
    expect(separateFrom('@', '')).toBe('');
  });
});
