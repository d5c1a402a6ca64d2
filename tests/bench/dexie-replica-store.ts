import type { ShowId, SiteId } from '../../src/domain/ids';
import type { StoredRow } from '../../src/domain/merge';
import type { Change } from '../../src/domain/op';
import { ShowDb } from '../../src/storage/db';
import { DexieOpStore } from '../../src/storage/dexie-op-store';
import { compactLog, writeChanges } from '../../src/storage/oplog';
import type { ReplicaStore } from '../../src/sync/testing/replica-set';

// The simulation's kiosks on the app's own store (fake-indexeddb in Node), so its
// time to converge includes what storing costs, as it always has.

let opened = 0;

export function openDexieReplicaStore(name: string): ReplicaStore {
  const db = new ShowDb(`sim-${++opened}-${name}` as ShowId);
  const store = new DexieOpStore(db);
  return Object.assign(store, {
    write: async (site: SiteId, changes: readonly Change[], now: number) =>
      (await writeChanges(db, site, [...changes], now)).ops,
    compact: (keep: number) => compactLog(db, keep),
    rows: (table: string) => db.table<StoredRow>(table).orderBy('id').toArray(),
    destroy: () => db.delete(),
  });
}
