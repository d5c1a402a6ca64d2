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
 * Per message, the best of five loops of `runs`, both as the engine does it: sealed = seal on the
 * sender, the envelope through JSON both ways (as the data channel carries it), the
 * envelope read, its tag checked and its body read; bare = the message through JSON
 * both ways and read (size and shape), as before links were sealed.
 */
window.benchSealing = (message, runs) => {
  const key = new Uint8Array(32).fill(3);
  const sender = new LinkAuth(key, alice, bob);
  const receiver = new LinkAuth(key, bob, alice);
  // Chromium coarsens performance.now(): time whole loops, and take the best of a few.
  const perMessage = (run: () => void): number => {
    const loops: number[] = [];
    for (let loop = 0; loop < 5; loop++) {
      const started = performance.now();
      for (let i = 0; i < runs; i++) run();
      loops.push((performance.now() - started) / runs);
    }
    return Math.min(...loops);
  };
  const sealedMs = perMessage(() => {
    const envelope = parseWireMessage(JSON.parse(JSON.stringify(seal(sender, message))));
    if (!envelope.ok || envelope.message.type !== 'sealed')
      throw new Error('bench envelope refused');
    if (!unseal(receiver, envelope.message).ok) throw new Error('bench message refused');
  });
  const bareMs = perMessage(() => {
    if (!parseMessage(JSON.parse(JSON.stringify(message))).ok)
      throw new Error('bench message refused');
  });
  return { sealedMs, bareMs };
};
