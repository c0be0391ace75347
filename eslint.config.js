import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

// The walls between folders (README: "How the code is laid out"): an import through one fails lint.
// Specifiers are matched as written, so a pattern names the folder after the leading ../ steps.
const outOf = (folders) => `^(\\.\\./)+(${folders})(/|$)`;
const walls = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const PURE = 'core/ is pure: it imports only core/ and contract/ (no UI, worker, Svelte, tfjs or DOM).';
const NO_UI = 'the UI (src/) is off limits here; shared pure code belongs in core/.';
const BRIDGE = 'the UI reaches the worker only through src/worker-bridge/ (the comlink API types and bridge).';

export default ts.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      'node_modules/',
      'training/',
      'test-results/',
      'test-results-*/',
      'playwright-report/',
      'bench/',
      'build/sw-template.js',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['core/**'],
    rules: {
      ...walls(
        { regex: outOf('src|workers|scripts|e2e|build'), message: PURE },
        { regex: '^(svelte|@tensorflow|comlink|idb-keyval|mediabunny)(/|$)', message: PURE },
      ),
      // Core runs in Node (the CLI, training's bridge) as well as in the page and the worker.
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'self', 'localStorage', 'indexedDB', 'location', 'fetch'].map(
          (name) => ({ name, message: PURE }),
        ),
      ],
    },
  },
  {
    // Core is bundled into the page and the worker too: Node's modules only in its tests.
    files: ['core/**'],
    ignores: ['core/**/*.test.ts'],
    rules: walls(
      { regex: outOf('src|workers|scripts|e2e|build'), message: PURE },
      { regex: '^(svelte|@tensorflow|comlink|idb-keyval|mediabunny)(/|$)', message: PURE },
      { regex: '^node:', message: PURE },
    ),
  },
  {
    files: ['workers/**'],
    rules: walls({ regex: outOf('src|scripts|e2e'), message: `The worker imports core/ and its own files; ${NO_UI}` }),
  },
  {
    files: ['src/**'],
    ignores: ['src/worker-bridge/**'],
    rules: walls({ regex: outOf('workers|scripts'), message: BRIDGE }),
  },
  {
    files: ['src/worker-bridge/**'],
    rules: walls(
      { regex: `${outOf('workers')}(?!api$)`, message: `${BRIDGE} Import only workers/api.` },
      { regex: outOf('scripts'), message: BRIDGE },
    ),
  },
  {
    files: ['scripts/**'],
    rules: walls({ regex: outOf('src'), message: `Scripts use core/ and workers/; ${NO_UI}` }),
  },
);
