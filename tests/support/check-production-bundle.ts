/**
 * Part of `npm test`: the production build (`vite build`, what `npm start` serves) must not
 * contain the test hooks that journeys and the bench drive (`vite build --mode test`).
 * Builds into a temporary folder, so the journeys' dist/ is left as it is.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { filesContaining, TEST_HOOKS_MARKER } from './bundle-scan';

const outDir = await mkdtemp(path.join(tmpdir(), 'backstage-production-'));
try {
  await build({ mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const files = await filesContaining(outDir, TEST_HOOKS_MARKER);
  if (files.length > 0) {
    console.error(
      `The production build contains the test hooks (${TEST_HOOKS_MARKER}) in: ${files.join(', ')}.\n` +
        'They must exist only in test builds (vite build --mode test): see src/main.ts.',
    );
    process.exitCode = 1;
  } else {
    console.log(`The production build holds no test hooks (${TEST_HOOKS_MARKER}).`);
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
