/** Samples of one metric family in Prometheus text, as `{labels, value}`. */
export function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const labelText = rest[0] === '{' ? rest.slice(1, rest.indexOf('}')) : '';
    const value = Number(rest.slice(rest.lastIndexOf(' ') + 1));
    const labels: Record<string, string> = {};
    for (const m of labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!;
    out.push({ labels, value });
  }
  return out;
}

/** Whether a sample's `labels` include every label of `match`. */
export function labelsMatch(labels: Record<string, string>, match: Record<string, string>): boolean {
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}

/** A process's `/metrics` text, or '' when it cannot be read within `timeoutMs`. */
export function scrapeMetrics(opsUrl: string, timeoutMs = 2_000): Promise<string> {
  return fetch(`${opsUrl}/metrics`, { signal: AbortSignal.timeout(timeoutMs) })
    .then((r) => r.text())
    .catch(() => '');
}

/** The sum of a metric's samples whose labels include `match`. */
export function sumOf(texts: readonly string[], name: string, match: Record<string, string> = {}): number {
  let total = 0;
  for (const text of texts)
    for (const s of samples(text, name)) if (labelsMatch(s.labels, match)) total += s.value;
  return total;
}

/** Cumulative bucket counts of a histogram (`<name>_bucket`) by `le`, summed over texts and label matches. */
export function buckets(
  texts: readonly string[],
  name: string,
  match: Record<string, string> = {},
): Map<number, number> {
  const byLe = new Map<number, number>();
  for (const text of texts)
    for (const s of samples(text, `${name}_bucket`)) {
      if (!labelsMatch(s.labels, match)) continue;
      const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
      byLe.set(le, (byLe.get(le) ?? 0) + s.value);
    }
  return byLe;
}

/**
 * The q-quantile of the observations made between two bucket snapshots (linear within a bucket, as
 * Prometheus's histogram_quantile); null when there were none.
 */
export function quantileBetween(
  before: Map<number, number>,
  after: Map<number, number>,
  q: number,
): number | null {
  const les = [...after.keys()].sort((a, b) => a - b);
  const counts = les.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  for (let i = 0; i < les.length; i++) {
    if (counts[i]! >= rank) {
      const lower = i === 0 ? 0 : les[i - 1]!;
      const upper = les[i]!;
      if (!Number.isFinite(upper)) return lower;
      const below = i === 0 ? 0 : counts[i - 1]!;
      const inBucket = counts[i]! - below;
      return inBucket <= 0 ? upper : lower + ((upper - lower) * (rank - below)) / inBucket;
    }
  }
  return les.at(-2) ?? null;
}
