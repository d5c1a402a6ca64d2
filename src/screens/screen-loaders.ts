// The screens' code, loaded on demand: each kiosk loads only its own role's screen, and
// producer-only code (CSV import, QR codes, debrief, backup) loads only on the producer's.

export const loadProducer = () => import('./producer/Producer.svelte');
export const loadNoShow = () => import('./start/NoShow.svelte');
export const loadRolePicker = () => import('./start/RolePicker.svelte');
export const loadJoin = () => import('./join/Join.svelte');
export const loadProducerUnlock = () => import('./unlock/ProducerUnlock.svelte');
export const loadWall = () => import('./wall/Wall.svelte');
export const loadCurtain = () => import('./curtain/Curtain.svelte');
export const loadMakeup = () => import('./makeup/Makeup.svelte');
export const loadContent = () => import('./content/Content.svelte');
export const loadDebrief = () => import('./debrief/DebriefScreen.svelte');
export const loadNotJoined = () => import('./start/NotJoined.svelte');

const BY_PATH: Partial<Record<string, () => Promise<unknown>>> = {
  '/producer': loadProducer,
  '/wall': loadWall,
  '/curtain': loadCurtain,
  '/makeup': loadMakeup,
  '/content': loadContent,
  '/join': loadJoin,
  '/debrief': loadDebrief,
};

/**
 * Start loading the screen of this address at once (src/main.ts), beside the kiosk's
 * first reads, not after them: a returning wall's code and its stored show then arrive
 * together. The screen's own `import()` later finds the module loaded.
 */
export function preloadScreen(path: string): void {
  void BY_PATH[path]?.().catch(() => {
    // The screen's own import says what failed, where it is shown.
  });
}
