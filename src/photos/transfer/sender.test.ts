import { describe, expect, it } from 'vitest';
import type { PhotoId } from '../../domain/photo-id';
import { addressPhoto, CHUNK_BYTES } from './content-address';
import { PhotoSender } from './sender';
import { FakePhotoLink, memorySource } from './testing/fake-photo-link';
import { photoBytes } from './testing/photo-bytes';
import { MAX_PHOTO_MESSAGE_CHARS, type PhotoMessage } from './messages';

const amaraBytes = photoBytes(40_000, 1);
const linaBytes = photoBytes(20_000, 2);
const amara = await addressPhoto(amaraBytes);
const lina = await addressPhoto(linaBytes);
const missingId = (await addressPhoto(photoBytes(100, 3))).id;
const source = memorySource(
  new Map<PhotoId, Uint8Array>([
    [amara.id, amaraBytes],
    [lina.id, linaBytes],
  ]),
);
/** Room for every message: these tests are about order, not the buffer. */
const roomy = { bufferLimit: Number.MAX_SAFE_INTEGER, chunksPerPump: 100 };

const summary = (messages: readonly PhotoMessage[]) =>
  messages.map((m) =>
    m.type === 'photo-chunk'
      ? `${m.id === amara.id ? 'amara' : 'lina'} ${m.index}`
      : `${m.type} ${m.id === amara.id ? 'amara' : m.id === lina.id ? 'lina' : 'unknown'}${m.type === 'photo-have' && !m.manifest ? ' (none)' : ''}`,
  );

describe('the photo sender', () => {
  it('sends the manifest, then every chunk, on a fresh want', async () => {
    const link = new FakePhotoLink();
    const sender = new PhotoSender(link, source, roomy);
    sender.want({ type: 'photo-want', id: amara.id });
    expect(await sender.pump()).toBe(4);
    expect(summary(link.sent)).toEqual(['photo-have amara', 'amara 0', 'amara 1', 'amara 2']);
    expect(link.sent[0]).toEqual({ type: 'photo-have', id: amara.id, manifest: amara.manifest });
    expect(sender.pending).toEqual([]);
  });

  it('sends only the chunks asked for on a resume, without the manifest', async () => {
    const link = new FakePhotoLink();
    const sender = new PhotoSender(link, source, roomy);
    sender.want({ type: 'photo-want', id: amara.id, chunks: [2, 0, 2] });
    await sender.pump();
    expect(summary(link.sent)).toEqual(['amara 0', 'amara 2']);
  });

  it('sends nothing while show messages wait, and yields as soon as one is queued mid-pump', async () => {
    const link = new FakePhotoLink();
    const sender = new PhotoSender(link, source, roomy);
    sender.want({ type: 'photo-want', id: amara.id });
    link.showWaiting = 1;
    expect(await sender.pump()).toBe(0);
    link.showWaiting = 0;
    link.onSend = (message) => {
      if (message.type === 'photo-chunk') link.showWaiting = 1; // a tap arrives after the first chunk
    };
    expect(await sender.pump()).toBe(2);
    expect(summary(link.sent)).toEqual(['photo-have amara', 'amara 0']);
    link.showWaiting = 0;
    link.onSend = () => {};
    await sender.pump();
    expect(summary(link.sent)).toEqual(['photo-have amara', 'amara 0', 'amara 1', 'amara 2']);
  });

  it('stops while the channel buffer is at its limit, and goes on once it drains', async () => {
    const link = new FakePhotoLink();
    const sender = new PhotoSender(link, source, { bufferLimit: 2 * CHUNK_BYTES });
    sender.want({ type: 'photo-want', id: amara.id });
    await sender.pump();
    // The manifest and a chunk stay under 32 KB; the second chunk takes the buffer over it.
    expect(summary(link.sent)).toEqual(['photo-have amara', 'amara 0', 'amara 1']);
    expect(link.bufferedAmount).toBeLessThan(2 * CHUNK_BYTES + MAX_PHOTO_MESSAGE_CHARS);
    expect(await sender.pump()).toBe(0);
    link.drain();
    expect(await sender.pump()).toBe(1);
    expect(summary(link.sent)).toEqual(['amara 2']);
  });

  it('lets photos take turns, a message at a time', async () => {
    const link = new FakePhotoLink();
    const sender = new PhotoSender(link, source, roomy);
    sender.want({ type: 'photo-want', id: amara.id });
    sender.want({ type: 'photo-want', id: lina.id });
    await sender.pump();
    expect(summary(link.sent)).toEqual([
      'photo-have amara',
      'photo-have lina',
      'amara 0',
      'lina 0',
      'amara 1',
      'lina 1',
      'amara 2',
    ]);
  });

  it('says so when it does not hold a photo', async () => {
    const link = new FakePhotoLink();
    const sender = new PhotoSender(link, source, roomy);
    sender.want({ type: 'photo-want', id: missingId });
    await sender.pump();
    expect(link.sent).toEqual([{ type: 'photo-have', id: missingId, manifest: null }]);
  });

  it('never passes off damaged stored bytes under a photo id', async () => {
    const link = new FakePhotoLink();
    const damaged = amaraBytes.slice();
    damaged[5] = (damaged[5] ?? 0) ^ 1;
    const sender = new PhotoSender(link, memorySource(new Map([[amara.id, damaged]])), roomy);
    sender.want({ type: 'photo-want', id: amara.id });
    await sender.pump();
    expect(link.sent).toEqual([{ type: 'photo-have', id: amara.id, manifest: null }]);
  });

  it('drops a cancelled photo and bounds its queue', async () => {
    const link = new FakePhotoLink();
    const sender = new PhotoSender(link, source, { ...roomy, maxQueued: 1 });
    sender.want({ type: 'photo-want', id: amara.id });
    sender.want({ type: 'photo-want', id: lina.id });
    expect(sender.pending).toEqual([amara.id]);
    sender.cancel(amara.id);
    expect(await sender.pump()).toBe(0);
  });

  it('runs one pump at a time: a second call shares the first', async () => {
    const link = new FakePhotoLink();
    const sender = new PhotoSender(link, source, roomy);
    sender.want({ type: 'photo-want', id: lina.id });
    const [a, b] = await Promise.all([sender.pump(), sender.pump()]);
    expect([a, b]).toEqual([3, 3]);
    expect(summary(link.sent)).toEqual(['photo-have lina', 'lina 0', 'lina 1']);
  });

  it('goes round once more when called during a pump, so nothing waits for the next trigger', async () => {
    const link = new FakePhotoLink();
    let release: () => void = () => {};
    const slowSource = {
      read: async (id: PhotoId) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return id === lina.id ? linaBytes : undefined;
      },
    };
    const sender = new PhotoSender(link, slowSource, { ...roomy, chunksPerPump: 1 });
    sender.want({ type: 'photo-want', id: lina.id });
    const first = sender.pump();
    const second = sender.pump();
    release();
    expect(await Promise.all([first, second])).toEqual([2, 2]);
    expect(summary(link.sent)).toEqual(['photo-have lina', 'lina 0']);
  });
});
