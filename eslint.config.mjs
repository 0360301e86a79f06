// Lint enforces the architecture, not formatting: apps never import apps, libs never import apps,
// and libs/contracts stays free of NestJS and Prisma (Nx module boundaries on project tags).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default [
  // Specs may reach across projects (the mock upstream, test helpers); production code may not.
  { ignores: ['**/*.spec.ts', '**/dist/**', '**/node_modules/**', '**/generated/**', '**/*.js', '**/*.mjs', 'bench/**', 'test/**', 'scripts/**', 'prisma/**'] },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
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
  // The console SPA (React): the same boundaries, plus the rules of hooks.
  {
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
];
