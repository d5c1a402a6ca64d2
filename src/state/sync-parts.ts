// What running sync needs and the first screen does not: the engine, the PeerJS transport,
// the join's curve arithmetic, the photo exchange, the show's access record, the status
// relay between windows, the peer ids (SHA-256). `sync.svelte.ts` loads this module once
// the stored show is painted (`import()`), so a wall, curtain or tablet paints from a first
// load of the screen and the state core alone (docs/big-shows.md, issue figures in
// `npm run bench`'s `firstload` rows).

export { peerIdFor, siteOfPeer } from '../domain/peer-ids';
export {
  checkShowPassphrase,
  markProducer,
  readAccess,
  readSeeds,
  saveJoin,
  savePassphrase,
} from './access';
export { kioskWarnings } from './guard-warnings';
export { parseStoredIceServers } from './network-settings';
export { linkedBefore, rememberLinked } from './returning';
export { rosterChanges } from './roster';
export { StatusRelay } from './status-relay';
export { leadWhenElected, meshLockName } from '../sync/windows/leader';

export { openOpStore } from '../storage/open-op-store';
export { serverFromUrl } from '../sync/network/peerjs/address';
export { PeerjsTransport } from '../sync/network/peerjs/transport';
export { startSync } from '../sync/start-sync';
export { BlockingTransport } from '../sync/testing/blocking-transport';
export { dexiePhotoKeeper } from './photo-keeper';
export { inBackground, photosByUrgency, startPhotoSync } from './photo-sync';
