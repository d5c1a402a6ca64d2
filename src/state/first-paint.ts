// A kiosk switched on again paints the show it stored before it touches the network:
// sync (PeerJS, the handshake, catch-up) starts once the stored show is on screen, so
// its start-up work never delays that first paint. Never later than MAX_WAIT_MS.

const MAX_WAIT_MS = 2_000;

const nextFrame = () =>
  new Promise<void>((resolve) => {
    // A hidden page gets no frames: a timer stands in.
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Resolves once `isShown()` holds and the frame after it has been painted, or after
 * MAX_WAIT_MS whatever happens.
 */
export async function afterFirstPaint(isShown: () => boolean): Promise<void> {
  const start = performance.now();
  while (!isShown() && performance.now() - start < MAX_WAIT_MS) await nextFrame();
  await nextFrame();
  // The frame's callbacks run before it is painted; a task after them runs after.
  await new Promise((resolve) => setTimeout(resolve, 0));
}
