import type { PhotoId } from '../domain/photo-id';
import type { HeldPhoto } from '../domain/photo-gc';
import type { ShowDb } from './db';

// The photos this kiosk holds, by content id. Kiosk-local, like a cache: rows of the
// show point at a photo by its id (a field written through an op); the bytes live
// here, and the same bytes always have the same id, so storing one twice is harmless.

export interface StoredPhoto {
  id: PhotoId;
  /** The encoded photo (WebP, AVIF or JPEG); IndexedDB keeps it as a blob. */
  blob: Blob;
  width: number;
  height: number;
  /** Epoch ms this kiosk stored it: a photo nothing points at yet is kept a while (photo-gc.ts). */
  storedAt: number;
}

/** Keep a photo (taken here, restored, or received). Storing it again renews `storedAt`. */
export async function storePhoto(db: ShowDb, photo: StoredPhoto): Promise<void> {
  await db.photos.put(photo);
}

/** Keep several photos in one transaction: all or none (a restore). */
export async function storePhotos(db: ShowDb, photos: readonly StoredPhoto[]): Promise<void> {
  if (photos.length === 0) return;
  await db.transaction('rw', db.photos, () => db.photos.bulkPut([...photos]));
}

export const readPhoto = (db: ShowDb, id: PhotoId): Promise<StoredPhoto | undefined> =>
  db.photos.get(id);

/** The photos among `ids` this kiosk holds, in the order asked. */
export async function readPhotos(db: ShowDb, ids: readonly PhotoId[]): Promise<StoredPhoto[]> {
  const found = await db.photos.bulkGet([...ids]);
  return found.filter((photo): photo is StoredPhoto => photo !== undefined);
}

/** What this kiosk holds and since when (the garbage collector's view; no bytes read). */
export async function heldPhotos(db: ShowDb): Promise<HeldPhoto[]> {
  const held: HeldPhoto[] = [];
  // Only the fields needed: the blob stays a handle on disk, never read.
  await db.photos.each((photo) => held.push({ id: photo.id, storedAt: photo.storedAt }));
  return held;
}

/** Delete these photos; returns how many were held. */
export async function dropPhotos(db: ShowDb, ids: readonly PhotoId[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction('rw', db.photos, async () => {
    const held = await db.photos.bulkGet([...ids]);
    await db.photos.bulkDelete([...ids]);
    return held.filter(Boolean).length;
  });
}
