/** One sample of a Prometheus text exposition. */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A parsed exposition: each family's TYPE and HELP, and every sample in order. */
export interface PrometheusExposition {
  readonly types: ReadonlyMap<string, string>;
  readonly help: ReadonlyMap<string, string>;
  readonly samples: readonly PrometheusSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"\s*(,|$)/y;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

/**
 * Parses the Prometheus text format (version 0.0.4) strictly, as a scraper would accept it: metric and label
 * names, quoted and escaped label values, numeric values, one TYPE per family before its samples, no series
 * twice. Throws an `Error` naming the line for anything else. For tests that check what `/metrics` serves.
 */
export function parsePrometheusText(text: string): PrometheusExposition {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: PrometheusSample[] = [];
  const seen = new Set<string>();
  const sampled = new Set<string>();
  text.split('\n').forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1} of the exposition: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!meta) return; // any other comment
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!NAME.test(name)) fail('bad metric name');
      if (kind === 'HELP') {
        if (help.has(name)) fail('second HELP');
        help.set(name, rest);
      } else {
        if (!TYPES.has(rest)) fail(`unknown type ${rest}`);
        if (types.has(name)) fail('second TYPE');
        if (sampled.has(name)) fail('TYPE after samples');
        types.set(name, rest);
      }
      return;
    }
    const m = /^([^\s{]+)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/.exec(line) ?? fail('not a sample');
    const [, name, labelText, valueText] = m as unknown as [string, string, string | undefined, string];
    if (!NAME.test(name)) fail('bad metric name');
    const value =
      /^[+-]?Inf$/.test(valueText) || valueText === 'NaN'
        ? Number(valueText.replace('Inf', 'Infinity'))
        : Number(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') fail('bad value');
    const labels: Record<string, string> = {};
    if (labelText !== undefined && labelText.trim() !== '') {
      LABEL.lastIndex = 0;
      while (LABEL.lastIndex < labelText.length) {
        const start = LABEL.lastIndex;
        const l = LABEL.exec(labelText) ?? fail('bad labels');
        if (l.index !== start) fail('bad labels');
        const [, key, raw] = l as unknown as [string, string, string];
        if (key in labels) fail(`label ${key} twice`);
        labels[key] = raw.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
      }
    }
    const family = familyOf(name, types);
    sampled.add(family);
    const series = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(series)) fail('series twice');
    seen.add(series);
    samples.push({ name, labels, value });
  });
  return { types, help, samples };
}

/** The family a sample belongs to: `x_bucket` is family `x` when `x` is a histogram. */
function familyOf(name: string, types: ReadonlyMap<string, string>): string {
  if (types.has(name)) return name;
  for (const [family, type] of types)
    if ((SUFFIXES[type] ?? []).some((s) => name === `${family}${s}`)) return family;
  return name;
}

/** The samples of `name` whose labels include every label of `match`. */
export function samplesOf(
  exposition: PrometheusExposition,
  name: string,
  match: Record<string, string> = {},
): PrometheusSample[] {
  return exposition.samples.filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
}
