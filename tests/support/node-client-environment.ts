import { builtinEnvironments, type Environment } from 'vitest/runtime';

/**
 * Vitest's `node` environment, but with modules transformed for the browser
 * (Vite's `client` environment): `.svelte.ts` rune modules are compiled as
 * client code, so `$state`, `$derived` and `$effect` are reactive in unit tests.
 * (In the plain `node` environment Svelte compiles them for SSR, where effects
 * never run.) There is no DOM: globals are Node's.
 */
export default {
  ...builtinEnvironments.node,
  name: 'node-client',
  viteEnvironment: 'client',
} satisfies Environment;
