import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPhotoId, photoIdFromDigest } from './photo-id';

const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

describe('photo ids', () => {
  it('spell a digest in the id alphabet, 5 bits a letter', () => {
    expect(photoIdFromDigest(new Uint8Array(32))).toBe(`p-${'a'.repeat(52)}`);
    // 255 bits of ones give 51 nines; the last bit, padded, is letter 16 ('s').
    expect(photoIdFromDigest(new Uint8Array(32).fill(255))).toBe(`p-${'9'.repeat(51)}s`);
  });

  it('are valid ids, different for different bytes and the same for the same bytes', () => {
    const a = photoIdFromDigest(sha256('look 14 fitting'));
    const b = photoIdFromDigest(sha256('look 15 fitting'));
    expect(isPhotoId(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(photoIdFromDigest(sha256('look 14 fitting'))).toBe(a);
  });

  it('refuse a digest of the wrong length', () => {
    expect(() => photoIdFromDigest(new Uint8Array(20))).toThrow(/32 bytes, not 20/);
  });

  it('tell an id from data: URLs, other ids and near misses', () => {
    expect(isPhotoId('data:image/jpeg;base64,AAAA')).toBe(false);
    expect(isPhotoId('m-abcdefghijkm')).toBe(false);
    expect(isPhotoId(`p-${'a'.repeat(51)}`)).toBe(false);
    expect(isPhotoId(`p-${'a'.repeat(51)}l`)).toBe(false);
    expect(isPhotoId(42)).toBe(false);
  });
});
