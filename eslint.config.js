// Lint: typescript-eslint with type information (the same tsconfig as `npm run typecheck`) and the
// React hooks rules for the UI. Formatting is Prettier's job (`npm run format`), not ESLint's.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { noTfjsInPage } from './lint/no-tfjs-in-page.js';

export default tseslint.config(
  {
    ignores: [
      '.gpu/',
      '.gl/',
      'dist/',
      'dist-bench/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'public/',
      '**/*.tmp.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Numbers in template strings are how every label and message here is written.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // tfjs's own API types results through a return-only type parameter; our thin wrappers keep it.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests state what they expect of values they know are there, and fake async APIs synchronously.
    files: ['test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off', // expect.any(…) and friends are typed any
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts', 'src/main.tsx', 'bench/**/*.tsx'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    // The boundary of the page: nothing it runs reaches @tensorflow/* (tfjs lives in the training
    // worker). Not no-restricted-imports on @tensorflow/*: the leak of issue 24 was a UI file importing
    // a constant from an engine module that imports tfjs, so the rule follows every value import
    // through the files it loads (lint/no-tfjs-in-page.js; test/page-boundary.test.ts shows it catches
    // that import). On src/main.tsx it covers everything the page loads; on src/ui and src/store it
    // also names the file that crosses.
    files: ['src/main.tsx', 'src/ui/**/*.{ts,tsx}', 'src/store/**/*.ts'],
    plugins: { 'grok-lab': { rules: { 'no-tfjs-in-page': noTfjsInPage } } },
    rules: { 'grok-lab/no-tfjs-in-page': 'error' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
