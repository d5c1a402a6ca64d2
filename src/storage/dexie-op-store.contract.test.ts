import 'fake-indexeddb/auto';
import { newShowId } from '../domain/ids';
import { runOpStoreContract } from '../sync/synchronizer/op-store-contract';
import { ShowDb } from './db';
import { DexieOpStore } from './dexie-op-store';
import { compactLog, writeChanges } from './oplog';

// The show database as the sync engine's store, on fake-indexeddb.
runOpStoreContract('Dexie', async () => {
  const db = new ShowDb(newShowId());
  return {
    store: new DexieOpStore(db),
    write: async (site, changes, now) => (await writeChanges(db, site, changes, now)).ops,
    compact: (keep) => compactLog(db, keep),
    row: (table, id) => db.table(table).get(id),
    destroy: () => db.delete(),
  };
});
