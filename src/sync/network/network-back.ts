/**
 * Tells when the device's network comes back (the venue Wi-Fi after a drop): calls
 * `listener` then, until the returned stop. Backoffs that grew while the network was away
 * (up to 10 s, backoff.ts) are cut short by it.
 */
export type NetworkBack = (listener: () => void) => () => void;

/** The browser's `online` event; nothing where there is none (Node). */
export const browserNetworkBack: NetworkBack = (listener) => {
  if (typeof globalThis.addEventListener !== 'function') return () => {};
  globalThis.addEventListener('online', listener);
  return () => globalThis.removeEventListener('online', listener);
};
