// Type-checked rules, no floating promises, exhaustive switches, and the module boundaries of DESIGN.md:
// another module is reached only through its index.ts, and platform/ imports no domain module.
import tseslint from 'typescript-eslint'

const domains = [
  'metro2',
  'furnishing',
  'identity',
  'members',
  'consent',
  'reports',
  'scoring',
  'rights',
  'audit',
  'oversight',
  'synth',
]

export default tseslint.config(
  {
    ignores: ['node_modules', 'dist', 'web/dist', '.openbureau', 'bench/out', '**/*.mjs', 'eslint.config.js'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function without await is how an interface that returns a promise is met here.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: domains.flatMap((d) => [`**/${d}/**`, `!**/${d}/index.ts`]),
              message: 'Import another module only through its index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: domains.map((d) => `**/${d}/**`), message: 'platform/ imports no domain module.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
)
