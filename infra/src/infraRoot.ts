import { dirname, join } from 'node:path';

/** The `infra/` folder of this checkout. */
export const infraRoot = join(dirname(require.resolve('@droas/infra/package.json')));

/** A path inside `infra/`. */
export function infraPath(...parts: string[]): string {
  return join(infraRoot, ...parts);
}
