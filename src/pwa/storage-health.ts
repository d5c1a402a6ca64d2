import type { StorageState } from '../state/health.svelte';

/** How often quota and use are read again (a show grows slowly; photos come in bursts). */
export const ESTIMATE_EVERY_MS = 60_000;

/**
 * Ask once, at start, that the browser never evict this kiosk's storage (it keeps the
 * whole show), then keep `report` told of persistence, quota and use.
 */
export function watchStorage(
  report: (state: StorageState) => void,
  nav: Navigator = navigator,
): () => void {
  const storage = nav.storage;
  if (!storage?.estimate) {
    report({ persisted: undefined, usage: 0, quota: 0 });
    return () => {};
  }
  let persisted: boolean | undefined;
  const read = async () => {
    const { usage = 0, quota = 0 } = await storage.estimate();
    report({ persisted, usage, quota });
  };
  void (async () => {
    try {
      // persist() answers at once with the browser's decision (Chromium: granted to an
      // installed app, or a site with engagement); persisted() says where it stands.
      persisted = (await storage.persisted?.()) || (await storage.persist?.()) || false;
    } catch {
      persisted = false;
    }
    await read();
  })();
  const timer = setInterval(() => void read().catch(() => {}), ESTIMATE_EVERY_MS);
  return () => clearInterval(timer);
}
