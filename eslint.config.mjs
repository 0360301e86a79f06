// Lint enforces the architecture and STYLE.md's rules, not formatting (Prettier's job: `npm run format`):
// apps never import apps, libs never import apps, libs/contracts stays free of NestJS and Prisma (Nx module
// boundaries on project tags); no dropped or misused promises (type-checked); files <= 400 lines, functions
// <= 60, at most 5 parameters (constructors excepted: Nest injects through them).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const CONSTRUCTOR = "MethodDefinition[kind='constructor'] > FunctionExpression";

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'prisma/**'] },
  // Every TypeScript file: production code, specs, e2e tests, the bench and the scripts.
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  // Function size and parameters: everything but tests (a spec's describe block is a list of cases, and a
  // table-driven case takes its row's columns as parameters).
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'no-restricted-syntax': [
        'error',
        { selector: `:function[params.length>5]:not(${CONSTRUCTOR})`, message: 'More than 5 parameters: take an options object (STYLE.md).' },
      ],
    },
  },
  // Production code may not reach across projects; specs may (the mock upstream, test helpers).
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: ['@nestjs/*', '@prisma/*', 'prisma', 'ioredis', 'nats'],
            },
          ],
        },
      ],
    },
  },
  // The console SPA (React): the rules of hooks.
  {
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
];
