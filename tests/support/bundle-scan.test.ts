import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesContaining, TEST_HOOKS_MARKER } from './bundle-scan';

describe('finding the test hooks in a built app', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bundle-scan-'));
    await mkdir(path.join(dir, 'assets'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const hooks = `window.${TEST_HOOKS_MARKER}={actions:a}`;

  it('finds them in a script, in its precompressed copies too', async () => {
    await writeFile(path.join(dir, 'assets/index.js'), hooks);
    await writeFile(path.join(dir, 'assets/index.js.gz'), gzipSync(hooks));
    await writeFile(path.join(dir, 'assets/index.js.br'), brotliCompressSync(hooks));
    await writeFile(path.join(dir, 'index.html'), '<script src="/assets/index.js"></script>');
    expect(await filesContaining(dir, TEST_HOOKS_MARKER)).toEqual([
      path.join('assets', 'index.js'),
      path.join('assets', 'index.js.br'),
      path.join('assets', 'index.js.gz'),
    ]);
  });

  it('finds nothing in a build without them, and never reads source maps (never served)', async () => {
    await writeFile(path.join(dir, 'assets/index.js'), 'mount(App)');
    await writeFile(
      path.join(dir, 'assets/index.js.map'),
      JSON.stringify({ sourcesContent: [hooks] }),
    );
    expect(await filesContaining(dir, TEST_HOOKS_MARKER)).toEqual([]);
  });
});
