import { patchChanges } from '../domain/changes';
import type { LookId, ModelId } from '../domain/ids';
import type { PreparedPhoto } from '../photos/image/pipeline';
import { storePhoto } from '../storage/photo-store';
import { kiosk } from './kiosk.svelte';

// Taking, replacing and removing the photo of a model (the face on the line-up board)
// or a look (the fitting polaroid on the rail). The bytes stay on this kiosk (a photo
// table outside the op log); the row points at them by their id through an ordinary
// op, so the pointer syncs and merges like any field.

export type PhotoSubject = { table: 'models'; id: ModelId } | { table: 'looks'; id: LookId };

function data() {
  const current = kiosk.data;
  if (!current) throw new Error('No show is open on this kiosk');
  return current;
}

/**
 * Keep a prepared photo, then point the model or look at it: in that order, so no
 * op ever names a photo its own kiosk lacks. Resolves to the photo id replaced ('' for none).
 */
export async function setPhoto(subject: PhotoSubject, photo: PreparedPhoto): Promise<string> {
  const db = await data().opened();
  const before = currentPhoto(subject);
  await storePhoto(db, {
    id: photo.id,
    blob: new Blob([photo.bytes.slice()], { type: photo.type }),
    width: photo.width,
    height: photo.height,
    // This kiosk's own clock: the garbage collector's grace period counts from here.
    storedAt: Date.now(),
  });
  await kiosk.write(patchChanges(subject.table, subject.id, { photo: photo.id }));
  return before;
}

/**
 * Point the model or look at another photo id, or at none (''). The bytes of the photo
 * left stay until after the show (an undo can bring it back). Resolves to the id before.
 */
export async function pointPhoto(subject: PhotoSubject, id: string): Promise<string> {
  const before = currentPhoto(subject);
  await kiosk.write(patchChanges(subject.table, subject.id, { photo: id }));
  return before;
}

function currentPhoto(subject: PhotoSubject): string {
  const show = data();
  const row =
    subject.table === 'models'
      ? show.modelsById.get(subject.id)
      : show.looks.current.find((look) => look.id === subject.id);
  return row?.photo ?? '';
}
