import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { expect, test } from './fixtures';

// The transport contract (src/sync/network/transport-contract.ts), the same suite the
// memory transport runs in vitest, run in Chromium against the PeerJS transport:
// real WebRTC data channels, brokered by the real PeerServer of the e2e server.

const here = path.dirname(fileURLToPath(import.meta.url));
const support = path.join(here, '..', 'support', 'browser-contract');

async function bundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { vitest: path.join(support, 'mini-vitest.ts') } },
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      lib: {
        entry: path.join(support, 'peerjs-contract-entry.ts'),
        formats: ['iife'],
        name: 'PeerjsContract',
        fileName: () => 'contract.js',
      },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunk = outputs
    .flatMap((o) => o.output)
    .find((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (!chunk) throw new Error('The contract bundle has no code');
  return chunk.code;
}

// The contract bundle is injected as an inline script, which the server's
// Content-Security-Policy (script-src 'self') refuses to any page: this test page only lets it in.
test.use({ bypassCSP: true });

test('the PeerJS transport keeps the transport contract over real WebRTC', async ({ page }) => {
  test.setTimeout(180_000);
  const code = await bundle();
  // A page served from the app's origin (a page made up by the test would not be
  // allowed to reach the loopback PeerServer: Chrome's local network access checks).
  // The app itself starts there too, but without a show it opens no connection.
  await page.goto('/transport-harness');
  await page.addScriptTag({ content: code });
  const results = await page.evaluate(() => window.runPeerjsContract!());
  for (const result of results) {
    await test.step(`${result.name} (${result.ms} ms)`, async () => {
      expect(result.error ?? '', result.name).toBe('');
    });
  }
  expect(results.length).toBeGreaterThanOrEqual(6);
});
