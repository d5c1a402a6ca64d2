import type { ShowId } from '../domain/ids';

// The kiosk's databases by name and version, apart from Dexie: the first paint reads
// them before Dexie is loaded (boot-read.ts), and must know which versions it can read.

export const SHOW_DB_PREFIX = 'backstage-show-';
export const showDbName = (showId: ShowId): string => `${SHOW_DB_PREFIX}${showId}`;
/** The latest version of a show's database (db.ts declares every version up to it). */
export const SHOW_DB_VERSION = 6;

/** The kiosk's own settings, keys and statements (local.ts). */
export const LOCAL_DB_NAME = 'backstage-kiosk';
/** The latest version of the kiosk's database (local.ts declares every version up to it). */
export const LOCAL_DB_VERSION = 3;
