// ESLint (flat config): typescript-eslint's recommended rules, plus the purity rule that keeps
// lib/rules free of DOM and extension APIs. Formatting is Prettier's job (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const PURE = 'lib/rules is pure: no DOM, no extension APIs (see STYLE.md).';

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'demo-output/**',
      'bench-output/**',
      // Unpacked Debian packages (tests/support/debian-packages.ts) and apt's lists.
      '.cache/**',
      // Local scratch space (gitignored).
      '.scratch/**',
      'tests/fixtures/**/*.html',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.webextensions } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A `let` read by a closure before its one assignment cannot be a `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'webextension-polyfill', message: "Import `browser` from 'wxt/browser'." }] },
      ],
      // Page text is never markup; and tools/lint-firefox.ts explains Preact's innerHTML by it.
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render text, not HTML (see tools/lint-firefox.ts).',
        },
        // Firefox's content-script sandbox (Xray) cannot iterate URLSearchParams: a spread or
        // for…of throws "is not iterable" and the content script stops (seen in real Firefox).
        {
          selector:
            "SpreadElement > CallExpression[callee.object.property.name='searchParams'], ForOfStatement[right.property.name='searchParams'], ForOfStatement > CallExpression.right[callee.object.property.name='searchParams'], SpreadElement > MemberExpression[property.name='searchParams']",
          message: 'Use searchParams.forEach: Firefox content scripts cannot iterate it.',
        },
      ],
    },
  },
  {
    files: ['lib/rules/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'document',
          'window',
          'navigator',
          'browser',
          'chrome',
          'HTMLElement',
          'Element',
          'Node',
          'location',
        ].map((name) => ({ name, message: PURE })),
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['wxt/browser', 'webextension-polyfill', 'preact', 'preact/hooks'].map((name) => ({
            name,
            message: PURE,
          })),
        },
      ],
    },
  },
);
