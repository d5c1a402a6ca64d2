import type { Brand } from './ids';

// A photo is named by its content: the same bytes get the same id on every kiosk,
// so a photo is fetched once, checked against its own name, and never overwritten.

/** `p-` and 52 characters: a SHA-256 digest in the unambiguous alphabet of our ids. */
export type PhotoId = Brand<string, 'PhotoId'>;

// The alphabet of ids.ts (no l/1/o/0), 32 letters so that each carries 5 bits.
// ids.ts keeps it private for now; when photos are wired, it should own this too.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const DIGEST_BYTES = 32;
const ID_CHARS = Math.ceil((DIGEST_BYTES * 8) / 5);
const PHOTO_ID_PATTERN = new RegExp(`^p-[${ALPHABET}]{${ID_CHARS}}$`);

export const isPhotoId = (value: unknown): value is PhotoId =>
  typeof value === 'string' && PHOTO_ID_PATTERN.test(value);

/** The id for a SHA-256 digest: 5 bits a letter, most significant first. */
export function photoIdFromDigest(digest: Uint8Array): PhotoId {
  if (digest.length !== DIGEST_BYTES) throw new RangeError(`a photo digest has ${DIGEST_BYTES} bytes, not ${digest.length}`);
  let id = 'p-';
  let buffer = 0;
  let bits = 0;
  for (const byte of digest) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      id += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) id += ALPHABET[(buffer << (5 - bits)) & 31];
  return id as PhotoId;
}
