// The root `postinstall`: applies scripts/lib/dependencyPatches.mjs to the repository's node_modules.
import { applyDependencyPatches } from './lib/dependencyPatches.mjs';
import { repoRoot } from './lib/deps.mjs';
import { fail, log } from './lib/log.mjs';

try {
  for (const file of applyDependencyPatches(repoRoot)) log(`patched ${file}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
