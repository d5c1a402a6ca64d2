import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { newShowId } from '../domain/ids';
import { photoIdFromDigest, type PhotoId } from '../domain/photo-id';
import { ShowDb } from './db';
import {
  dropPhotos,
  heldPhotos,
  readPhoto,
  readPhotos,
  storePhoto,
  storePhotos,
  type StoredPhoto,
} from './photo-store';

const idOf = (n: number): PhotoId => photoIdFromDigest(new Uint8Array(32).fill(n));
const photo = (n: number, storedAt = 1_000): StoredPhoto => ({
  id: idOf(n),
  blob: new Blob([new Uint8Array([n, n, n])], { type: 'image/webp' }),
  width: 480,
  height: 640,
  storedAt,
});

const opened: ShowDb[] = [];
function openDb(): ShowDb {
  const db = new ShowDb(newShowId());
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('the photo store', () => {
  it('keeps a photo as a blob and gives its bytes and type back', async () => {
    const db = openDb();
    await storePhoto(db, photo(7));
    const stored = await readPhoto(db, idOf(7));
    expect(stored?.blob.type).toBe('image/webp');
    expect([...new Uint8Array(await stored!.blob.arrayBuffer())]).toEqual([7, 7, 7]);
    expect(stored).toMatchObject({ width: 480, height: 640, storedAt: 1_000 });
  });

  it('stores the same photo twice as one, with the later time', async () => {
    const db = openDb();
    await storePhoto(db, photo(1, 1_000));
    await storePhoto(db, photo(1, 5_000));
    expect(await heldPhotos(db)).toEqual([{ id: idOf(1), storedAt: 5_000 }]);
  });

  it('reads the held ones among several ids, skipping those it lacks', async () => {
    const db = openDb();
    await storePhotos(db, [photo(1), photo(3)]);
    const found = await readPhotos(db, [idOf(3), idOf(2), idOf(1)]);
    expect(found.map((p) => p.id)).toEqual([idOf(3), idOf(1)]);
  });

  it('drops the photos asked, counts those it held, and keeps the rest', async () => {
    const db = openDb();
    await storePhotos(db, [photo(1), photo(2), photo(3)]);
    expect(await dropPhotos(db, [idOf(1), idOf(3), idOf(9)])).toBe(2);
    expect((await heldPhotos(db)).map((p) => p.id)).toEqual([idOf(2)]);
    expect(await dropPhotos(db, [])).toBe(0);
  });

  it('keeps photos out of the show tables and the op log', async () => {
    const db = openDb();
    await storePhoto(db, photo(4));
    expect(await db.log.count()).toBe(0);
    expect(await db.models.count()).toBe(0);
  });
});
