import { embedChars } from '../message/embedChars';
import { context, ids } from '../../test/support/fixtures';
import { DEFAULT_GOODBYE_SETTINGS, DEFAULT_WELCOME_SETTINGS } from './defaultGreetingSettings';
import type { WelcomeSettings } from './greetingSettings';
import { renderPreview } from './renderPreview';

const ready: WelcomeSettings = { ...DEFAULT_WELCOME_SETTINGS, enabled: true, channelId: ids.channel };

describe('renderPreview', () => {
  it('shows the message as the member would see it, then who it pings, privately and pinging nobody', () => {
    const reply = renderPreview(ready, context());
    expect(reply.content).toBe(`👋 Welcome <@${ids.alice}> to **Cat Café**! You are our 1,234th member.`);
    expect(reply.ephemeral).toBe(true);
    expect(reply.allowedMentions).toEqual({ parse: [] });
    expect(reply.embeds).toEqual([
      {
        title: 'Preview of the welcome message',
        description: `Pings **the new member only** (here <@${ids.alice}>, you; this preview pings nobody).\nPosted in <#${ids.channel}>.`,
        fields: [],
      },
    ]);
  });

  it('says the default goodbye pings nobody, and what is missing before it is sent', () => {
    const reply = renderPreview(DEFAULT_GOODBYE_SETTINGS, context());
    expect(reply.content).toBe('👋 **Alice** left **Cat Café**. We are now 1,234 members.');
    expect(reply.embeds![0]!.description).toBe(
      'Pings **nobody**.\nNo channel yet: `/goodbye channel`.\nGoodbye messages are off: `/goodbye enable`.',
    );
  });

  it('adds the DM when one is sent, and the block when there is one', () => {
    const settings: WelcomeSettings = {
      ...ready,
      dm: { enabled: true, text: 'Hi {user.name}' },
      blocked: { reason: 'missing-access', sinceMs: 1_747_735_200_000 },
    };
    const note = renderPreview(settings, context()).embeds![0]!;
    expect(note.fields).toEqual([{ name: 'Also sent as a DM', value: 'Hi Alice' }]);
    expect(note.description).toContain(`⚠️ I can't see <#${ids.channel}>`);
  });

  it('moves the note above the text when an embed leaves no room for it', () => {
    const full = 'x'.repeat(4096);
    const settings: WelcomeSettings = {
      ...ready,
      message: {
        kind: 'embed',
        content: 'y'.repeat(2000),
        description: full,
        footer: 'z'.repeat(1900),
        thumbnail: true,
      },
    };
    const reply = renderPreview(settings, context());
    expect(reply.embeds).toHaveLength(1);
    expect(reply.content.startsWith('Preview of the welcome message\nPings **nobody**.')).toBe(true);
    expect(reply.content.length).toBeLessThanOrEqual(2000);
    expect(embedChars(reply.embeds!)).toBeLessThanOrEqual(6000);
  });

  it('explains a stored message that no longer works', () => {
    const stale: WelcomeSettings = { ...ready, message: { kind: 'text', text: '{retired}' } };
    expect(renderPreview(stale, context()).content).toMatch(
      /^The saved welcome message no longer works: `text` uses \{retired\}, which is not a placeholder\..* Set it again with `\/welcome message`\.$/,
    );
  });
});
