import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { patchChanges, deleteChange } from '../domain/changes';
import { newShowId, type ShowId, type SiteId } from '../domain/ids';
import type { ShowPhase } from '../domain/model';
import { photoIdFromDigest, type PhotoId } from '../domain/photo-id';
import { PHOTO_GRACE_MS } from '../domain/photo-gc';
import { ShowDb } from './db';
import { writeChanges } from './oplog';
import { collectUnusedPhotos } from './photo-collect';
import { heldPhotos, storePhoto } from './photo-store';

const site = 'producer' as SiteId;
const idOf = (n: number): PhotoId => photoIdFromDigest(new Uint8Array(32).fill(n));
const [face, oldFace, fitting, cutFitting, deletedFace] = [1, 2, 3, 4, 5].map(idOf) as [
  PhotoId,
  PhotoId,
  PhotoId,
  PhotoId,
  PhotoId,
];
const storedAt = 1_000;
const afterGrace = storedAt + PHOTO_GRACE_MS;

const opened: ShowDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

/** A show whose model Ana shows `face` (she had `oldFace`), a look and a cut look with fitting photos, and a deleted model. */
async function showWithPhotos(phase: ShowPhase): Promise<{ db: ShowDb; showId: ShowId }> {
  const showId = newShowId();
  const db = new ShowDb(showId);
  opened.push(db);
  for (const id of [face, oldFace, fitting, cutFitting, deletedFace])
    await storePhoto(db, { id, blob: new Blob(['x']), width: 3, height: 4, storedAt });
  await writeChanges(
    db,
    site,
    [
      ...patchChanges('shows', showId, { phase }),
      ...patchChanges('models', 'm-ana', { name: 'Ana', photo: face }),
      ...patchChanges('looks', 'l-1', { photo: fitting }),
      ...patchChanges('looks', 'l-2', { photo: cutFitting, cut: true }),
      ...patchChanges('models', 'm-gone', { name: 'Gone', photo: deletedFace }),
      deleteChange('models', 'm-gone'),
    ],
    storedAt,
  );
  return { db, showId };
}

describe('dropping the photos nothing uses after the show', () => {
  it('drops a replaced face and a deleted model’s face once the show is finished', async () => {
    const { db, showId } = await showWithPhotos('finished');
    expect(await collectUnusedPhotos(db, showId, afterGrace)).toEqual(
      [oldFace, deletedFace].sort(),
    );
    expect((await heldPhotos(db)).map((p) => p.id).sort()).toEqual(
      [face, fitting, cutFitting].sort(),
    );
  });

  it('drops nothing while the show is being set up, rehearsed or run', async () => {
    for (const phase of ['setup', 'rehearsal', 'live'] as const) {
      const { db, showId } = await showWithPhotos(phase);
      expect(await collectUnusedPhotos(db, showId, afterGrace)).toEqual([]);
      expect(await db.photos.count()).toBe(5);
    }
  });

  it('keeps a photo stored in the last minutes: the op naming it may be on its way', async () => {
    const { db, showId } = await showWithPhotos('finished');
    expect(await collectUnusedPhotos(db, showId, afterGrace - 1)).toEqual([]);
  });
});
