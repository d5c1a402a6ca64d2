import { TABLES, type TableName } from '../domain/model';
import type { StoredRow } from '../domain/merge';
import type { ShowId } from '../domain/ids';
import { LOCAL_DB_NAME, LOCAL_DB_VERSION, SHOW_DB_VERSION, showDbName } from './db-names';
import type { IdentityRow } from './identity';

// A returning kiosk paints its stored show before Dexie (a third of the first load) is
// even fetched: these reads take what the first paint needs straight from IndexedDB,
// read-only, in one transaction per database. They never create or upgrade a database:
// one that is missing, or stored by another version of the app, reads as undefined, and
// the kiosk opens its storage through Dexie first (which creates or upgrades it).

/** Dexie opens its version n as IndexedDB version n × 10. */
const nativeVersion = (version: number): number => version * 10;

/** What the kiosk's own database holds for the first paint. */
export interface StoredKiosk {
  identity: IdentityRow | undefined;
  settings: { key: string; value: unknown }[];
}

/** The kiosk's identity row and settings, or undefined when they cannot be read this way. */
export async function readStoredKiosk(name = LOCAL_DB_NAME): Promise<StoredKiosk | undefined> {
  const found = await readStores(name, LOCAL_DB_VERSION, ['identity', 'settings']);
  if (!found) return undefined;
  return {
    identity: (found.get('identity') as IdentityRow[]).find((row) => row.id === 'kiosk'),
    settings: found.get('settings') as StoredKiosk['settings'],
  };
}

/** Every row of every table of the show, or undefined when they cannot be read this way. */
export async function readStoredShow(
  showId: ShowId,
): Promise<Map<TableName, StoredRow[]> | undefined> {
  return (await readStores(showDbName(showId), SHOW_DB_VERSION, TABLES)) as
    Map<TableName, StoredRow[]> | undefined;
}

/** All records of `stores`, from a database at exactly `version`; undefined otherwise. */
async function readStores<S extends string>(
  name: string,
  version: number,
  stores: readonly S[],
): Promise<Map<S, unknown[]> | undefined> {
  if (typeof indexedDB === 'undefined') return undefined;
  const db = await openExisting(name);
  if (!db) return undefined;
  try {
    if (db.version !== nativeVersion(version)) return undefined;
    if (stores.some((store) => !db.objectStoreNames.contains(store))) return undefined;
    const tx = db.transaction([...stores], 'readonly');
    const all = await Promise.all(stores.map((store) => result(tx.objectStore(store).getAll())));
    return new Map(stores.map((store, i) => [store, all[i]!]));
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

/** The database if it exists (opening a missing one would create it: that is undone). */
function openExisting(name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name);
    // Only a database that does not exist yet asks to be upgraded from here: aborting
    // the upgrade deletes the empty database the open made.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => {
      event.preventDefault();
      resolve(undefined);
    };
  });
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
  });
}
