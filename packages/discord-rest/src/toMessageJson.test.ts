import { toAllowedMentionsJson, toMessageJson } from './toMessageJson.js';

describe('toMessageJson', () => {
  it('pings nobody unless asked and always sends embeds', () => {
    expect(toMessageJson({ content: 'hi <@123456789012345678> @everyone' })).toEqual({
      content: 'hi <@123456789012345678> @everyone',
      embeds: [],
      allowed_mentions: { parse: [] },
    });
  });

  it('sets the ephemeral flag only when asked', () => {
    expect(toMessageJson({ content: 'x' }, { ephemeral: true }).flags).toBe(64);
    expect(toMessageJson({ content: 'x' }, { ephemeral: false })).not.toHaveProperty('flags');
  });

  it('maps mentions to Discord names, keeping named users beside an empty parse', () => {
    expect(
      toAllowedMentionsJson({ users: ['123456789012345678'], roles: ['2'], repliedUser: false }),
    ).toEqual({ parse: [], users: ['123456789012345678'], roles: ['2'], replied_user: false });
    expect(toAllowedMentionsJson({ parse: ['users'] })).toEqual({ parse: ['users'] });
  });

  it('copies embed fields and drops keys Discord would not expect from us', () => {
    const embed = {
      title: 't',
      description: 'd',
      color: 5,
      fields: [{ name: 'n', value: 'v', inline: true }],
      footer: { text: 'f' },
      extra: 'dropped',
    };
    expect(toMessageJson({ content: '', embeds: [embed] }).embeds).toEqual([
      {
        title: 't',
        description: 'd',
        color: 5,
        fields: [{ name: 'n', value: 'v', inline: true }],
        footer: { text: 'f' },
      },
    ]);
  });
});
