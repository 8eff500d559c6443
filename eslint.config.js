import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist.next/', 'dist.old/', 'tmp/', 'coverage/', 'data/', '.bench/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
      // Type-aware rules: they see what a promise or a callback really is.
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'src/worker/*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      'no-control-regex': 'off', // the presenters strip control characters on purpose
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // better-sqlite3 answers synchronously: these methods are async to implement the store
    // interfaces (src/store/*.ts), so that a throw becomes a rejection, with nothing to await.
    files: ['src/store/sqlite/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Test doubles are async to match the interfaces they stand for, with nothing to await.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
);
