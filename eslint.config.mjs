// Typed lint for every workspace. Each workspace runs `eslint .` from its own folder; this file is the
// single source of rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_PROCESS_ENV = {
  object: 'process',
  property: 'env',
  message: 'Packages never read process.env: the app parses config once and passes typed options.',
};
// Tests and tools may use the raw pool; the apps' queries go through the measured wrappers.
const NO_UNMEASURED_SQL = {
  property: 'sql',
  message:
    "Query through db.statement(op, …) or db.transaction(op, …): Database's raw pool is outside the pool metrics.",
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', '.droas/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '*.cjs', '*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // An unawaited promise in a worker is a lost job.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@droas/*/src/*', '@droas/*/dist/*', '../../packages/*', '../../apps/*'],
              message: "Import a package through its public entry ('@droas/name'), never its internals.",
            },
          ],
        },
      ],
    },
  },
  {
    // Packages take typed options; only apps read the environment, once (docs/architecture.md §1).
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/testkit/src/env.ts'],
    rules: { 'no-restricted-properties': ['error', NO_PROCESS_ENV, NO_UNMEASURED_SQL] },
  },
  {
    files: ['apps/*/src/**/*.ts'],
    rules: { 'no-restricted-properties': ['error', NO_UNMEASURED_SQL] },
  },
  {
    // The one place that owns the pool.
    files: ['packages/db/src/database.ts'],
    rules: { 'no-restricted-properties': ['error', NO_PROCESS_ENV] },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        globalThis: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
