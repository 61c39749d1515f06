/**
 * The metric names a PromQL expression selects, read by a small tokenizer rather than a parser: no
 * maintained PromQL parser is published for Node, and the expressions in our rules and dashboards only need
 * their selectors found. It removes what cannot be a metric name (strings, label matchers, ranges, grouping
 * clauses, durations, numbers, Grafana variables), then keeps each identifier that is not a keyword and is not
 * called as a function or aggregation. Selectors by `{__name__=…}` are refused: the check could not see them.
 */
export function metricNamesIn(expr: string): string[] {
  if (/__name__/.test(expr)) {
    throw new RangeError(
      `expression selects by __name__, which the metric-name check cannot follow: ${expr}`,
    );
  }
  const stripped = expr
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ') // Grafana variables
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ') // strings
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ')
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y)\b/g, ' ') // durations (offset 5m)
    .replace(/\b0x[\da-f]+\b|\b\d*\.?\d+(?:e[+-]?\d+)?\b/gi, ' '); // numbers
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][\w:]*/g)) {
    const name = match[0];
    if (PROMQL_KEYWORDS.has(name.toLowerCase())) continue;
    const rest = stripped.slice(match.index + name.length);
    if (/^\s*\(/.test(rest)) continue; // a function or an aggregation
    names.add(name);
  }
  return [...names].sort();
}

const PROMQL_KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/**
 * Every metric name a Prometheus text exposition offers: each `# TYPE` line's family (with `_bucket`, `_sum`
 * and `_count` for histograms, `_sum` and `_count` for summaries), and each sample line's name. A family
 * registered without any labelled series yet still has its `# TYPE` line.
 */
export function metricNamesExposed(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][\w:]*) (\w+)/.exec(line);
    if (type) {
      const [, family, kind] = type as unknown as [string, string, string];
      names.add(family);
      if (kind === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(family + s);
      if (kind === 'summary') for (const s of ['_sum', '_count']) names.add(family + s);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)[{\s]/.exec(line);
    if (sample?.[1]) names.add(sample[1]);
  }
  return names;
}

/** The label names each `name{…}` selector of an expression matches on, selector by selector. */
export function labelMatchersIn(expr: string): { metric: string; labels: string[] }[] {
  return [...expr.matchAll(/([a-zA-Z_:][\w:]*)\s*\{([^}]*)\}/g)].map((m) => ({
    metric: m[1]!,
    labels: [...m[2]!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!),
  }));
}

/** For each metric name with samples in an exposition, the label names its series carry. */
export function labelNamesExposed(exposition: string): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  for (const line of exposition.split('\n')) {
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s/.exec(line);
    if (!sample?.[1]) continue;
    const names = labels.get(sample[1]) ?? new Set<string>();
    for (const l of (sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="/g)) names.add(l[1]!);
    labels.set(sample[1], names);
  }
  return labels;
}
