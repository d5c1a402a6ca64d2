// The bench runs small pieces of the app inside a plain Chromium page (a raw PeerJS
// peer, the link sealing): each is bundled into one script to evaluate there.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** `entry` (a file beside this one) as one minified script that sets `window[name]`. */
export async function iifeBundle(entry: string, name: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      emptyOutDir: false,
      lib: {
        entry: path.join(here, entry),
        formats: ['iife'],
        name,
        fileName: () => `${name}.js`,
      },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunk = outputs
    .flatMap((o) => o.output)
    .find((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (!chunk) throw new Error(`the bench bundle of ${entry} is empty`);
  return chunk.code;
}
