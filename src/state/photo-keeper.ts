import type { PhotoId } from '../domain/photo-id';
import type { PhotoType } from '../photos/image/encoding';
import { readImageHeader } from '../photos/image/image-check';
import type { PhotoKeeper } from '../photos/transfer/exchange';
import type { ShowDb } from '../storage/db';
import { readPhoto, storePhoto } from '../storage/photo-store';

// The photo store as the photo exchange sees it: what peers ask for is read from it,
// and what arrives is kept in it once its header says it is a photo a screen can show
// (its bytes already matched their id). The screens show it the moment it is stored.

/** The largest side a stored photo can have (the pipeline keeps 480 × 640). */
const MAX_SIDE = 4096;
/** image-size's names for the types the photo pipeline writes. */
const TYPE_OF_FORMAT: Record<string, PhotoType> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  avif: 'image/avif',
  heif: 'image/avif',
};

export function dexiePhotoKeeper(db: ShowDb, now: () => number = Date.now): PhotoKeeper {
  return {
    read: async (id) => {
      const photo = await readPhoto(db, id);
      return photo ? new Uint8Array(await photo.blob.arrayBuffer()) : undefined;
    },
    has: async (id) => (await db.photos.where('id').equals(id).count()) > 0,
    keep: async (id: PhotoId, bytes: Uint8Array) => {
      const header = readImageHeader(bytes);
      const type = header && TYPE_OF_FORMAT[header.format];
      if (!header || !type) throw new Error('its bytes are not a WebP, AVIF or JPEG image');
      if (header.width > MAX_SIDE || header.height > MAX_SIDE)
        throw new Error(`it is ${header.width} × ${header.height} pixels, over ${MAX_SIDE}`);
      await storePhoto(db, {
        id,
        blob: new Blob([bytes.slice()], { type }),
        width: header.width,
        height: header.height,
        storedAt: now(),
      });
    },
  };
}
