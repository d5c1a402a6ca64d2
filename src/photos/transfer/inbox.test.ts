import { describe, expect, it } from 'vitest';
import type { PhotoId } from '../../domain/photo-id';
import { toBase64Url } from './bytes';
import { addressPhoto, splitChunks, type PhotoManifest } from './content-address';
import { PhotoInbox } from './inbox';
import { photoBytes } from './testing/photo-bytes';
import type { PhotoChunkMessage, PhotoHaveMessage } from './messages';

interface Fixture {
  id: PhotoId;
  manifest: PhotoManifest;
  bytes: Uint8Array;
  chunk: (index: number) => PhotoChunkMessage;
  have: PhotoHaveMessage;
}
async function photo(seed: number, size = 40_000): Promise<Fixture> {
  const bytes = photoBytes(size, seed);
  const { id, manifest } = await addressPhoto(bytes);
  const chunks = splitChunks(bytes);
  return {
    id,
    manifest,
    bytes,
    chunk: (index) => ({ type: 'photo-chunk', id, index, data: toBase64Url(chunks[index]!) }),
    have: { type: 'photo-have', id, manifest },
  };
}
const [amara, lina, mei, sofia] = await Promise.all([1, 2, 3, 4].map((seed) => photo(seed)));

describe('the photo inbox', () => {
  it('fetches a photo: want, manifest, chunks, whole', async () => {
    const inbox = new PhotoInbox();
    expect(inbox.want(amara!.id)).toEqual({ type: 'photo-want', id: amara!.id });
    await inbox.receive(amara!.have);
    await inbox.receive(amara!.chunk(0));
    await inbox.receive(amara!.chunk(1));
    expect(await inbox.receive(amara!.chunk(2))).toEqual({ kind: 'complete', bytes: amara!.bytes });
    expect(inbox.open).toEqual([]);
  });

  it('resumes after a cut: asks only for the chunks it lacks, and finishes from another peer', async () => {
    const inbox = new PhotoInbox();
    inbox.want(amara!.id);
    await inbox.receive(amara!.have);
    await inbox.receive(amara!.chunk(1));
    // The link drops here. On the next link, the inbox asks for what is left.
    expect(inbox.resumeWants()).toEqual([{ type: 'photo-want', id: amara!.id, chunks: [0, 2] }]);
    expect(inbox.want(amara!.id)).toEqual({ type: 'photo-want', id: amara!.id, chunks: [0, 2] });
    await inbox.receive(amara!.chunk(2));
    expect(await inbox.receive(amara!.chunk(0))).toEqual({ kind: 'complete', bytes: amara!.bytes });
  });

  it('asks again from the start when the cut came before the manifest', async () => {
    const inbox = new PhotoInbox();
    inbox.want(amara!.id);
    expect(inbox.resumeWants()).toEqual([{ type: 'photo-want', id: amara!.id }]);
  });

  it('ignores what it did not ask for, keeping nothing', async () => {
    const inbox = new PhotoInbox();
    expect(await inbox.receive(lina!.have)).toEqual({ kind: 'not-asked' });
    expect(await inbox.receive(lina!.chunk(0))).toEqual({ kind: 'not-asked' });
    expect(inbox.heldBytes).toBe(0);
  });

  it('keeps a fetch open when a peer does not hold the photo', async () => {
    const inbox = new PhotoInbox();
    inbox.want(mei!.id);
    expect(await inbox.receive({ type: 'photo-have', id: mei!.id, manifest: null })).toEqual({
      kind: 'absent',
    });
    expect(inbox.open).toEqual([mei!.id]);
  });

  it('holds no more than its byte bound: a manifest that does not fit is refused until room is made', async () => {
    let now = 0;
    const inbox = new PhotoInbox({ maxOpen: 4, maxBytes: 90_000, staleMs: 30_000 }, () => now);
    for (const p of [amara!, lina!, mei!]) inbox.want(p.id);
    await inbox.receive(amara!.have);
    await inbox.receive(lina!.have);
    await inbox.receive(amara!.chunk(0));
    await inbox.receive(amara!.chunk(1));
    await inbox.receive(lina!.chunk(0));
    expect(await inbox.receive(mei!.have)).toEqual({
      kind: 'refused',
      reason: 'no room for 40000 more bytes (80000 of 90000 in use); ask again later',
    });
    expect(inbox.open).not.toContain(mei!.id);
    expect(inbox.heldBytes).toBeLessThanOrEqual(90_000);
    // Amara's fetch goes quiet (its peer vanished); Lina's keeps getting news.
    now = 31_000;
    await inbox.receive(lina!.chunk(1));
    inbox.want(mei!.id);
    expect(await inbox.receive(mei!.have)).toMatchObject({ kind: 'manifest' });
    expect(inbox.open.sort()).toEqual([lina!.id, mei!.id].sort());
    expect(inbox.heldBytes).toBeLessThanOrEqual(90_000);
  });

  it('opens a bounded number of fetches, making room from stale ones only', async () => {
    let now = 0;
    const inbox = new PhotoInbox({ maxOpen: 2, maxBytes: 1_000_000, staleMs: 30_000 }, () => now);
    inbox.want(amara!.id);
    inbox.want(lina!.id);
    expect(inbox.want(mei!.id)).toBe('busy');
    now = 30_000;
    await inbox.receive(lina!.have);
    expect(inbox.want(mei!.id)).toEqual({ type: 'photo-want', id: mei!.id });
    expect(inbox.open.sort()).toEqual([lina!.id, mei!.id].sort());
    expect(inbox.want(sofia!.id)).toBe('busy');
  });

  it('refuses a forged chunk without giving up the fetch', async () => {
    const inbox = new PhotoInbox();
    inbox.want(amara!.id);
    await inbox.receive(amara!.have);
    const forged = { ...lina!.chunk(0), id: amara!.id };
    expect(await inbox.receive(forged)).toEqual({
      kind: 'refused',
      reason: 'chunk 0 does not match its hash (forged or corrupted)',
    });
    expect(inbox.resumeWants()).toEqual([{ type: 'photo-want', id: amara!.id, chunks: [0, 1, 2] }]);
  });
});
