import { FakePeerServer } from '../../testing/fake-peerjs';
import { PeerjsTransport } from './transport';
import { runTransportContract } from '../transport-contract';

// The PeerJS transport against an in-memory PeerServer; the same suite runs in
// Chromium over real WebRTC in tests/e2e/peerjs-transport.spec.ts.
runTransportContract('PeerJS (in-memory PeerServer)', async () => {
  const server = new FakePeerServer();
  const make = (siteId: string) =>
    new PeerjsTransport({
      showId: 'contract',
      siteId,
      createPeer: server.factory,
      log: () => {},
      fetch: async () => ({ ok: false, status: 404, json: async () => null }),
    });
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
