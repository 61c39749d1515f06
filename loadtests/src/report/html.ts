// Small helpers for building report.html as text: everything from the summary goes through `escapeHtml`.

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Text placed inside `<script>` or `<style>`: a `</script`, `</style` or `<!--` inside it would end or confuse
 * the element early, so the `<` of each is escaped (`<\/script` means the same in a JavaScript string, regex or
 * comment).
 */
export function escapeRawText(text: string): string {
  return text.replace(/<(\/(?:script|style)|!--)/gi, '<\\$1');
}

/** JSON that can sit in a `<script type="application/json">`: no `<` survives, so nothing can close the tag. */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A cell: text (escaped here) or ready HTML, with an optional class. */
export type Cell = string | { html: string; className?: string };

function renderCell(tagName: 'td' | 'th', cell: Cell, numeric: boolean): string {
  const content = typeof cell === 'string' ? escapeHtml(cell) : cell.html;
  const classes = [numeric ? 'num' : '', typeof cell === 'string' ? '' : (cell.className ?? '')].filter(
    Boolean,
  );
  const attr = classes.length === 0 ? '' : ` class="${classes.join(' ')}"`;
  return `<${tagName}${attr}>${content}</${tagName}>`;
}

/** A table whose columns after the first `textColumns` are right-aligned figures. */
export function htmlTable(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  textColumns = 1,
): string {
  const headRow = head.map((h, i) => renderCell('th', h, i >= textColumns)).join('');
  const bodyRows = rows.map(
    (row) => `<tr>${row.map((c, i) => renderCell('td', c, i >= textColumns)).join('')}</tr>`,
  );
  return `<table><thead><tr>${headRow}</tr></thead><tbody>${bodyRows.join('')}</tbody></table>`;
}
