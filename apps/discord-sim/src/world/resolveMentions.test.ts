import { DiscordError } from './discordError.js';
import { parseMessageBody } from '../rest/messageBody.js';
import { resolveMentions } from './resolveMentions.js';

const U = '111111111111111111';
const R = '222222222222222222';

describe('resolveMentions', () => {
  const content = `<@${U}> <@!${U}> <@&${R}> @here`;
  it('pings everything written when allowed_mentions is absent', () => {
    expect(resolveMentions(content, undefined)).toEqual({ users: [U], roles: [R], everyone: true });
  });
  it('pings only what allowed_mentions allows', () => {
    expect(resolveMentions(content, { parse: ['roles'] })).toEqual({
      users: [],
      roles: [R],
      everyone: false,
    });
    expect(resolveMentions(content, { users: [U], parse: ['everyone'] })).toEqual({
      users: [U],
      roles: [],
      everyone: true,
    });
  });
});

describe('parseMessageBody', () => {
  it('refuses parse.users together with users (50035)', () => {
    expect(
      codeOf(() =>
        parseMessageBody({ content: 'x', allowed_mentions: { parse: ['users'], users: [U] } }, 'create'),
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
