// Every workspace's unit and integration projects in one jest run (what `npm test` uses).
const fs = require('node:fs');
const path = require('node:path');
const { projectsFor, repoRoot } = require('./jest.preset.cjs');

const workspaces = ['packages', 'apps']
  .flatMap((group) => fs.readdirSync(path.join(repoRoot, group)).map((d) => path.join(repoRoot, group, d)))
  .concat(path.join(repoRoot, 'loadtests'), path.join(repoRoot, 'infra'))
  .filter((dir) => fs.existsSync(path.join(dir, 'jest.config.cjs')));

module.exports = {
  projects: workspaces.flatMap(projectsFor),
  globalSetup: path.join(repoRoot, 'packages/testkit/jest/global-setup.cjs'),
  globalTeardown: path.join(repoRoot, 'packages/testkit/jest/global-teardown.cjs'),
};
