// ESLint (typescript-eslint): the rules the code is held to, run by `npm test` (npm run lint).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['scripts/**', 'bin/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // These take control characters apart on purpose (the sanitiser, terminal widths and keys, and their tests).
    files: ['src/core/text/sanitize.ts', 'src/core/documents/markdown.ts', 'src/core/text/wrap.ts', 'src/adapters/prompts.ts', 'test/**'],
    rules: { 'no-control-regex': 'off' },
  },
);
