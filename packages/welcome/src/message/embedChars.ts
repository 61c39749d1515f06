import type { ReplyEmbed } from '@droas/contracts';

/** The characters Discord counts toward one message's 6,000 across its embeds, in UTF-16 units. */
export function embedChars(embeds: readonly ReplyEmbed[]): number {
  let total = 0;
  for (const e of embeds) {
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
    for (const f of e.fields ?? []) total += f.name.length + f.value.length;
  }
  return total;
}
