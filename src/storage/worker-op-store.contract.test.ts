import 'fake-indexeddb/auto';
import { newShowId } from '../domain/ids';
import { runOpStoreContract } from '../sync/synchronizer/op-store-contract';
import { openOpStoreOnChannel } from './channel-op-store';
import { ShowDb } from './db';
import { compactLog, writeChanges } from './oplog';

// The show database as the sync engine's store, served from "a worker" (a MessageChannel
// and a second connection to the database, on fake-indexeddb): every call and reply
// crosses by structured clone, as in the app.
runOpStoreContract('Dexie behind a worker', async () => {
  const db = new ShowDb(newShowId());
  const opened = await openOpStoreOnChannel(db, (showId) => new ShowDb(showId));
  return {
    store: opened.store,
    write: async (site, changes, now) => (await writeChanges(db, site, changes, now)).ops,
    compact: (keep) => compactLog(db, keep),
    row: (table, id) => db.table(table).get(id),
    destroy: async () => {
      opened.close();
      await db.delete();
    },
  };
});
