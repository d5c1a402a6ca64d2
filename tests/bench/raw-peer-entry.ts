import { Peer } from 'peerjs';

// Bundled by tests/bench/run.ts into the kiosk pages: PeerJS itself, without the
// app's transport on top, to measure what a bare data channel costs between them.
declare global {
  interface Window {
    BenchPeer?: typeof Peer;
  }
}
window.BenchPeer = Peer;
