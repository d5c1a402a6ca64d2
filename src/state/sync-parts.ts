// What running sync needs and the first screen does not: the engine, the PeerJS transport,
// the join's curve arithmetic, the photo exchange. `sync.svelte.ts` loads this module once
// the stored show is painted (`import()`), so a wall, curtain or tablet paints from a first
// load of the screen, the state core and Dexie alone (docs/big-shows.md, issue figures in
// `npm run bench`'s `firstload` rows).

export { openOpStore } from '../storage/open-op-store';
export { serverFromUrl } from '../sync/network/peerjs/address';
export { PeerjsTransport } from '../sync/network/peerjs/transport';
export { startSync } from '../sync/start-sync';
export { BlockingTransport } from '../sync/testing/blocking-transport';
export { dexiePhotoKeeper } from './photo-keeper';
export { inBackground, photosByUrgency, startPhotoSync } from './photo-sync';
