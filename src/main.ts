import { mount } from 'svelte';
import App from './App.svelte';
import { autoCalls } from './state/auto-calls.svelte';
import { compaction } from './state/compaction.svelte';
import { health } from './state/health.svelte';
import { kiosk } from './state/kiosk.svelte';
import { writeRole } from './state/own-role';
import { sound } from './state/sound.svelte';
import { sync } from './state/sync.svelte';
import { afterFirstPaint } from './state/first-paint';
import { installTestHooks } from './state/test-hooks';
import { router } from './state/route.svelte';
import { preloadScreen } from './screens/screen-loaders';
import './ui/theme.css';

// The app's start, in order: the hooks tests and the bench drive (test builds only), the
// automatic calls, the chime and the op-log compaction (each waits for a show), the kiosk's
// settings and show (plain reads on a returning kiosk) with its role screen's code loading
// beside them, the screens (which show "Opening the show…" until then), and once the stored
// show is painted, the kiosk's storage (Dexie, the write road) and then sync following the
// kiosk's show (it starts once its key is read).

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

// `vite build --mode test` (journeys, bench): a production build leaves the hooks out
// whole, so no screen at a venue exposes raw writes or the sync engine to devtools.
if (import.meta.env.MODE === 'test') installTestHooks();
// Every write is checked against the role this kiosk writes as (domain/roles.ts).
kiosk.roleOfWrites = writeRole;
autoCalls.start();
sound.start();
compaction.start();
// The screen's code loads beside the kiosk's first reads.
preloadScreen(router.current.path);
void kiosk.load();
// The stored show first, then the network: a returning kiosk paints what it holds before
// sync's start-up work (PeerJS, handshakes, catch-up) can delay it, and before loading
// Dexie. The screen is painted once it is in the page (its <main>, not the loading one), or
// once it says it waits for sync (the producer's, until its access record is read).
const isScreenShown = () =>
  document.querySelector('#app main:not(.loading), #app main[data-waits-for="sync"]') !== null;
void afterFirstPaint(
  () => kiosk.settings !== null && (!kiosk.data || kiosk.data.isLoaded) && isScreenShown(),
)
  .then(() => kiosk.openStorage())
  // A storage that cannot open is on screen (kiosk.loadError): no sync without it.
  .then(
    () => sync.attach(),
    () => {},
  )
  // The errors kept from before, for the diagnostics (their log is in IndexedDB too).
  .then(() => health.loadErrors());

export default mount(App, { target });
