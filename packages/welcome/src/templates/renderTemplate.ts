import { assertSnowflake } from '@droas/contracts';
import { separateFrom } from '../text/escapeUserText.js';
import type { TemplateToken } from './parseTemplate.js';
import type { TemplateContext } from './templateContext.js';

/**
 * Renders parsed tokens for one member. Literal text is the admin's and stays as written (a channel link
 * `<#id>` in it works; nothing in it pings, because greetings allow only the member's mention). Values
 * come from the fixed placeholder table: names are cut to Discord's caps and escaped, and every value but
 * `{user}` is kept from completing a mention the text before it opened (`@{user.name}` with a member
 * named `everyone`). The result is never longer than {@link worstCaseLength} of the tokens.
 */
export function renderTemplate(tokens: readonly TemplateToken[], context: TemplateContext): string {
  // An id is put in the output as it is; anything but digits would be markup nobody checked.
  assertSnowflake(context.member.id, 'member.id');
  assertSnowflake(context.guild.id, 'guild.id');
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'text') out += token.text;
    else if (token.placeholder.mention) out += token.placeholder.render(context);
    else out += separateFrom(out, token.placeholder.render(context));
  }
  return out;
}
