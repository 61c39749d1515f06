// Test support: names and server names built to break things. Every piece is something a member can type
// into a display name or a server name: markdown, mention syntax, escapes, astral characters.
import type { Random } from './seededRandom.js';

// prettier-ignore
const PIECES = [
  '@everyone', '@here', 'everyone', 'here', '@', '<@', '<@!', '<@&', '<#', '</', '<', '>', '&', '!', '#',
  ':', '<@579971579904004097>', '<@&859946405068800099>', '<#1169704982937600001>',
  '</ban:1006111557681152008>', '579971579904004097', '18446744073709551615', '**', '__', '~~', '||', '`',
  '```', '\\', '\\\\', '> ', '# ', '-# ', '- ', '[link](https://x.y)', '](', '(', ')', '[', ']', '*', '_',
  '~', '|', '-', '{user}', '{', '}', '\n', '\r\n', '\u2028', '\u0000', '\u200B', '\u202E', 'é', 'e\u0301',
  '😀', '👨‍👩‍👧', '🇫🇷', '𝔘', '𐍈', 'a', 'Z', ' ', 'alice', 'Bob_42', 'http://discord.gg/x',
];

/** A hostile string of up to `maxPieces` pieces (so often longer than Discord's caps). */
export function hostileText(random: Random, maxPieces = 40): string {
  const count = random.int(1, maxPieces);
  let text = '';
  for (let i = 0; i < count; i += 1) text += random.pick(PIECES);
  return text;
}

/** A snowflake from the earliest 17-digit one to the largest 64-bit one. */
export function randomSnowflake(random: Random): string {
  const choices = ['10000000000000000', '18446744073709551615', '579971579904004097', '859946405068800099'];
  if (random.next() < 0.3) return random.pick(choices);
  const digits = random.int(17, 19);
  let id = String(random.int(1, 9));
  for (let i = 1; i < digits; i += 1) id += String(random.int(0, 9));
  return id;
}
