import { escapeMarkdown, quoteUserText } from './escapeMarkdown';

describe('escapeMarkdown', () => {
  it('neutralises markdown so user text renders literally', () => {
    expect(escapeMarkdown('**bold** _it_ `code` ~~s~~ ||spoiler|| > quote # h [l](u) -')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\> quote \\# h \\[l\\]\\(u\\) \\-',
    );
  });
});

describe('quoteUserText', () => {
  it('keeps one line and cuts long text at a character boundary', () => {
    expect(quoteUserText('thanks\nfor\tlunch  ')).toBe('thanks for lunch');
    expect(quoteUserText('🪙'.repeat(5), 3)).toBe('🪙🪙…');
  });
});
