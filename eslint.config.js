// Type-aware lint for everything TypeScript compiles: src, test, bench.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'fixtures/', '*.config.js', '.dependency-cruiser.cjs', 'bench/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The estate's tables answer the same whether a record is held raw or as an object: outside the tables
    // (and the tests of their storage) nothing may ask which.
    files: ['src/**/*.ts'],
    ignores: ['src/estate/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'isHeld', message: 'ask the table for the value (str, ownerRefs, attribute, matchKey); never how a record is held' },
      ],
    },
  },
  {
    // Tests read the CLI's JSON output and poke at parsed documents: `any` from JSON.parse is the point there.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly' } },
  },
);
