/** Two different members, drawn from `members` with `random` (uniform in [0, 1)). */
export function pickPair(members: readonly string[], random: () => number): [string, string] {
  const a = Math.floor(random() * members.length);
  const b = (a + 1 + Math.floor(random() * (members.length - 1))) % members.length;
  return [members[a]!, members[b]!];
}
