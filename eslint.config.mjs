// The generator's own code: typescript-eslint's type-aware recommended rules (`npm run lint`, part of `npm test`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'templates/', 'tmp/', 'reports/', '.stryker-tmp/', 'coverage/', 'test/', '**/*.mjs', '**/*.cjs', '**/*.js', '*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A method of an interface that returns a promise (a flavour's readers) may have nothing to await.
      '@typescript-eslint/require-await': 'off',
      // `_name`: a binding taken apart only to leave it out.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // The readers of files a team edits by hand (a CloudFormation template, Terraform's parse, the
    // SAM template `check` reads) walk documents of no fixed shape: every access is checked where
    // it is used, and test/unit/deployment-edges.test.ts reads every partial document without a throw.
    files: ['lib/iac/deployment.ts', 'lib/iac/hcl.ts', 'lib/iac/sam/read.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
