// Outcomes are stored as jsonb and hold bigint amounts, which JSON cannot carry: they travel as
// `{"$bigint":"123"}` and come back as bigint.

export function encodeOutcome(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

export function decodeOutcome<T>(value: unknown): T {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && '$bigint' in v && typeof v.$bigint === 'string'
      ? BigInt(v.$bigint)
      : v,
  ) as T;
}
