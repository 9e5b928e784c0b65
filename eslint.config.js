import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'docs/api/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use the seeded rng from src/internal/rng.ts.' },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No Function constructor.' },
        // `import { z } from 'zod'` makes bundlers keep all of zod (64 locale files)
        { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier", message: "Use `import * as z from 'zod'` so bundles stay small." },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Blob: 'readonly', TextEncoder: 'readonly', Deno: 'readonly' } } },
  {
    // issue 9: a function a reader can hold in mind. Closures count towards the function that holds
    // them, so a factory's inner functions move to module level with an explicit state object. An
    // `// eslint-disable-next-line max-lines-per-function -- reason` is allowed at most twice in src/.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/node/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['node:*'], message: 'Node-only APIs belong in src/node (the telcokit/node entry).' }],
      }],
    },
  },
);
