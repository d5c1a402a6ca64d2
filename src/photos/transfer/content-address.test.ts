import { describe, expect, it } from 'vitest';
import { isPhotoId } from '../../domain/photo-id';
import { fromBase64Url, toBase64Url } from './bytes';
import {
  addressPhoto,
  CHUNK_BYTES,
  chunkLength,
  MAX_PHOTO_BYTES,
  photoIdOf,
  splitChunks,
} from './content-address';
import { photoBytes } from './testing/photo-bytes';

describe('content addressing', () => {
  it('names the same bytes the same way, and any changed byte differently', async () => {
    const bytes = photoBytes(40_000);
    const id = await photoIdOf(bytes);
    expect(isPhotoId(id)).toBe(true);
    expect(await photoIdOf(photoBytes(40_000))).toBe(id);
    const touched = bytes.slice();
    touched[39_999] = (touched[39_999] ?? 0) ^ 1;
    expect(await photoIdOf(touched)).not.toBe(id);
    expect(await photoIdOf(bytes.subarray(0, 39_999))).not.toBe(id);
  });

  it('lists one SHA-256 per 16 KB chunk, the last one short', async () => {
    const { manifest } = await addressPhoto(photoBytes(40_000));
    expect(manifest.size).toBe(40_000);
    expect(manifest.hashes).toHaveLength(3);
    expect(manifest.hashes.every((hash) => fromBase64Url(hash)?.length === 32)).toBe(true);
    expect(splitChunks(photoBytes(40_000)).map((c) => c.length)).toEqual([
      CHUNK_BYTES,
      CHUNK_BYTES,
      40_000 - 2 * CHUNK_BYTES,
    ]);
    expect([0, 1, 2, 3].map((i) => chunkLength(40_000, i))).toEqual([
      CHUNK_BYTES,
      CHUNK_BYTES,
      40_000 - 2 * CHUNK_BYTES,
      0,
    ]);
  });

  it('refuses an empty photo and one over the size limit', async () => {
    await expect(addressPhoto(new Uint8Array())).rejects.toThrow(/no bytes/);
    await expect(addressPhoto(new Uint8Array(MAX_PHOTO_BYTES + 1))).rejects.toThrow(/over the/);
  });

  it('carries bytes as base64url and back, refusing what is not base64url', () => {
    const bytes = photoBytes(1000, 7);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(text)).toEqual(bytes);
    expect(fromBase64Url('abc=')).toBeUndefined();
    expect(fromBase64Url('a')).toBeUndefined();
    expect(fromBase64Url('a+b/')).toBeUndefined();
  });
});
