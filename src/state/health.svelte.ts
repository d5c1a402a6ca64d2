import type { ErrorEntry, ErrorLogDb } from '../storage/error-log';

export type { ErrorEntry };

export type WakeLockState = 'held' | 'released' | 'unsupported' | 'refused';
export type WorkerState =
  'none' | 'installing' | 'active' | 'update-ready' | 'updating' | 'unsupported' | 'failed';

/** Where this kiosk's storage stands: persistence and how full it is. */
export interface StorageState {
  /** undefined until asked; false = the browser may evict this kiosk's shows. */
  persisted: boolean | undefined;
  usage: number;
  quota: number;
}

/** Above this share of the quota the corner warns. */
export const STORAGE_WARN_RATIO = 0.8;

/** The build this kiosk runs (set by vite.config.ts). */
export const BUILD_ID = typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : 'dev';

/**
 * How the kiosk itself is doing, apart from the show: wake lock, service worker and
 * update, storage, errors. src/pwa writes it; the status corner's diagnostics read it.
 */
export class KioskHealth {
  wakeLock = $state<WakeLockState>('released');
  worker = $state<WorkerState>('none');
  storage = $state<StorageState>({ persisted: undefined, usage: 0, quota: 0 });
  /** Latest errors, newest first (the log itself is in IndexedDB). */
  errors = $state<ErrorEntry[]>([]);
  /** Set when crashes came too often to reload again: the screen stays up and says why. */
  crashLoop = $state<ErrorEntry | null>(null);
  /** Why a waiting update has not been applied yet ('' when nothing waits). */
  updateWaitsFor = $state('');
  /** Ask the server for a new version now (set once the service worker is registered). */
  checkForUpdate: () => Promise<void> = async () => {};
  /** Let a waiting version take over now (a person asked for it). */
  applyUpdate: () => Promise<void> = async () => {};
  /** Last time a person touched, clicked or typed (epoch ms). */
  lastInputAt = $state(Date.now());
  /** The error log (Dexie), loaded on first use: not part of a screen's first load. */
  #log: Promise<{ db: ErrorLogDb; log: typeof import('../storage/error-log') } | null> | undefined;

  #openLog() {
    this.#log ??=
      typeof indexedDB === 'undefined'
        ? Promise.resolve(null)
        : import('../storage/error-log').then((log) => ({ db: new log.ErrorLogDb(), log }));
    return this.#log;
  }

  get isStorageNearlyFull(): boolean {
    return this.storage.quota > 0 && this.storage.usage / this.storage.quota >= STORAGE_WARN_RATIO;
  }

  /** Keep an error in IndexedDB (best effort: a full disk must not throw from the error handler). */
  async recordError(entry: Omit<ErrorEntry, 'id' | 'buildId'>): Promise<ErrorEntry> {
    const full = { ...entry, buildId: BUILD_ID };
    this.errors = [full, ...this.errors].slice(0, 20);
    try {
      const opened = await this.#openLog();
      if (opened) await opened.log.logError(opened.db, full);
    } catch (error) {
      console.warn('could not log the error in IndexedDB', error);
    }
    return full;
  }

  async loadErrors(): Promise<void> {
    const opened = await this.#openLog();
    if (opened) this.errors = await opened.log.recentErrors(opened.db, 20);
  }
}

export const health = new KioskHealth();
