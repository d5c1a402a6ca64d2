import type { WakeLockState } from '../state/health.svelte';

interface WakeLockSentinelLike extends EventTarget {
  released: boolean;
  release(): Promise<void>;
}
interface WakeLockApi {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

/**
 * Keep the screen on. The browser drops a screen wake lock whenever the page is
 * hidden (tab switch, screen saver, lid); it is taken again each time the page
 * becomes visible. `report` hears every change (the status corner shows it).
 */
export function keepScreenAwake(
  report: (state: WakeLockState) => void,
  doc: Document = document,
): () => void {
  const api = (doc.defaultView?.navigator as Navigator & { wakeLock?: WakeLockApi }).wakeLock;
  if (!api) {
    report('unsupported');
    return () => {};
  }
  let sentinel: WakeLockSentinelLike | null = null;
  let isStopped = false;

  async function take(): Promise<void> {
    if (isStopped || doc.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
    try {
      const taken = await api!.request('screen');
      if (isStopped) return void taken.release();
      sentinel = taken;
      report('held');
      taken.addEventListener('release', () => {
        if (sentinel === taken) report('released');
      });
    } catch {
      // Refused: no user activation yet on some browsers, battery saver, or a policy.
      // Visible again, or the next tap, tries again.
      report('refused');
    }
  }

  const onVisibility = () => void take();
  const onInput = () => {
    if (!sentinel || sentinel.released) void take();
  };
  doc.addEventListener('visibilitychange', onVisibility);
  doc.addEventListener('pointerdown', onInput, { passive: true });
  void take();
  return () => {
    isStopped = true;
    doc.removeEventListener('visibilitychange', onVisibility);
    doc.removeEventListener('pointerdown', onInput);
    void sentinel?.release();
  };
}
