import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...pluginQuery.configs['flat/recommended'],
  {
    // The SPA may use server code as types only: imports go web -> contract <- server.
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**'], message: 'the SPA imports only src/contract' }] },
      ],
    },
  },
  {
    // The SPA's rooms: a feature uses another feature only through its index.ts; app/ mounts a feature's
    // *-page.tsx; components/, lib/ and api/ never reach into a feature or the app.
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx'] } },
      'boundaries/dependency-nodes': ['import', 'dynamic-import', 'export'],
      'boundaries/elements': [
        { type: 'app', partialMatch: false, pattern: 'src/web/app' },
        { type: 'feature', partialMatch: false, pattern: 'src/web/features/*', capture: ['name'] },
        { type: 'api', partialMatch: false, pattern: 'src/web/api' },
        { type: 'components', partialMatch: false, pattern: 'src/web/components' },
        { type: 'lib', partialMatch: false, pattern: 'src/web/lib' },
        { type: 'contract', partialMatch: false, pattern: 'src/contract' },
        // Last, so only what no room above claims (main.tsx) is the SPA's entry.
        { type: 'main', partialMatch: false, pattern: 'src/web' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            '{{ from.element.types.[0] }} may not import "{{ dependency.source }}": features meet only through index.ts, app/ mounts *-page.tsx, and components/, lib/ and api/ import no feature',
          policies: [
            { from: { element: { type: 'lib' } }, allow: { to: { element: { type: 'contract' } } } },
            {
              from: { element: { type: 'api' } },
              allow: { to: { element: { types: { anyOf: ['lib', 'contract'] } } } },
            },
            {
              from: { element: { type: 'components' } },
              allow: { to: { element: { types: { anyOf: ['lib', 'api', 'contract'] } } } },
            },
            {
              from: { element: { types: { anyOf: ['main', 'app', 'feature'] } } },
              allow: { to: { element: { types: { anyOf: ['components', 'lib', 'api', 'contract'] } } } },
            },
            {
              from: { element: { types: { anyOf: ['main', 'app', 'feature'] } } },
              allow: { to: { element: { type: 'feature', fileInternalPath: 'index.ts' } } },
            },
            {
              from: { element: { type: 'app' } },
              allow: { to: { element: { type: 'feature', fileInternalPath: '*-page.tsx' } } },
            },
            { from: { element: { type: 'main' } }, allow: { to: { element: { type: 'app' } } } },
          ],
        },
      ],
    },
  },
  {
    // Test support serves the tests only: the product and its benchmarks never depend on it. Its own rule
    // name, so that it adds to the import rules of src/web and src/contract instead of replacing them.
    files: ['src/**/*.{ts,tsx}', 'bench/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/test-support', '**/test-support/**'], message: 'only tests import test-support' }] },
      ],
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/web/**'], message: 'the contract depends on nothing' }] },
      ],
    },
  },
);
