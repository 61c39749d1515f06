// Characters Discord's markdown gives meaning to, plus `<` (which opens mentions, emoji and timestamps).
// A backslash before any of them makes Discord show it literally.
const MARKUP = /[\\*_~`|<>#[\]()-]/g;
// Line breaks and other control characters: names are one line, and a break would let a value start a
// heading or a quote in the middle of a template.
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;
// Bidirectional overrides and isolates: a name holding U+202E would show the rest of the line reversed.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// `https://…` in a name would become a link (raiders name accounts after invites); `https:\u200B//` does not.
const LINK_SCHEME = /:\/\//g;
const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Text someone other than the admin chose (a username, a server name) made inert inside a message: one line,
 * no bidirectional overrides, at most `maxChars` code points (an ellipsis marks a cut), markdown escaped, every
 * `@` followed by a zero-width space so `@everyone` and `@here` are text, and `://` broken so no link forms.
 * With `<` escaped, no `<@id>`, `<@&id>`, `<#id>` or `</cmd:id>` can form either.
 *
 * Every code point becomes at most two UTF-16 units (an escaped or `@` character is two, an astral one is two
 * and never escaped, `://` is four), so the result is at most `2 × maxChars` long: the worst case templates
 * are checked with.
 */
export function escapeUserText(text: string, maxChars: number): string {
  const chars = [...text.replace(CONTROL, ' ').replace(BIDI, '')];
  const cut = chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : chars.join('');
  return cut
    .replace(MARKUP, (c) => `\\${c}`)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(LINK_SCHEME, `:${ZERO_WIDTH_SPACE}//`);
}

// What a mention, an emoji or a command link can start with, and the backslash that could escape the
// escaping that follows it.
const OPENERS = new Set(['@', '<', '#', '&', '!', '/', ':', '\\']);

/**
 * `value` ready to follow `before`: a zero-width space goes in between when `before` ends with something a
 * value could complete into a mention (`@` + `everyone`, `<@` + an id + `>` from the template). Costs at
 * most one unit.
 */
export function separateFrom(before: string, value: string): string {
  const last = before.at(-1);
  return last !== undefined && OPENERS.has(last) && value !== '' ? `${ZERO_WIDTH_SPACE}${value}` : value;
}
