import { registerSW } from 'virtual:pwa-register';

export interface UpdatePrompt {
  /** Install the waiting version and reload: only when a person says so. */
  apply(): Promise<void>;
}

/**
 * Register the service worker so the kiosk opens offline. A new version never
 * activates by itself (a reload mid-show is a failure): `onUpdate` is told, and
 * the screen offers it.
 */
export function registerServiceWorker(onUpdate: (prompt: UpdatePrompt) => void): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => onUpdate({ apply: () => updateSW(true) }),
    onRegisterError: (error: unknown) => console.warn('service worker registration failed', error),
  });
}
