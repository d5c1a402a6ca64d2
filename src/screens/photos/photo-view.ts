import { isPhotoId } from '../../domain/photo-id';

// What a screen shows for a `photo` field: a stored photo's id, an older show's small
// data: URL polaroid (kept showing until replaced), or nothing.

/** An older show's polaroid: an image as a data: URL (never a remote address). */
export const isLegacyPhoto = (photo: string | undefined): boolean =>
  typeof photo === 'string' && /^data:image\/(png|jpeg|webp|gif|avif);base64,/.test(photo);

/** The field names a photo: the screen keeps a frame for it, even before its bytes are here. */
export const hasPhoto = (photo: string | undefined): boolean =>
  isPhotoId(photo) || isLegacyPhoto(photo);

/** The photo shown for a look: its fitting photo, else its model's face, else '' (the name alone). */
export function lookPhoto(
  look: { photo?: string; modelId: string } | undefined,
  modelsById: ReadonlyMap<string, { photo: string }>,
): string {
  if (!look) return '';
  if (hasPhoto(look.photo)) return look.photo ?? '';
  const face = modelsById.get(look.modelId)?.photo ?? '';
  return hasPhoto(face) ? face : '';
}
