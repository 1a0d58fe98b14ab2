// Lint: typescript-eslint with type information, plus the import boundaries of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const pluginNames = ['router', 'views', 'orm', 'session', 'security', 'jobs'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'coverage/**',
      'bench/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused parameters are caught by tsc (noUnusedParameters) with the `_` convention.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Decorator factories and DI tokens are typed through `unknown` on purpose; any is still refused.
      '@typescript-eslint/no-explicit-any': 'error',
      // Hooks may be sync or async by design: a sync hook returning void is the fast path.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Principle 1: the kernel knows no plugin and no app.
    files: ['core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@pith/*', '!@pith/core'], message: 'core/ never imports a plugin.' },
            {
              group: ['**/plugins/**', '**/sample-app/**'],
              message: 'core/ never imports plugins or the app.',
            },
          ],
        },
      ],
    },
  },
  ...pluginNames.map((name) => ({
    // Plugins reach the kernel and each other only through public entries.
    files: [`plugins/${name}/src/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@pith/*/src/**', '@pith/*/dist/**'],
              message: 'import a package through its public entry.',
            },
            {
              group: ['../../*/src/**', '../../../core/**', '**/sample-app/**'],
              message: 'plugins import other packages by name only.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests poke at response bodies and mocks of nothing but HTTP; loosen only unsafe-any reads.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
