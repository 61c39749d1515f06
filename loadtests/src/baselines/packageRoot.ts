import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder above `from` with a package.json: this workspace's root, from src (jest) or dist. */
export function findPackageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
