import { photoIdFromDigest, type PhotoId } from '../../domain/photo-id';
import { concatBytes, sha256, toBase64Url } from './bytes';

// A photo's id is a hash of its bytes, in two steps: each 16 KB chunk is hashed, and
// the id is the hash of that list (with the size in front). The id is still a pure
// function of the bytes, and it lets a receiver check the list (the manifest) as
// soon as it arrives, then every chunk on its own: a forged chunk is refused the
// moment it lands, not after the whole photo has been fetched.

/** Chunk size: fixed, because the id depends on it. Small, so a chunk never holds up a tap for long. */
export const CHUNK_BYTES = 16 * 1024;
/** The largest photo accepted from anyone: the pipeline aims at a few tens of KB. */
export const MAX_PHOTO_BYTES = 512 * 1024;
export const MAX_CHUNKS = Math.ceil(MAX_PHOTO_BYTES / CHUNK_BYTES);
/** Names the scheme inside the hash, so a later one can never collide with it. */
const DOMAIN = new TextEncoder().encode('backstage-photo/1\n');

/** What a receiver needs before the chunks: the size and each chunk's SHA-256 (base64url). */
export interface PhotoManifest {
  size: number;
  hashes: string[];
}

export const chunkCount = (size: number): number => Math.ceil(size / CHUNK_BYTES);

/** The length chunk `index` must have in a photo of `size` bytes. */
export const chunkLength = (size: number, index: number): number =>
  Math.max(0, Math.min(CHUNK_BYTES, size - index * CHUNK_BYTES));

export function splitChunks(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES)
    chunks.push(bytes.subarray(offset, offset + CHUNK_BYTES));
  return chunks;
}

/** The id a manifest names: SHA-256 over the scheme, the size and the chunk hashes. */
export async function manifestId(
  size: number,
  chunkDigests: readonly Uint8Array[],
): Promise<PhotoId> {
  const sizeBytes = new TextEncoder().encode(`${size}\n`);
  return photoIdFromDigest(await sha256(concatBytes([DOMAIN, sizeBytes, ...chunkDigests])));
}

/** A photo's id and manifest, from its bytes. */
export async function addressPhoto(
  bytes: Uint8Array,
): Promise<{ id: PhotoId; manifest: PhotoManifest }> {
  if (bytes.length === 0) throw new RangeError('a photo has no bytes');
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new RangeError(`a photo of ${bytes.length} bytes is over the ${MAX_PHOTO_BYTES} allowed`);
  const digests = await Promise.all(splitChunks(bytes).map(sha256));
  return {
    id: await manifestId(bytes.length, digests),
    manifest: { size: bytes.length, hashes: digests.map(toBase64Url) },
  };
}

export const photoIdOf = async (bytes: Uint8Array): Promise<PhotoId> =>
  (await addressPhoto(bytes)).id;
