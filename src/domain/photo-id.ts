import { ID_ALPHABET, idFromBytes, type Brand } from './ids';

// A photo is named by its content: the same bytes get the same id on every kiosk,
// so a photo is fetched once, checked against its own name, and never overwritten.

/** `p-` and 52 characters: a SHA-256 digest in the unambiguous alphabet of our ids. */
export type PhotoId = Brand<string, 'PhotoId'>;

const DIGEST_BYTES = 32;
const ID_CHARS = Math.ceil((DIGEST_BYTES * 8) / 5);
const PHOTO_ID_PATTERN = new RegExp(`^p-[${ID_ALPHABET}]{${ID_CHARS}}$`);

export const isPhotoId = (value: unknown): value is PhotoId =>
  typeof value === 'string' && PHOTO_ID_PATTERN.test(value);

/** The id for a SHA-256 digest: 5 bits a letter, most significant first. */
export function photoIdFromDigest(digest: Uint8Array): PhotoId {
  if (digest.length !== DIGEST_BYTES)
    throw new RangeError(`a photo digest has ${DIGEST_BYTES} bytes, not ${digest.length}`);
  return `p-${idFromBytes(digest)}` as PhotoId;
}
