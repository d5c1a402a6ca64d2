import { seal, unseal } from '../../src/sync/synchronizer/sealing';
import { LinkAuth } from '../../src/sync/trust/link-auth';
import type { SiteId } from '../../src/domain/ids';
import { parseMessage, parseWireMessage, type ShowMessage } from '../../src/sync/protocol/messages';

// Bundled by tests/bench/auth-cost.ts into a kiosk page: the app's own sealing, to
// time in Chromium what a joined link adds to each message of a tap.
declare global {
  interface Window {
    benchSealing?: (message: ShowMessage, runs: number) => { sealedMs: number; bareMs: number };
  }
}

const alice = 'kaaaaaaaaaaaaaaaaaaaaaaaa' as SiteId;
const bob = 'kbbbbbbbbbbbbbbbbbbbbbbbb' as SiteId;

/**
 * Per message, median of `runs`, both as the engine does it: sealed = seal on the
 * sender, the envelope through JSON both ways (as the data channel carries it), the
 * envelope read, its tag checked and its body read; bare = the message through JSON
 * both ways and read (size and shape), as before links were sealed.
 */
window.benchSealing = (message, runs) => {
  const key = new Uint8Array(32).fill(3);
  const sender = new LinkAuth(key, alice, bob);
  const receiver = new LinkAuth(key, bob, alice);
  const sealed: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    const envelope = parseWireMessage(JSON.parse(JSON.stringify(seal(sender, message))));
    if (!envelope.ok || envelope.message.type !== 'sealed')
      throw new Error('bench envelope refused');
    if (!unseal(receiver, envelope.message).ok) throw new Error('bench message refused');
    sealed.push(performance.now() - started);
    started = performance.now();
    if (!parseMessage(JSON.parse(JSON.stringify(message))).ok)
      throw new Error('bench message refused');
    bare.push(performance.now() - started);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] ?? NaN;
  return { sealedMs: median(sealed), bareMs: median(bare) };
};
