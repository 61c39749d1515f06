import { DiscordError } from '../world/discordError.js';
import { parseMessageBody } from './messageBody.js';

const U = '111111111111111111';

describe('parseMessageBody', () => {
  it('refuses parse.users together with users (50035)', () => {
    expect(
      codeOf(() =>
        parseMessageBody({ content: 'x', allowed_mentions: { parse: ['users'], users: [U] } }, 'create'),
      ),
    ).toBe(50035);
  });
  it('accepts parse users beside a falsy users list, which the docs say is no error', () => {
    for (const users of [[], null]) {
      const input = parseMessageBody(
        { content: 'x', allowed_mentions: { parse: ['users'], users } },
        'create',
      );
      expect(input.allowedMentions).toMatchObject({ parse: ['users'] });
    }
    expect(
      codeOf(() =>
        parseMessageBody({ content: 'x', allowed_mentions: { parse: ['roles'], roles: [U] } }, 'create'),
      ),
    ).toBe(50035);
  });
  it('allows an empty edit but not an empty create', () => {
    expect(parseMessageBody({}, 'edit').content).toBe('');
    expect(codeOf(() => parseMessageBody({ content: '' }, 'create'))).toBe(50006);
  });
});

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DiscordError ? error.code : undefined;
  }
}
