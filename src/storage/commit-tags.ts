import { RangeSet, type Dexie, type DBCoreMutateRequest, type ObservabilitySet } from 'dexie';

/**
 * Names every commit made while `tag()` returns a tag in Dexie's `storagemutated` event,
 * as one more part (`{[tag]: …}`) beside the rows it wrote. Dexie broadcasts those parts
 * to the other contexts of the browser, so the main thread can tell its op store
 * worker's commits from another window's (worker-op-store.ts). Any reader of the event
 * that looks for `idb://` parts, as Dexie's and ours do, passes over it.
 */
export function tagCommits(db: Dexie, tag: () => string | undefined): void {
  db.use({
    stack: 'dbcore',
    name: 'commit-tags',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => {
            const current = tag();
            if (current !== undefined) {
              // Dexie keeps a transaction's parts on the transaction and fires them on commit.
              const trans = req.trans as unknown as { mutatedParts?: ObservabilitySet };
              const parts = (trans.mutatedParts ??= {});
              parts[current] ??= new RangeSet(0);
            }
            return table.mutate(req);
          },
        };
      },
    }),
  });
}
