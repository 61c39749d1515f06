// The root `postinstall`: applies scripts/lib/dependencyPatches.mjs to the repository's node_modules.
import { patchDependencies, repoRoot } from './lib/deps.mjs';

patchDependencies(repoRoot);
