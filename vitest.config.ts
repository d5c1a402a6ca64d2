import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Domain, clock, storage, sync, state and view-model tests.
        plugins: [svelte()],
        // Resolve packages (svelte itself above all) to their browser builds, like the app.
        resolve: { conditions: [...defaultClientConditions] },
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          // Node globals, client-compiled Svelte runes: see the file.
          environment: './tests/support/node-client-environment.ts',
          setupFiles: ['./tests/support/vitest-setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts', 'tests/support/**/*.test.ts'],
          environment: 'node',
          // Generating an RSA key for the HTTPS test can take a few seconds on a slow machine.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
