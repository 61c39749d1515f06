/**
 * `text` cut to at most `maxUnits` UTF-16 units, an ellipsis marking the cut, never splitting a surrogate
 * pair. For text whose limit is counted in units (message content, embed field values).
 */
export function cutToLength(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let end = maxUnits - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
  return `${text.slice(0, end)}…`;
}
