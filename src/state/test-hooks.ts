import * as actions from './actions';
import type { Change, Op } from '../domain/op';
import { kiosk } from './kiosk.svelte';
import { autoCalls } from './auto-calls.svelte';
import { clockSync } from './clock-sync.svelte';
import { sound } from './sound.svelte';
import { compaction } from './compaction.svelte';
import { health } from './health.svelte';
import { showClock } from './show-clock';
import { sync } from './sync.svelte';
import { admissions } from './admissions.svelte';
import { pointPhoto, setPhoto } from './photo-actions';
import { photoIdOf } from '../photos/transfer/content-address';

/**
 * `window.__backstage`: what end-to-end tests and `npm run bench` drive and read.
 * Not an API for anything else; nothing in the app reads it.
 *
 * - `actions`: the same actions the screens call (e.g. `actions.toggleStep(lookId, 'dressed')`).
 * - `kiosk`: settings, role, site, and `data` (the live show: `data.looks.current`, `data.progress`...).
 * - `sync`: status runes (`signalling`, `kiosks`, `summary`, `authError`, `isLeader`, `peerId`),
 *   `engine` / `transport` / `transportStats` in the leader window, and the test-only
 *   partition hooks `sync.partition(siteOrPeerIds)` / `sync.heal()`, which refuse and drop links
 *   (WebRTC on one machine's loopback ignores Playwright's offline switch).
 * - `showClock`: the show clock (`now()`, `currentOffset`); `clockSync`: whether it is settled
 *   on the venue clock (`isSettled`) and the own-clock warning (`ownClockOff`).
 * - `autoCalls.next`: what the call rules will say next; `sound.chimes`: the chimes due so far.
 * - `forge(changes)`: write as this kiosk past its own role check, as a tablet with devtools
 *   could (the other kiosks' checks are what the roles journey tests).
 * - `photos`: store a photo made in the page and point a model or look at it (`setPhoto`), point
 *   one at a photo id or none (`pointPhoto`), and
 *   the id of some bytes (`photoIdOf`); `sync.photoStatus`: what the photo exchange fetched and sent.
 */
export interface BackstageHooks {
  actions: typeof actions;
  kiosk: typeof kiosk;
  sync: typeof sync;
  showClock: typeof showClock;
  clockSync: typeof clockSync;
  autoCalls: typeof autoCalls;
  sound: typeof sound;
  /** Wake lock, service worker, storage, errors (src/pwa writes it). */
  health: typeof health;
  /** The op-log compaction: `runNow()`, `last`. */
  compaction: typeof compaction;
  /** The show's admissions here: `founder`, `self`, `rows`, `standing(site)`. */
  admissions: typeof admissions;
  forge: (changes: Change[]) => Promise<Op[]>;
  photos: { setPhoto: typeof setPhoto; pointPhoto: typeof pointPhoto; photoIdOf: typeof photoIdOf };
}

declare global {
  interface Window {
    __backstage?: BackstageHooks;
  }
}

export function installTestHooks(): void {
  if (typeof window === 'undefined' || window.__backstage) return;
  window.__backstage = {
    actions,
    kiosk,
    sync,
    showClock,
    clockSync,
    autoCalls,
    sound,
    health,
    compaction,
    admissions,
    forge,
    photos: { setPhoto, pointPhoto, photoIdOf },
  };
}

async function forge(changes: Change[]): Promise<Op[]> {
  const check = kiosk.roleOfWrites;
  kiosk.roleOfWrites = () => undefined;
  try {
    return await kiosk.write(changes);
  } finally {
    kiosk.roleOfWrites = check;
  }
}
