// Test support: random templates and contexts for property tests.
import { PLACEHOLDERS } from '../../src/templates/placeholders.js';
import type { TemplateContext } from '../../src/templates/templateContext.js';
import { hostileText, randomSnowflake } from './hostileText.js';
import type { Random } from './seededRandom.js';

// Literal text an admin might write around placeholders, including every mention opener, but nothing that
// is a mention by itself (no digits, no "everyone"/"here"): a mention in the output must come from a value.
// prettier-ignore
const LITERALS = [
  '@', '<@', '<@!', '<@&', '<#', '</', '<', '>', '&', '!', '#', ':', '\\', '**', '_', '`', ' ', 'Hi ',
  ' to ', '\n', '😀', 'x', '{{', '}}', '<t:', '||',
];

/** A template source of up to `maxParts` literals and placeholders (names in random case). */
export function randomTemplate(random: Random, maxParts = 12): string {
  const count = random.int(1, maxParts);
  let source = '';
  for (let i = 0; i < count; i += 1) {
    if (random.next() < 0.5) {
      source += random.pick(LITERALS);
    } else {
      const name = random.pick(PLACEHOLDERS).name;
      source += `{${random.next() < 0.2 ? name.toUpperCase() : name}}`;
    }
  }
  // A blank template is refused before it could render.
  return source.trim() === '' ? `${source}!` : source;
}

/** A context with hostile names, any valid ids and any counts, including absurd ones. */
export function randomContext(random: Random): TemplateContext {
  const globalName = random.next() < 0.7 ? { globalName: hostileText(random) } : {};
  const count = () => random.pick([0, 1, 12, 999_999_999, 5e12, random.int(0, 10_000_000)]);
  return {
    member: { id: randomSnowflake(random), username: hostileText(random), ...globalName },
    guild: { id: randomSnowflake(random), name: hostileText(random, 80), memberCount: count() },
    ...(random.next() < 0.5 && { joinPosition: count() }),
    nowMs: random.int(1_420_070_400_000, 8_000_000_000_000),
  };
}

/** Every mention Discord would render in `text`: `@everyone`, `@here`, users, roles, channels, commands. */
export function mentionsIn(text: string): string[] {
  return text.match(/@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>|<\/[^\s>]+:\d+>|<id:\w+>/g) ?? [];
}
