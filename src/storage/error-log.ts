import { Dexie, type EntityTable } from 'dexie';

/** One uncaught error or rejection, kept for the diagnostics and a bug report. */
export interface ErrorEntry {
  id?: number;
  /** Epoch ms (this device's clock). */
  at: number;
  kind: 'error' | 'rejection';
  message: string;
  stack: string;
  /** The hash route it happened on (`#/makeup?station=2`). */
  route: string;
  buildId: string;
}

/** At most this many entries are kept; older ones go first. */
export const MAX_ERRORS = 200;

/** Kiosk-local, never synced, and apart from any show: it must open even when a show's database does not. */
export class ErrorLogDb extends Dexie {
  errors!: EntityTable<ErrorEntry, 'id'>;
  constructor(name = 'backstage-errors') {
    super(name);
    this.version(1).stores({ errors: '++id, at' });
  }
}

export async function logError(db: ErrorLogDb, entry: Omit<ErrorEntry, 'id'>): Promise<void> {
  await db.transaction('rw', db.errors, async () => {
    await db.errors.add(entry);
    const count = await db.errors.count();
    if (count > MAX_ERRORS) {
      const oldest = await db.errors
        .orderBy('at')
        .limit(count - MAX_ERRORS)
        .primaryKeys();
      await db.errors.bulkDelete(oldest);
    }
  });
}

/** The latest `limit` entries, newest first. */
export async function recentErrors(db: ErrorLogDb, limit: number): Promise<ErrorEntry[]> {
  return db.errors.orderBy('at').reverse().limit(limit).toArray();
}
