import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from './bytes';
import { addressPhoto, CHUNK_BYTES, splitChunks } from './content-address';
import { PhotoReceiver } from './receiver';
import { photoBytes } from './testing/photo-bytes';

const bytes = photoBytes(40_000);
const { id, manifest } = await addressPhoto(bytes);
const chunks = splitChunks(bytes);
const other = await addressPhoto(photoBytes(40_000, 99));

async function receiverWithManifest(): Promise<PhotoReceiver> {
  const receiver = new PhotoReceiver(id);
  expect(await receiver.acceptManifest(manifest)).toEqual({ kind: 'manifest', missing: [0, 1, 2] });
  return receiver;
}

describe('receiving a photo', () => {
  it('takes chunks in any order and hands over the whole, checked, at the last one', async () => {
    const receiver = await receiverWithManifest();
    expect(await receiver.acceptChunk(2, chunks[2]!)).toEqual({
      kind: 'chunk',
      index: 2,
      missing: 2,
    });
    expect(await receiver.acceptChunk(0, chunks[0]!)).toEqual({
      kind: 'chunk',
      index: 0,
      missing: 1,
    });
    expect(receiver.missing()).toEqual([1]);
    expect(await receiver.acceptChunkText(1, toBase64Url(chunks[1]!))).toEqual({
      kind: 'complete',
      bytes,
    });
    expect(receiver.isComplete).toBe(true);
    expect(receiver.heldBytes).toBe(0);
  });

  it('ignores a chunk it already holds, and anything once complete', async () => {
    const receiver = await receiverWithManifest();
    await receiver.acceptChunk(0, chunks[0]!);
    expect(await receiver.acceptChunk(0, chunks[0]!)).toEqual({ kind: 'duplicate' });
    expect(receiver.heldBytes).toBe(CHUNK_BYTES);
    await receiver.acceptChunk(1, chunks[1]!);
    await receiver.acceptChunk(2, chunks[2]!);
    expect(await receiver.acceptChunk(2, chunks[2]!)).toEqual({ kind: 'duplicate' });
    expect(await receiver.acceptManifest(manifest)).toEqual({ kind: 'duplicate' });
  });

  it('keeps one copy of a chunk checked twice at once (two peers sent it)', async () => {
    const receiver = await receiverWithManifest();
    const outcomes = await Promise.all([
      receiver.acceptChunk(1, chunks[1]!),
      receiver.acceptChunk(1, chunks[1]!),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['chunk', 'duplicate']);
    expect(receiver.heldBytes).toBe(CHUNK_BYTES);
  });

  it('refuses a forged chunk with the reason, keeps nothing of it, and still takes the real one', async () => {
    const receiver = await receiverWithManifest();
    const forged = chunks[1]!.slice();
    forged[100] = (forged[100] ?? 0) ^ 0xff;
    expect(await receiver.acceptChunk(1, forged)).toEqual({
      kind: 'refused',
      reason: 'chunk 1 does not match its hash (forged or corrupted)',
    });
    expect(receiver.missing()).toEqual([0, 1, 2]);
    expect(await receiver.acceptChunk(1, chunks[1]!)).toMatchObject({ kind: 'chunk' });
  });

  it('refuses a chunk of the wrong length, out of range, not base64url, or before the manifest', async () => {
    expect(await new PhotoReceiver(id).acceptChunk(0, chunks[0]!)).toEqual({
      kind: 'refused',
      reason: 'chunk 0 came before the manifest',
    });
    const receiver = await receiverWithManifest();
    expect(await receiver.acceptChunk(2, chunks[1]!)).toEqual({
      kind: 'refused',
      reason: `chunk 2 has ${CHUNK_BYTES} bytes where ${40_000 - 2 * CHUNK_BYTES} were expected`,
    });
    expect(await receiver.acceptChunk(3, new Uint8Array())).toEqual({
      kind: 'refused',
      reason: 'chunk 3 is out of range: the photo has 3',
    });
    expect(await receiver.acceptChunkText(0, 'not base64!')).toEqual({
      kind: 'refused',
      reason: 'chunk 0 is not base64url',
    });
    expect(receiver.heldBytes).toBe(0);
  });

  it("refuses another photo's manifest, a wrong total and an oversized photo", async () => {
    const receiver = new PhotoReceiver(id);
    expect(await receiver.acceptManifest(other.manifest)).toEqual({
      kind: 'refused',
      reason: 'manifest does not match the photo id (forged or corrupted)',
    });
    expect(
      await receiver.acceptManifest({
        ...manifest,
        hashes: [...manifest.hashes, manifest.hashes[0]!],
      }),
    ).toEqual({
      kind: 'refused',
      reason: 'manifest lists 4 chunks where 40000 bytes make 3',
    });
    expect(await receiver.acceptManifest({ ...manifest, size: 39_000 })).toEqual({
      kind: 'refused',
      reason: 'manifest does not match the photo id (forged or corrupted)',
    });
    expect(await receiver.acceptManifest({ size: 600_000, hashes: [] })).toEqual({
      kind: 'refused',
      reason: 'photo of 600000 bytes: a photo has 1 to 524288',
    });
    expect(receiver.hasManifest).toBe(false);
  });
});

describe('receiving a photo, whatever the link does', () => {
  it('ends with exactly the photo for any order, repeats and forgeries, holding no more than its size', async () => {
    const deliveries = fc.array(
      fc.record({
        index: fc.integer({ min: 0, max: 2 }),
        isForged: fc.boolean(),
        flip: fc.integer({ min: 0, max: 16_383 }),
      }),
      { maxLength: 12 },
    );
    await fc.assert(
      fc.asyncProperty(
        deliveries,
        fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
        async (noise, order) => {
          const receiver = await receiverWithManifest();
          let completed: Uint8Array | undefined;
          // Noise first (random chunks, some forged), then each real chunk once, in a random order.
          const all = [...noise, ...order.map((index) => ({ index, isForged: false, flip: 0 }))];
          for (const { index, isForged, flip } of all) {
            const chunk = chunks[index]!.slice();
            if (isForged) chunk[flip % chunk.length] = (chunk[flip % chunk.length] ?? 0) ^ 0x01;
            const outcome = await receiver.acceptChunk(index, chunk);
            if (isForged)
              expect(outcome.kind === 'refused' || outcome.kind === 'duplicate').toBe(true);
            if (outcome.kind === 'complete') completed = outcome.bytes;
            expect(receiver.heldBytes).toBeLessThanOrEqual(bytes.length);
          }
          expect(completed).toEqual(bytes);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);
});
