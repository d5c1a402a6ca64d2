import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The layering of docs/architecture.md, as import bans: each layer lists the
 * layers of ours it may NOT reach. (`domain` imports nothing of ours.)
 */
const LAYERS = {
  domain: ['clock', 'storage', 'sync', 'state', 'screens', 'ui', 'pwa', 'photos'],
  clock: ['storage', 'sync', 'state', 'screens', 'ui', 'pwa'],
  storage: ['sync', 'state', 'screens', 'ui', 'pwa'],
  sync: ['storage', 'state', 'screens', 'ui', 'pwa'],
  state: ['screens', 'ui'],
  screens: ['storage', 'sync', 'clock', 'pwa'],
  ui: ['clock', 'storage', 'sync', 'state', 'screens', 'pwa', 'photos'],
  pwa: ['storage', 'sync', 'screens', 'ui'],
  // Image preparation and photo transfer: pure enough to run anywhere; domain only.
  photos: ['clock', 'storage', 'sync', 'state', 'screens', 'ui', 'pwa'],
};

/**
 * Layers that may import another's TYPES (never its values): storage implements the
 * storage port sync owns (sync/op-store.ts); sync knows storage through that port only.
 */
const TYPES_ALLOWED = { storage: ['sync'] };

// ui components receive domain types only: no domain logic either.
const UI_DOMAIN_TYPES_ONLY = {
  group: ['**/domain/*', '!**/domain/model', '!**/domain/ids'],
  allowTypeImports: true,
  message: 'src/ui imports domain types only.',
};

const layerRules = Object.entries(LAYERS).map(([layer, banned]) => ({
  files: [`src/${layer}/**/*.{ts,svelte}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...banned.map((other) => ({
            group: [`**/${other}/*`, `**/${other}`],
            allowTypeImports: (TYPES_ALLOWED[layer] ?? []).includes(other),
            message: `src/${layer} may not import src/${other} (docs/architecture.md).`,
          })),
          ...(layer === 'ui' ? [UI_DOMAIN_TYPES_ONLY] : []),
        ],
      },
    ],
  },
}));

export default ts.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      '.certs/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // Maps built fresh inside $derived are never mutated; the rule cannot tell them apart.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  ...layerRules,
  {
    // A store's contract suite lives with the port it checks (sync), and runs on each store.
    files: ['src/storage/*.contract.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
