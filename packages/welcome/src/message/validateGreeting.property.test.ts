import { MAX_TEMPLATE_CHARS } from '../templates/parseTemplate';
import { PLACEHOLDERS } from '../templates/placeholders';
import { randomContext } from '../../test/support/randomTemplate';
import { seededRandom, type Random } from '../../test/support/seededRandom';
import { buildGreeting } from './buildGreeting';
import { DISCORD_LIMITS } from './discordLimits';
import { embedChars } from './embedChars';
import type { GreetingMessage } from './greetingMessage';
import { validateGreeting } from './validateGreeting';

// A template near `limit`: some placeholders, padded with literal text to a length around the limit, with
// its worst case computed independently of the code under test: literal length + (maxLength + 1) per value
// (+ 0 for {user}, which is never separated).
// A source past the stored limit is refused whatever it renders to, so it counts as not fitting.
function nearLimit(random: Random, limit: number, inTitle: boolean): { source: string; worstCase: number } {
  const usable = PLACEHOLDERS.filter((p) => !inTitle || p.showsInTitle);
  let source = '';
  let worstCase = 0;
  for (let i = random.int(0, 6); i > 0; i -= 1) {
    const p = random.pick(usable);
    source += `{${p.name}} `;
    worstCase += p.maxLength + (p.mention ? 0 : 1) + 1;
  }
  const pad = Math.max(1, limit - worstCase + random.int(-40, 40));
  source += 'x'.repeat(pad);
  return { source, worstCase: source.length > MAX_TEMPLATE_CHARS ? Infinity : worstCase + pad };
}

describe('validateGreeting, for configs around every limit (seeded)', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: refuses exactly what could break a limit; what passes always fits',
    (seed) => {
      const random = seededRandom(seed);
      const outcomes = { fits: 0, refused: 0 };
      for (let run = 0; run < 300; run += 1) {
        let config: GreetingMessage;
        let fits: boolean;
        if (random.next() < 0.3) {
          const text = nearLimit(random, DISCORD_LIMITS.contentChars, false);
          config = { kind: 'text', text: text.source };
          fits = text.worstCase <= DISCORD_LIMITS.contentChars;
        } else {
          const total = random.pick([6000, 3000]);
          const title = nearLimit(random, random.pick([256, 100]), true);
          const description = nearLimit(random, random.pick([4096, total - 2000]), false);
          const footer = nearLimit(random, random.pick([2048, total - 4096]), false);
          const content = nearLimit(random, DISCORD_LIMITS.contentChars, false);
          config = {
            kind: 'embed',
            title: title.source,
            description: description.source,
            footer: footer.source,
            content: content.source,
            thumbnail: true,
          };
          fits =
            title.worstCase <= 256 &&
            description.worstCase <= 4096 &&
            footer.worstCase <= 2048 &&
            content.worstCase <= 2000 &&
            title.worstCase + description.worstCase + footer.worstCase <= 6000;
        }
        expect(validateGreeting(config).ok).toBe(fits);
        outcomes[fits ? 'fits' : 'refused'] += 1;
        if (!fits) continue;
        for (let c = 0; c < 3; c += 1) {
          const built = buildGreeting(config, randomContext(random));
          if (!built.ok) throw new Error('accepted config failed to build');
          const { content, embeds } = built.message;
          expect(content.length).toBeLessThanOrEqual(DISCORD_LIMITS.contentChars);
          for (const e of embeds) {
            expect((e.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitleChars);
            expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescriptionChars);
            expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFooterChars);
          }
          expect(embedChars(embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotalChars);
        }
      }
      // Both sides of the limits are exercised, or the test proves nothing.
      expect(outcomes.fits).toBeGreaterThan(30);
      expect(outcomes.refused).toBeGreaterThan(30);
    },
  );
});
