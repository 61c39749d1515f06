import { commandJob, subcommandJob } from '../../test/support/jobs';
import { ids } from '../../test/support/fixtures';
import { readGreetingInvocation } from './readGreetingInvocation';

const text = (name: string, value: string) => ({ type: 3, name, value }) as const;

describe('readGreetingInvocation', () => {
  it('reads each subcommand both commands share', () => {
    expect(
      readGreetingInvocation(
        subcommandJob('goodbye', 'channel', [{ type: 7, name: 'channel', value: ids.channel }]),
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'goodbye', action: 'channel', channelId: ids.channel },
    });
    expect(
      readGreetingInvocation(subcommandJob('welcome', 'message', [text('text', '  Hi {user}  ')])),
    ).toEqual({
      ok: true,
      value: { kind: 'welcome', action: 'message', message: { kind: 'text', text: 'Hi {user}' } },
    });
    expect(readGreetingInvocation(subcommandJob('welcome', 'bots', [text('mode', 'greet')]))).toEqual({
      ok: true,
      value: { kind: 'welcome', action: 'bots', bots: 'greet' },
    });
    for (const action of ['enable', 'disable', 'preview', 'test', 'status'] as const) {
      expect(readGreetingInvocation(subcommandJob('goodbye', action))).toEqual({
        ok: true,
        value: { kind: 'goodbye', action },
      });
    }
  });

  it('reads an embed, parsing the colour and showing the avatar unless told not to', () => {
    const job = subcommandJob('welcome', 'embed', [
      text('description', 'Hello {user}'),
      text('title', 'Welcome'),
      text('colour', '#5865f2'),
      text('footer', '{server}'),
    ]);
    expect(readGreetingInvocation(job)).toEqual({
      ok: true,
      value: {
        kind: 'welcome',
        action: 'message',
        message: {
          kind: 'embed',
          description: 'Hello {user}',
          title: 'Welcome',
          footer: '{server}',
          color: 0x5865f2,
          thumbnail: true,
        },
      },
    });
    const bad = subcommandJob('welcome', 'embed', [text('description', 'x'), text('colour', 'red')]);
    expect(readGreetingInvocation(bad)).toEqual({
      ok: false,
      problem: '`colour` must be a hex colour such as #5865F2, not “red”.',
    });
    const noThumb = subcommandJob('welcome', 'embed', [
      text('description', 'x'),
      { type: 5, name: 'thumbnail', value: false },
    ]);
    expect(readGreetingInvocation(noThumb)).toMatchObject({ value: { message: { thumbnail: false } } });
  });

  it('reads the welcome-only subcommands, including the autorole group', () => {
    expect(
      readGreetingInvocation(subcommandJob('welcome', 'dm', [text('state', 'on'), text('text', 'Hi')])),
    ).toEqual({
      ok: true,
      value: { kind: 'welcome', action: 'dm', enabled: true, text: 'Hi' },
    });
    const group = commandJob('welcome', [
      {
        type: 2,
        name: 'autorole',
        options: [{ type: 1, name: 'remove', options: [{ type: 8, name: 'role', value: ids.role }] }],
      },
    ]);
    expect(readGreetingInvocation(group)).toEqual({
      ok: true,
      value: { kind: 'welcome', action: 'autorole-remove', roleId: ids.role },
    });
    expect(
      readGreetingInvocation(
        subcommandJob('welcome', 'min-account-age', [{ type: 4, name: 'days', value: 7 }]),
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'welcome', action: 'min-account-age', days: 7 },
    });
    expect(
      readGreetingInvocation(subcommandJob('welcome', 'when', [text('moment', 'screening-passed')])),
    ).toEqual({
      ok: true,
      value: { kind: 'welcome', action: 'when', when: 'screening-passed' },
    });
  });

  it('refuses welcome-only subcommands on /goodbye, and unknown paths, listing what exists', () => {
    const result = readGreetingInvocation(subcommandJob('goodbye', 'dm', [text('state', 'on')]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatch(/^Unknown subcommand: use `\/goodbye` with `channel`, `message`, `embed`/);
    expect(result.problem).not.toContain('`dm`');
    // The contract refuses such names; the reader must not depend on it.
    const forged = { ...subcommandJob('welcome', 'status') };
    const command = { name: 'welcome', options: [{ type: 1 as const, name: 'constructor', options: [] }] };
    expect(readGreetingInvocation({ ...forged, command })).toMatchObject({ ok: false });
  });

  it('refuses missing or mistyped options, naming them', () => {
    expect(readGreetingInvocation(subcommandJob('welcome', 'channel'))).toEqual({
      ok: false,
      problem: '`channel` is missing: give a text channel.',
    });
    expect(readGreetingInvocation(subcommandJob('welcome', 'channel', [text('channel', 'general')]))).toEqual(
      {
        ok: false,
        problem: '`channel` must be a channel of this server, not “general”.',
      },
    );
    expect(readGreetingInvocation(subcommandJob('welcome', 'message', [text('text', '   ')]))).toEqual({
      ok: false,
      problem: '`text` is missing: give the message.',
    });
    expect(readGreetingInvocation(subcommandJob('welcome', 'bots', [text('mode', 'kick')]))).toEqual({
      ok: false,
      problem: '`mode` must be `greet` or `ignore`, not “kick”.',
    });
    expect(readGreetingInvocation(subcommandJob('welcome', 'min-account-age', [text('days', '7')]))).toEqual({
      ok: false,
      problem: '`days` must be a whole number, not “7”.',
    });
  });

  it('refuses a command that is not /welcome or /goodbye', () => {
    expect(readGreetingInvocation(subcommandJob('economy', 'status'))).toEqual({
      ok: false,
      problem: '`/economy` is not a greeting command.',
    });
  });
});
