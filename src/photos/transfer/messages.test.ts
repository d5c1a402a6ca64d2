import { describe, expect, it } from 'vitest';
import { toBase64Url } from './bytes';
import { addressPhoto, CHUNK_BYTES, MAX_CHUNKS } from './content-address';
import { photoBytes } from './testing/photo-bytes';
import { MAX_PHOTO_MESSAGE_CHARS, parsePhotoMessage } from './messages';

const { id, manifest } = await addressPhoto(photoBytes(40_000));
const chunk = toBase64Url(photoBytes(CHUNK_BYTES));

const refusal = (raw: unknown) => {
  const result = parsePhotoMessage(raw);
  return result.ok ? 'accepted' : result.reason;
};

describe('photo messages', () => {
  it('accept a want, a resume, a have, a have-not and a chunk, as objects or JSON text', () => {
    const messages = [
      { type: 'photo-want', id },
      { type: 'photo-want', id, chunks: [2, 0] },
      { type: 'photo-have', id, manifest },
      { type: 'photo-have', id, manifest: null },
      { type: 'photo-chunk', id, index: 1, data: chunk },
    ];
    for (const message of messages) {
      expect(parsePhotoMessage(message)).toEqual({ ok: true, message });
      expect(parsePhotoMessage(JSON.stringify(message))).toEqual({ ok: true, message });
    }
  });

  it('say why a message is refused, and never throw', () => {
    const cases: [unknown, string][] = [
      ['{not json', 'is not JSON'],
      [[1, 2], 'is not an object'],
      [{ type: 'photo-steal', id }, "has an unknown type 'photo-steal'"],
      [{ type: 'photo-want', id: 'm-amara' }, "photo-want: id 'm-amara' is not a photo id"],
      [
        { type: 'photo-want', id, chunks: [] },
        'photo-want: chunks is empty (leave it out to ask for everything)',
      ],
      [
        { type: 'photo-want', id, chunks: [MAX_CHUNKS] },
        `photo-want: chunks.0 must be under ${MAX_CHUNKS}`,
      ],
      [{ type: 'photo-want', id, chunks: [1.5] }, 'photo-want: chunks.0 must be a whole number'],
      [{ type: 'photo-have', id }, 'photo-have: manifest is missing'],
      [
        { type: 'photo-have', id, manifest: { ...manifest, hashes: manifest.hashes.slice(1) } },
        'photo-have: manifest lists 2 chunks where 40000 bytes make 3',
      ],
      [
        { type: 'photo-have', id, manifest: { size: 10_000_000, hashes: [] } },
        'photo-have: manifest.size is over the 524288 bytes a photo may have',
      ],
      [
        { type: 'photo-have', id, manifest: { size: 10, hashes: ['short'] } },
        'photo-have: manifest.hashes.0 is not a SHA-256 hash',
      ],
      [
        { type: 'photo-chunk', id, index: -1, data: chunk },
        'photo-chunk: index must not be negative',
      ],
      [{ type: 'photo-chunk', id, index: 0, data: 'a+b/' }, 'photo-chunk: data is not base64url'],
      [
        { type: 'photo-chunk', id, index: 0, data: 42 },
        'photo-chunk: data must be string (got 42)',
      ],
      [
        { type: 'photo-chunk', id, index: 0, data: `${chunk}AAAA` },
        `photo-chunk: data is longer than a ${CHUNK_BYTES}-byte chunk`,
      ],
    ];
    for (const [raw, reason] of cases) expect(refusal(raw)).toBe(reason);
  });

  it('refuse an oversized message before parsing it', () => {
    const huge = JSON.stringify({
      type: 'photo-chunk',
      id,
      index: 0,
      data: 'A'.repeat(MAX_PHOTO_MESSAGE_CHARS),
    });
    expect(refusal(huge)).toMatch(/characters long, more than the \d+ a photo message may have/);
  });

  it('refuse a value that cannot be JSON without throwing', () => {
    const cyclic: Record<string, unknown> = { type: 'photo-want' };
    cyclic.self = cyclic;
    expect(refusal(cyclic)).toBe('is not JSON');
    expect(refusal(undefined)).toBe('is not an object');
  });
});
