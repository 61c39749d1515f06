import { ids } from '../../test/support/fixtures';
import { applyGreetingCommand, type ApplyResult } from './applyGreetingCommand';
import { DEFAULT_GOODBYE_SETTINGS, DEFAULT_WELCOME_SETTINGS } from './defaultGreetingSettings';
import type { GreetingSettings, WelcomeSettings } from './greetingSettings';

const ctx = { guildId: ids.guild };
const blocked: WelcomeSettings = {
  ...DEFAULT_WELCOME_SETTINGS,
  channelId: ids.channel,
  blocked: { reason: 'missing-permissions', sinceMs: 1 },
};

function accepted<S extends GreetingSettings>(result: ApplyResult<S>): { settings: S; confirmation: string } {
  if (!result.ok) throw new Error(`refused: ${result.problem}`);
  return result;
}

function refusal(result: ApplyResult): string {
  if (result.ok) throw new Error('accepted');
  return result.problem;
}

describe('applyGreetingCommand', () => {
  it('sets the channel, clears a block, and says what is next', () => {
    const { settings, confirmation } = accepted(
      applyGreetingCommand(blocked, { kind: 'welcome', action: 'channel', channelId: ids.channel }, ctx),
    );
    expect(settings).toEqual({ ...blocked, blocked: null });
    expect(confirmation).toBe(
      `Welcome messages will be posted in <#${ids.channel}>. They are off: \`/welcome enable\` turns them on.`,
    );
  });

  it('refuses a channel that is not a text or announcement channel, when the type is known', () => {
    const voice = { kind: 'welcome', action: 'channel', channelId: ids.channel, channelType: 2 } as const;
    expect(refusal(applyGreetingCommand(blocked, voice, ctx))).toMatch(
      /^`channel` must be a text or announcement channel/,
    );
    expect(applyGreetingCommand(blocked, { ...voice, channelType: 5 }, ctx).ok).toBe(true);
  });

  it('saves a message with its worst case and whom it pings, or refuses with the valid placeholders', () => {
    const ok = accepted(
      applyGreetingCommand(
        DEFAULT_WELCOME_SETTINGS,
        { kind: 'welcome', action: 'message', message: { kind: 'text', text: 'Hi {user}' } },
        ctx,
      ),
    );
    expect(ok.settings.message).toEqual({ kind: 'text', text: 'Hi {user}' });
    expect(ok.confirmation).toBe(
      'Welcome message saved: plain text of at most 26 of 2,000 characters with the longest names. It pings the new member, and nobody else. `/welcome preview` shows it.',
    );
    const bad = { kind: 'goodbye', action: 'message', message: { kind: 'text', text: 'Bye {usr}' } } as const;
    expect(refusal(applyGreetingCommand(DEFAULT_GOODBYE_SETTINGS, bad, ctx))).toMatch(
      /^`text` uses \{usr\}, which is not a placeholder\. Valid: \{user\}, \{user\.name\}/,
    );
    const long = {
      kind: 'goodbye',
      action: 'message',
      message: { kind: 'text', text: `${'x'.repeat(1990)}{server}` },
    } as const;
    expect(refusal(applyGreetingCommand(DEFAULT_GOODBYE_SETTINGS, long, ctx))).toMatch(
      /could render 2,191 characters .* limit of 2,000/,
    );
  });

  it('enables only with a channel', () => {
    const enable = { kind: 'welcome', action: 'enable' } as const;
    expect(refusal(applyGreetingCommand(DEFAULT_WELCOME_SETTINGS, enable, ctx))).toBe(
      'Pick a channel first: `/welcome channel`, then `/welcome enable`.',
    );
    const on = accepted(applyGreetingCommand(blocked, enable, ctx));
    expect(on.settings).toMatchObject({ enabled: true, blocked: null });
    expect(
      accepted(applyGreetingCommand(on.settings, { kind: 'welcome', action: 'disable' }, ctx)).settings
        .enabled,
    ).toBe(false);
  });

  it('adds and removes autoroles: never @everyone, at most 5, repeats accepted unchanged', () => {
    const add = (s: WelcomeSettings, roleId: string) =>
      applyGreetingCommand(s, { kind: 'welcome', action: 'autorole-add', roleId }, ctx);
    expect(refusal(add(DEFAULT_WELCOME_SETTINGS, ids.guild))).toBe(
      '`role` cannot be @everyone: every member has it already.',
    );
    let settings: WelcomeSettings = DEFAULT_WELCOME_SETTINGS;
    const roles = [
      '1000000000000000001',
      '1000000000000000002',
      '1000000000000000003',
      '1000000000000000004',
      '1000000000000000005',
    ];
    for (const role of roles) settings = accepted(add(settings, role)).settings;
    expect(settings.autoroleIds).toEqual(roles);
    const again = accepted(add(settings, roles[0]!));
    expect(again.settings.autoroleIds).toEqual(roles);
    expect(again.confirmation).toBe(`New members already get <@&${roles[0]}>.`);
    expect(refusal(add(settings, '1000000000000000006'))).toMatch(
      /^`role`: new members get at most 5 roles, and they get <@&1000000000000000001>/,
    );
    const removed = accepted(
      applyGreetingCommand(settings, { kind: 'welcome', action: 'autorole-remove', roleId: roles[2]! }, ctx),
    );
    expect(removed.settings.autoroleIds).toHaveLength(4);
    expect(removed.confirmation).toBe(`New members no longer get <@&${roles[2]}>.`);
  });

  it('bounds the minimum account age to 0–365 days', () => {
    const age = (days: number) =>
      applyGreetingCommand(
        DEFAULT_WELCOME_SETTINGS,
        { kind: 'welcome', action: 'min-account-age', days },
        ctx,
      );
    expect(refusal(age(366))).toBe('`days` must be a whole number from 0 to 365, not 366.');
    expect(refusal(age(-1))).toBe('`days` must be a whole number from 0 to 365, not -1.');
    expect(accepted(age(7)).confirmation).toBe(
      'Accounts younger than 7 days are not welcomed, given roles or sent a DM.',
    );
    expect(accepted(age(0)).settings.minAccountAgeDays).toBe(0);
  });

  it('turns the DM on with new text, checked like a message; off keeps the text', () => {
    const on = accepted(
      applyGreetingCommand(
        DEFAULT_WELCOME_SETTINGS,
        { kind: 'welcome', action: 'dm', enabled: true, text: 'Hi {user.name}' },
        ctx,
      ),
    );
    expect(on.settings.dm).toEqual({ enabled: true, text: 'Hi {user.name}' });
    const off = accepted(
      applyGreetingCommand(on.settings, { kind: 'welcome', action: 'dm', enabled: false }, ctx),
    );
    expect(off.settings.dm).toEqual({ enabled: false, text: 'Hi {user.name}' });
    const bad = { kind: 'welcome', action: 'dm', enabled: true, text: '{' } as const;
    expect(refusal(applyGreetingCommand(DEFAULT_WELCOME_SETTINGS, bad, ctx))).toMatch(
      /^`text` has a `\{` at character 1/,
    );
  });

  it('sets bots and when', () => {
    expect(
      accepted(
        applyGreetingCommand(
          DEFAULT_GOODBYE_SETTINGS,
          { kind: 'goodbye', action: 'bots', bots: 'greet' },
          ctx,
        ),
      ).settings.bots,
    ).toBe('greet');
    const when = accepted(
      applyGreetingCommand(
        DEFAULT_WELCOME_SETTINGS,
        { kind: 'welcome', action: 'when', when: 'screening-passed' },
        ctx,
      ),
    );
    expect(when.settings.when).toBe('screening-passed');
  });

  it('throws when the change is for the other command (a routing mistake)', () => {
    expect(() =>
      applyGreetingCommand(DEFAULT_GOODBYE_SETTINGS, { kind: 'welcome', action: 'enable' }, ctx),
    ).toThrow(TypeError);
    const dm = { kind: 'welcome', action: 'dm', enabled: true } as const;
    expect(() => applyGreetingCommand(DEFAULT_GOODBYE_SETTINGS, dm, ctx)).toThrow(TypeError);
  });
});
