import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompressPlugin } from './server/precompress.ts';

/** Shown in the diagnostics: which build a kiosk runs (time of the build, UTC). */
const BUILD_ID = process.env.BUILD_ID || new Date().toISOString().slice(0, 16).replace('T', ' ');

export default defineConfig({
  define: { __BUILD_ID__: JSON.stringify(BUILD_ID) },
  plugins: [
    svelte(),
    VitePWA({
      // Displays must never reload mid-show: a new version waits until the update gate
      // (src/pwa/update-gate.ts) says it is safe.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Backstage kiosk',
        short_name: 'Backstage',
        description:
          'Runs the backstage of a fashion show: running order, calls, hair and makeup, curtain.',
        theme_color: '#0b0b0f',
        background_color: '#0b0b0f',
        display: 'fullscreen',
        start_url: '/',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallbackDenylist: [/^\/peerjs/, /\.crt$/],
        // No source map for the service worker either: maps are never served.
        sourcemap: false,
      },
    }),
    precompressPlugin(),
  ],
  // The op store's worker (src/storage/op-store.worker.ts) is an ES module, as the app is.
  worker: { format: 'es' },
  server: { port: 5173 },
  preview: { port: 4173 },
  // Hidden: maps are written for reading a bug report's stack trace, never linked from
  // the bundles, and the server refuses to send them.
  build: { target: 'es2022', sourcemap: 'hidden' },
});
