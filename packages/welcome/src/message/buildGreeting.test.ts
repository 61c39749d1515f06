import { context, ids } from '../../test/support/fixtures';
import { buildGreeting } from './buildGreeting';
import type { GreetingOutput } from './greetingMessage';

function built(result: ReturnType<typeof buildGreeting>): GreetingOutput {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problem)}`);
  return result.message;
}

describe('buildGreeting', () => {
  it('builds a text greeting that may ping only the member', () => {
    expect(built(buildGreeting({ kind: 'text', text: 'Hi {user}, @everyone!' }, context()))).toEqual({
      content: `Hi <@${ids.alice}>, @everyone!`,
      embeds: [],
      allowedMentions: { parse: [], users: [ids.alice] },
    });
  });

  it('builds an embed with text above, colour, footer and the avatar as thumbnail', () => {
    const message = built(
      buildGreeting(
        {
          kind: 'embed',
          content: '{user}',
          title: 'Welcome {user.name}',
          description: 'You are our {joinPosition} member',
          footer: '{server}',
          color: 0x5865f2,
          thumbnail: true,
        },
        context(),
      ),
    );
    expect(message).toEqual({
      content: `<@${ids.alice}>`,
      embeds: [
        {
          title: 'Welcome Alice',
          description: 'You are our 1,234th member',
          footer: { text: 'Cat Café' },
          color: 0x5865f2,
          thumbnail: { url: 'https://cdn.discordapp.com/avatars/a.png' },
        },
      ],
      allowedMentions: { parse: [], users: [ids.alice] },
    });
  });

  it('leaves the thumbnail out without an https avatar, and content empty without text above', () => {
    const plain = context({ member: { id: ids.alice, username: 'a', avatarUrl: 'javascript:alert(1)' } });
    const message = built(buildGreeting({ kind: 'embed', description: 'x', thumbnail: true }, plain));
    expect(message.content).toBe('');
    expect(message.embeds).toEqual([{ description: 'x' }]);
  });

  it('returns the problem of a stored template that no longer parses', () => {
    expect(buildGreeting({ kind: 'text', text: '{retired}' }, context())).toEqual({
      ok: false,
      problem: { kind: 'template', field: 'text', problem: { kind: 'unknown', names: ['retired'] } },
    });
  });
});
