import type { ShowPhase } from './model';
import { isPhotoId, type PhotoId } from './photo-id';

// Which photos a kiosk still needs, which it lacks, and which it may drop.
// Photos are immutable and named by content, so "unused" is the only reason to
// drop one: a replaced polaroid stays until the show is over (an undo, or a kiosk
// that has not seen the replacement yet, may still point at it).

/** A photo held in this kiosk's store. */
export interface HeldPhoto {
  id: PhotoId;
  /** Epoch ms when this kiosk stored it (taken here or received). */
  storedAt: number;
}

/** What can point at a photo. Rows are the live ones: deleted rows are left out by the caller. */
export interface PhotoUsers {
  /** Models: `photo` holds a photo id (older shows hold a data: URL, which is no id and ignored). */
  models: readonly { photo: string }[];
  /** Looks, cut ones included (a cut look can be uncut): their fitting photo. */
  looks: readonly { photo: string }[];
  /** Shout-outs: a hidden one no longer keeps its photo. */
  shoutOuts: readonly { photoId: string; hidden: boolean }[];
}

/**
 * A photo stored this recently is kept even if nothing points at it yet: the op
 * that names it may still be on its way (taken here, saved, op not yet written).
 */
export const PHOTO_GRACE_MS = 10 * 60 * 1000;

/** Every photo id something in the show points at. */
export function photosInUse(users: PhotoUsers): Set<PhotoId> {
  const inUse = new Set<PhotoId>();
  const add = (value: string) => {
    if (isPhotoId(value)) inUse.add(value);
  };
  for (const model of users.models) add(model.photo);
  for (const look of users.looks) add(look.photo);
  for (const shoutOut of users.shoutOuts) if (!shoutOut.hidden) add(shoutOut.photoId);
  return inUse;
}

/** Photos the show uses that this kiosk does not hold yet: what to ask peers for. */
export function photosToFetch(users: PhotoUsers, held: Iterable<PhotoId>): PhotoId[] {
  const have = new Set(held);
  return [...photosInUse(users)].filter((id) => !have.has(id)).sort();
}

/**
 * The photos to delete: only once the show is finished, only those nothing uses,
 * and never one stored within the grace period. Sorted, so every kiosk logs the same list.
 */
export function photosToDrop(
  phase: ShowPhase,
  held: readonly HeldPhoto[],
  users: PhotoUsers,
  now: number,
  graceMs = PHOTO_GRACE_MS,
): PhotoId[] {
  if (phase !== 'finished') return [];
  const inUse = photosInUse(users);
  return held
    .filter((photo) => !inUse.has(photo.id) && now - photo.storedAt >= graceMs)
    .map((photo) => photo.id)
    .sort();
}
