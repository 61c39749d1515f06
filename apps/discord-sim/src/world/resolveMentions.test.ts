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
