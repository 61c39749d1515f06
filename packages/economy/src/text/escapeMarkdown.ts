// Characters Discord's markdown gives meaning to. Escaping them keeps user text (notes, reasons, currency
// names) from bolding, hiding or quoting the rest of a reply.
const MARKDOWN = /[\\*_~`|>#[\]()-]/g;

/** `text` with Discord markdown neutralised, so it renders literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN, (c) => `\\${c}`);
}

/**
 * User-written text made safe to quote inside a reply: one line, at most `maxChars` characters (an ellipsis
 * marks a cut), markdown escaped. Mentions inside stay inert because replies allow no mentions.
 */
export function quoteUserText(text: string, maxChars = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const chars = [...oneLine];
  const cut = chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : oneLine;
  return escapeMarkdown(cut);
}
