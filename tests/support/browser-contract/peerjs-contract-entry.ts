import { PeerjsTransport } from '../../../src/sync/network/peerjs/transport';
import { runTransportContract } from '../../../src/sync/network/transport-contract';
import { runCollected, type CaseResult } from './mini-vitest';

// Bundled into a page on the app's origin: the transport contract over real WebRTC
// and the real PeerServer at /peerjs. Each case gets a fresh show, so no case sees
// another's kiosks.

declare global {
  interface Window {
    runPeerjsContract?: () => Promise<CaseResult[]>;
  }
}

let round = 0;
runTransportContract('PeerJS', async () => {
  round += 1;
  const showId = `contract${Date.now().toString(36)}${round}`;
  const make = (siteId: string) => new PeerjsTransport({ showId, siteId, log: () => {} });
  const [alice, bob, charlie] = [make('alice'), make('bob'), make('charlie')];
  await Promise.all([alice.start(), bob.start(), charlie.start()]);
  return {
    alice,
    bob,
    charlie,
    teardown: async () => {
      await Promise.all([alice.stop(), bob.stop(), charlie.stop()]);
    },
  };
});

window.runPeerjsContract = runCollected;
