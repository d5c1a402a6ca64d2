import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/** What only a test build holds: the name of the test hooks (src/state/test-hooks.ts). */
export const TEST_HOOKS_MARKER = '__backstage';

/**
 * The files of a built app (`dist/`) that contain `marker`, as the server would send them:
 * precompressed copies read decompressed, source maps left out (the server never sends
 * them, and they hold the sources of everything, comments included).
 */
export async function filesContaining(dir: string, marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.map')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    const text = entry.name.endsWith('.gz')
      ? gunzipSync(bytes)
      : entry.name.endsWith('.br')
        ? brotliDecompressSync(bytes)
        : bytes;
    if (text.includes(marker)) found.push(path.relative(dir, file));
  }
  return found.sort();
}
