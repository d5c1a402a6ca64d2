import type { ErrorEntry } from '../state/health.svelte';

/** At most this many reloads after a crash within `CRASH_WINDOW_MS`; the next crash stays up. */
export const MAX_RELOADS = 3;
export const CRASH_WINDOW_MS = 10 * 60_000;
/** Wait before the 1st, 2nd, 3rd reload: a crash that comes back at once should not spin. */
export const RELOAD_BACKOFF_MS: readonly number[] = [1_000, 5_000, 15_000];
/** Give a waiting write this long to be stored before reloading anyway (the error may be its cause). */
export const WRITE_WAIT_MS = 10_000;

const RELOADS_KEY = 'backstage-crash-reloads';
const SCROLL_KEY = 'backstage-scroll';

export type CrashDecision = { action: 'reload'; delayMs: number } | { action: 'stay' };

/** Reload with backoff, at most three times in ten minutes; then stay up. */
export function decideAfterCrash(reloads: readonly number[], now: number): CrashDecision {
  const recent = reloads.filter((at) => now - at < CRASH_WINDOW_MS);
  if (recent.length >= MAX_RELOADS) return { action: 'stay' };
  return {
    action: 'reload',
    delayMs: RELOAD_BACKOFF_MS[recent.length] ?? RELOAD_BACKOFF_MS.at(-1)!,
  };
}

/** Errors that are not the app's failure: no reload for these. */
const HARMLESS = [/ResizeObserver loop/, /^Script error\.?$/];

export interface RecoveryDeps {
  record(entry: Omit<ErrorEntry, 'id' | 'buildId'>): Promise<ErrorEntry>;
  /** Crashes came too often: show this one and stay up. */
  giveUp(entry: ErrorEntry): void;
  /** A write not yet stored anywhere a reload would keep it. */
  isWriteWaiting(): boolean;
  storage?: Storage;
  now?: () => number;
  reload?: () => void;
}

function readReloads(storage: Storage): number[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(RELOADS_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((at): at is number => typeof at === 'number') : [];
  } catch {
    return [];
  }
}

function describeError(reason: unknown): { message: string; stack: string } {
  if (reason instanceof Error)
    return { message: `${reason.name}: ${reason.message}`, stack: reason.stack ?? '' };
  return {
    message: typeof reason === 'string' ? reason : (JSON.stringify(reason) ?? String(reason)),
    stack: '',
  };
}

/**
 * Uncaught errors and rejections: logged in IndexedDB, then the screen reloads and comes
 * back where it was (the route is in the address; the scroll position is kept here).
 * Returns the undo.
 */
export function recoverFromCrashes(deps: RecoveryDeps, win: Window = window): () => void {
  const storage = deps.storage ?? win.localStorage;
  const now = deps.now ?? (() => Date.now());
  const reload = deps.reload ?? (() => win.location.reload());
  let isHandling = false;

  async function onCrash(kind: ErrorEntry['kind'], reason: unknown): Promise<void> {
    const { message, stack } = describeError(reason);
    if (HARMLESS.some((pattern) => pattern.test(message))) return;
    const entry = await deps.record({ at: now(), kind, message, stack, route: win.location.hash });
    if (isHandling) return;
    isHandling = true;
    const decision = decideAfterCrash(readReloads(storage), now());
    if (decision.action === 'stay') {
      deps.giveUp(entry);
      return;
    }
    await new Promise((resolve) => win.setTimeout(resolve, decision.delayMs));
    // Never reload with a change still being written.
    const deadline = now() + WRITE_WAIT_MS;
    while (deps.isWriteWaiting() && now() < deadline)
      await new Promise((resolve) => win.setTimeout(resolve, 200));
    storage.setItem(
      RELOADS_KEY,
      JSON.stringify([...readReloads(storage).filter((at) => now() - at < CRASH_WINDOW_MS), now()]),
    );
    reload();
  }

  const onError = (event: ErrorEvent) => void onCrash('error', event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent) => void onCrash('rejection', event.reason);
  win.addEventListener('error', onError);
  win.addEventListener('unhandledrejection', onRejection);
  return () => {
    win.removeEventListener('error', onError);
    win.removeEventListener('unhandledrejection', onRejection);
  };
}

/**
 * The scroll position of each route, kept across a reload (crash or update) in this
 * tab's session storage, and put back once the screen has drawn its rows.
 */
export function keepScrollPosition(win: Window = window): () => void {
  const save = () => {
    try {
      win.sessionStorage.setItem(
        SCROLL_KEY,
        JSON.stringify({ route: win.location.hash, y: win.scrollY }),
      );
    } catch {
      // Storage refused: the screen comes back at the top, nothing worse.
    }
  };
  win.addEventListener('pagehide', save);
  return () => win.removeEventListener('pagehide', save);
}

/** After a reload: the saved position of this route, once (then forgotten). */
export function takeSavedScroll(win: Window = window): number | undefined {
  try {
    const saved = JSON.parse(win.sessionStorage.getItem(SCROLL_KEY) ?? 'null') as {
      route?: unknown;
      y?: unknown;
    } | null;
    win.sessionStorage.removeItem(SCROLL_KEY);
    return saved && saved.route === win.location.hash && typeof saved.y === 'number'
      ? saved.y
      : undefined;
  } catch {
    return undefined;
  }
}
