import './kiosk-lock.css';

/** Offsets the page cycles through against burn-in, in CSS pixels (a small square and its centre). */
export const BURN_IN_OFFSETS: readonly (readonly [number, number])[] = [
  [0, 0],
  [3, 0],
  [3, 3],
  [0, 3],
  [-3, 3],
  [-3, 0],
  [-3, -3],
  [0, -3],
  [3, -3],
];
/** How often the page moves against burn-in. */
export const BURN_IN_EVERY_MS = 3 * 60_000;

/**
 * A screen nobody should operate by accident (wall, curtain): no zoom, selection,
 * context menu or pull-to-refresh, and a slow few-pixel drift against burn-in.
 * Returns the undo (the kiosk switched to another role).
 */
export function lockDisplay(doc: Document = document): () => void {
  const root = doc.documentElement;
  const win = doc.defaultView ?? window;
  // Pinch zoom is refused by touch-action (kiosk-lock.css) and the handlers below, not by
  // `user-scalable=no` in the viewport: that would take zoom from assistive settings too
  // (WCAG 1.4.4), and axe rightly reports it.
  root.dataset.kioskLock = '';

  const prevent = (event: Event) => event.preventDefault();
  // Ctrl+wheel and trackpad pinch arrive as wheel events with ctrlKey.
  const onWheel = (event: WheelEvent) => {
    if (event.ctrlKey) event.preventDefault();
  };
  const onKey = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && ['+', '-', '=', '0'].includes(event.key))
      event.preventDefault();
  };
  doc.addEventListener('contextmenu', prevent);
  doc.addEventListener('selectstart', prevent);
  doc.addEventListener('gesturestart', prevent);
  doc.addEventListener('wheel', onWheel, { passive: false });
  doc.addEventListener('keydown', onKey);

  let step = 0;
  const drift = win.setInterval(() => {
    step = (step + 1) % BURN_IN_OFFSETS.length;
    const [x, y] = BURN_IN_OFFSETS[step]!;
    root.style.setProperty('--burn-in-x', `${x}px`);
    root.style.setProperty('--burn-in-y', `${y}px`);
  }, BURN_IN_EVERY_MS);

  return () => {
    win.clearInterval(drift);
    delete root.dataset.kioskLock;
    root.style.removeProperty('--burn-in-x');
    root.style.removeProperty('--burn-in-y');
    doc.removeEventListener('contextmenu', prevent);
    doc.removeEventListener('selectstart', prevent);
    doc.removeEventListener('gesturestart', prevent);
    doc.removeEventListener('wheel', onWheel);
    doc.removeEventListener('keydown', onKey);
  };
}

/** A tablet goes fullscreen on a tap (browsers allow it only in answer to one). */
export function fullscreenOnTap(doc: Document = document): () => void {
  const onTap = () => {
    if (doc.fullscreenElement || !doc.fullscreenEnabled) return;
    doc.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => {
      // Refused (an installed PWA in fullscreen already, or a policy): nothing to do.
    });
  };
  doc.addEventListener('pointerup', onTap);
  return () => doc.removeEventListener('pointerup', onTap);
}
