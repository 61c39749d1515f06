#!/usr/bin/env node
// `npm run lockfile:check`: says whether package-lock.json matches the package.json files and records
// every platform's optional binaries (what `npm test` and `npm start` check before installing).
import { repoRoot } from './lib/deps.mjs';
import { findLockfileProblems, REGENERATE_LOCKFILE } from './lib/lockfile.mjs';
import { fail, log } from './lib/log.mjs';

const problems = findLockfileProblems(repoRoot);
if (problems.length > 0) {
  fail(`package-lock.json:\n${problems.map((p) => `  - ${p}`).join('\n')}\n${REGENERATE_LOCKFILE}`);
}
log('package-lock.json matches every package.json and records every platform');
