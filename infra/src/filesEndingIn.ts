import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The files of `dir` whose names end in `suffix`, as absolute paths, sorted. */
export function filesEndingIn(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(dir, f));
}
