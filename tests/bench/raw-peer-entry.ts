import { Peer } from 'peerjs';

// Bundled by tests/bench/run.ts and tap-cpu-floor.ts into their pages: PeerJS itself,
// without the app's transport on top, to measure what a bare data channel costs.
// Bundle it under another global name (`iifeBundle(…, 'BenchPeer')`): an IIFE named
// `benchPeer` would assign its empty exports over the maker this sets.
declare global {
  interface Window {
    /** A bare PeerJS peer `id` on this page's own PeerServer, with no ICE servers (one machine). */
    benchPeer?: (id: string) => Peer;
  }
}
window.benchPeer = (id) =>
  new Peer(id, {
    host: location.hostname,
    port: Number(location.port),
    path: '/peerjs',
    config: { iceServers: [] },
  });
