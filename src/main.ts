import { mount } from 'svelte';
import App from './App.svelte';
import { autoCalls } from './state/auto-calls.svelte';
import { compaction } from './state/compaction.svelte';
import { kiosk } from './state/kiosk.svelte';
import { sound } from './state/sound.svelte';
import { sync } from './state/sync.svelte';
import { installTestHooks } from './state/test-hooks';
import './ui/theme.css';

// The app's start, in order: the hooks tests and the bench drive, sync following the
// kiosk's show (it starts once the settings say which show and its key is read), the
// automatic calls, the chime and the op-log compaction (each waits for a show), the
// kiosk's settings and show, and the screens (which show "Opening the show…" until then).

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

installTestHooks();
sync.attach();
autoCalls.start();
sound.start();
compaction.start();
void kiosk.load();

export default mount(App, { target });
