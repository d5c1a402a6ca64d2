import { runOpStoreContract } from '../synchronizer/op-store-contract';
import { MemoryOpStore } from './memory-op-store';

runOpStoreContract('in memory', async () => {
  const store = new MemoryOpStore();
  return {
    store,
    write: (site, changes, now) => store.write(site, changes, now),
    compact: (keep) => store.compact(keep),
    row: async (table, id) => (await store.rows(table)).find((row) => row.id === id),
    destroy: async () => {},
  };
});
