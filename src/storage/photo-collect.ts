import { toEntity } from '../domain/defaults';
import type { ShowId } from '../domain/ids';
import { isDeleted, type StoredRow } from '../domain/merge';
import { photosToDrop } from '../domain/photo-gc';
import type { PhotoId } from '../domain/photo-id';
import type { ShowDb } from './db';
import { heldPhotos } from './photo-store';

// After the show, the photos nothing points at any more are deleted (the rule:
// domain/photo-gc.ts). Read and delete in one transaction, so an op that points at a
// photo cannot land between the look at the rows and the delete.

const liveRows = (rows: StoredRow[]) => rows.filter((row) => !isDeleted(row));

/** Drop the photos the show no longer uses, once it is finished. Returns the ids dropped. */
export async function collectUnusedPhotos(
  db: ShowDb,
  showId: ShowId,
  now: number,
): Promise<PhotoId[]> {
  return db.transaction(
    'rw',
    [db.shows, db.models, db.looks, db.shoutOuts, db.photos],
    async () => {
      const showRow = await db.shows.get(showId);
      if (!showRow || isDeleted(showRow)) return [];
      const { phase } = toEntity('shows', showRow);
      if (phase !== 'finished') return [];
      const users = {
        models: liveRows(await db.models.toArray()).map((row) => toEntity('models', row)),
        looks: liveRows(await db.looks.toArray()).map((row) => ({
          photo: toEntity('looks', row).photo ?? '',
        })),
        shoutOuts: liveRows(await db.shoutOuts.toArray()).map((row) => toEntity('shoutOuts', row)),
      };
      const drop = photosToDrop(phase, await heldPhotos(db), users, now);
      if (drop.length > 0) await db.photos.bulkDelete(drop);
      return drop;
    },
  );
}
