import type { TemplateToken } from './parseTemplate.js';

/**
 * The longest {@link renderTemplate} can make these tokens, in UTF-16 units: literal text as it is, each
 * placeholder at its `maxLength`, plus one unit for the zero-width space that may separate a value from
 * the text before it (every placeholder but `{user}`). A template whose worst case fits a limit always fits it.
 */
export function worstCaseLength(tokens: readonly TemplateToken[]): number {
  let length = 0;
  for (const token of tokens) {
    if (token.kind === 'text') length += token.text.length;
    else length += token.placeholder.maxLength + (token.placeholder.mention ? 0 : 1);
  }
  return length;
}
