import { embedChars } from '../message/embedChars';
import { ids } from '../../test/support/fixtures';
import { DEFAULT_GOODBYE_SETTINGS, DEFAULT_WELCOME_SETTINGS } from './defaultGreetingSettings';
import type { WelcomeSettings } from './greetingSettings';
import { renderStatus } from './renderStatus';

const SINCE_MS = 1_747_735_200_000;

describe('renderStatus', () => {
  it('shows default settings and the next step, privately and pinging nobody', () => {
    const reply = renderStatus(DEFAULT_WELCOME_SETTINGS, []);
    expect(reply.ephemeral).toBe(true);
    expect(reply.allowedMentions).toEqual({ parse: [] });
    const embed = reply.embeds![0]!;
    expect(embed.title).toBe('Welcome messages: off');
    expect(embed.description).toBe('Off: `/welcome channel` is the next step.');
    const noChannel = renderStatus({ ...DEFAULT_WELCOME_SETTINGS, enabled: true }, []).embeds![0]!;
    expect(noChannel.description).toBe(
      'On, but nothing is posted without a channel: `/welcome channel` is the next step.',
    );
    expect(Object.fromEntries(embed.fields!.map((f) => [f.name, f.value]))).toEqual({
      Channel: 'none: `/welcome channel`',
      Pings: 'the new member only',
      Bots: 'ignored',
      Message: '👋 Welcome {user} to \\*\\*{server}\\*\\*! You are our {joinPosition} member.',
      When: 'on joining',
      'Minimum account age': 'none',
      Autoroles: 'none',
      DM: 'off',
    });
  });

  it('says what blocks sending and how to fix it', () => {
    const embedMessage = { kind: 'embed', description: 'x', thumbnail: true } as const;
    const blocked = {
      ...DEFAULT_GOODBYE_SETTINGS,
      enabled: true,
      channelId: ids.channel,
      message: embedMessage,
      blocked: { reason: 'missing-permissions', sinceMs: SINCE_MS },
    } as const;
    const embed = renderStatus(blocked, []).embeds![0]!;
    expect(embed.title).toBe('Goodbye messages: blocked');
    expect(embed.description).toBe(
      `⚠️ I can't send messages in <#${ids.channel}> (since <t:1747735200:R>): give me View Channel, Send Messages and Embed Links there, then run \`/goodbye channel\` again.`,
    );
    const gone = renderStatus({ ...blocked, blocked: { reason: 'channel-missing', sinceMs: SINCE_MS } }, []);
    expect(gone.embeds![0]!.description).toBe(
      '⚠️ The channel I posted in is gone (since <t:1747735200:R>): pick another with `/goodbye channel`.',
    );
  });

  it('lists the five newest failures', () => {
    const failures = Array.from({ length: 8 }, (_, i) => ({
      atMs: SINCE_MS + i * 1000,
      description: `failure ${i}`,
    }));
    const field = renderStatus(DEFAULT_GOODBYE_SETTINGS, failures).embeds![0]!.fields!.find(
      (f) => f.name === 'Recent problems',
    )!;
    expect(field.value.split('\n')).toEqual([
      '<t:1747735207:R> failure 7',
      '<t:1747735206:R> failure 6',
      '<t:1747735205:R> failure 5',
      '<t:1747735204:R> failure 4',
      '<t:1747735203:R> failure 3',
    ]);
  });

  it('stays within Discord’s embed limits for the longest settings', () => {
    const long = '*@<'.repeat(2000).slice(0, 4096);
    const settings: WelcomeSettings = {
      ...DEFAULT_WELCOME_SETTINGS,
      message: {
        kind: 'embed',
        content: long,
        title: long,
        description: long,
        footer: long,
        color: 0xffffff,
        thumbnail: false,
      },
      dm: { enabled: true, text: long },
      autoroleIds: Array.from({ length: 5 }, () => '18446744073709551615'),
      blocked: { reason: 'missing-permissions', sinceMs: SINCE_MS },
    };
    const failures = Array.from({ length: 9 }, () => ({ atMs: SINCE_MS, description: '😀'.repeat(1000) }));
    const embed = renderStatus(settings, failures).embeds![0]!;
    for (const f of embed.fields!) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embedChars([embed])).toBeLessThanOrEqual(6000);
  });
});
