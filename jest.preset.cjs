// Jest projects for one workspace: unit tests beside the code (src/**/*.test.ts, pure logic, fakes allowed)
// and integration tests in test/ (real Redis, Postgres and the simulator). Workspace packages resolve to
// their TypeScript sources, so tests never need a build of their dependencies.
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = __dirname;

// `@droas/<name>` → that workspace's src/index.ts, for every workspace (packages and apps alike).
const workspaceSources = Object.fromEntries(
  ['packages', 'apps']
    .flatMap((group) => fs.readdirSync(path.join(repoRoot, group)).map((d) => path.join(repoRoot, group, d)))
    .filter(
      (dir) =>
        fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src', 'index.ts')),
    )
    .map((dir) => [`^${require(path.join(dir, 'package.json')).name}$`, path.join(dir, 'src', 'index.ts')]),
);

/** The unit and integration projects of the workspace in `dir` (what the root config gathers). */
function projectsFor(dir) {
  const name = path.basename(dir);
  const common = {
    rootDir: dir,
    testEnvironment: 'node',
    testEnvironmentOptions: { globalsCleanup: 'on' },
    transform: {
      // Type errors are tsc's job (npm test runs it first); jest only strips types.
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(dir, 'tsconfig.json'), diagnostics: false }],
    },
    moduleNameMapper: {
      ...workspaceSources,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  };
  const integration = {
    ...common,
    displayName: `${name}:integration`,
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    slowTestThreshold: 30,
    setupFilesAfterEnv: [path.join(repoRoot, 'packages/testkit/jest/integration-setup.cjs')],
  };
  // Integration tests a workspace names in its package.json (`droas.clusterTests`) run a second time with
  // their stacks on a Redis Cluster and partitioned queues.
  const clusterTests = require(path.join(dir, 'package.json')).droas?.clusterTests ?? [];
  return [
    { ...common, displayName: `${name}:unit`, testMatch: ['<rootDir>/src/**/*.test.ts'] },
    integration,
    ...(clusterTests.length === 0
      ? []
      : [
          {
            ...integration,
            displayName: `${name}:cluster`,
            testMatch: clusterTests.map((file) => `<rootDir>/${file}`),
            setupFiles: [path.join(repoRoot, 'packages/testkit/jest/redis-cluster-mode.cjs')],
          },
        ]),
  ];
}

/** A whole jest config for the workspace in `dir`: its projects, with the shared Redis and Postgres. */
function workspaceConfig(dir) {
  return {
    projects: projectsFor(dir),
    globalSetup: path.join(repoRoot, 'packages/testkit/jest/global-setup.cjs'),
    globalTeardown: path.join(repoRoot, 'packages/testkit/jest/global-teardown.cjs'),
  };
}

module.exports = { projectsFor, workspaceConfig, repoRoot };
