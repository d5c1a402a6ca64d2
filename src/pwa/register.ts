import type { WorkerState } from '../state/health.svelte';

/** A wall nobody reloads still learns of a new version: the server is asked this often. */
export const UPDATE_CHECK_EVERY_MS = 15 * 60_000;

export interface ServiceWorkerControl {
  /** Ask the server for a new version now. */
  checkForUpdate(): Promise<void>;
  /** Let the waiting version take over; the page reloads once it controls. */
  applyUpdate(): Promise<void>;
}

/**
 * Register the service worker so the kiosk opens offline. A new version never takes
 * over by itself (registerType 'prompt'): `report('update-ready')`, and the update gate
 * (update-gate.ts) decides when `applyUpdate` may run.
 */
export function registerServiceWorker(
  report: (state: WorkerState) => void,
): ServiceWorkerControl | undefined {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) {
    report('unsupported');
    return undefined;
  }
  let registration: ServiceWorkerRegistration | undefined;
  let isUpdateReady = false;
  let updateSW: (reload?: boolean) => Promise<void> = async () => {};
  report('installing');
  // workbox-window loads once the page has loaded and is idle: the first screen never waits for it.
  const register = async () => {
    const { registerSW } = await import('virtual:pwa-register');
    updateSW = registerSW({
      immediate: true,
      onNeedRefresh: () => {
        isUpdateReady = true;
        report('update-ready');
      },
      onOfflineReady: () => report('active'),
      onRegisteredSW: (_url, found) => {
        registration = found;
        if (found?.active && !isUpdateReady) report('active');
        setInterval(() => {
          if (navigator.onLine) void found?.update().catch(() => {});
        }, UPDATE_CHECK_EVERY_MS);
      },
      onRegisterError: (error: unknown) => {
        console.warn('service worker registration failed', error);
        report('failed');
      },
    });
  };
  const whenIdle = () => requestIdleCallback(() => void register(), { timeout: 3000 });
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
  return {
    async checkForUpdate() {
      await registration?.update();
    },
    async applyUpdate() {
      if (!isUpdateReady) return;
      report('updating');
      await updateSW(true);
    },
  };
}
