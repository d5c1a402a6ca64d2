import { describe, expect, it } from 'vitest';
import type { PhotoId } from '../../domain/photo-id';
import { toBase64Url } from './bytes';
import { addressPhoto } from './content-address';
import { PhotoInbox, type InboxOutcome } from './inbox';
import { PhotoSender } from './sender';
import { FakePhotoLink, memorySource } from './testing/fake-photo-link';
import { photoBytes } from './testing/photo-bytes';
import { parsePhotoMessage, type PhotoMessage, type PhotoWantMessage } from './messages';

// Alice holds the photos; Bob fetches them over links that drop, reorder and repeat.

const photos = await Promise.all(
  [1, 2, 3].map(async (seed) => {
    const bytes = photoBytes(30_000 + seed * 5_000, seed);
    return { bytes, ...(await addressPhoto(bytes)) };
  }),
);
const aliceStore = memorySource(new Map<PhotoId, Uint8Array>(photos.map((p) => [p.id, p.bytes])));

/** Bob's side of a link: parse what arrives, give the inbox what is for it, note what completes or is refused. */
async function deliver(
  inbox: PhotoInbox,
  wire: readonly string[],
  received: Map<PhotoId, Uint8Array>,
  refused: string[],
): Promise<void> {
  for (const text of wire) {
    const parsed = parsePhotoMessage(text);
    if (!parsed.ok) {
      refused.push(parsed.reason);
      continue;
    }
    if (parsed.message.type === 'photo-want') continue;
    const outcome: InboxOutcome = await inbox.receive(parsed.message);
    if (outcome.kind === 'complete') received.set(parsed.message.id, outcome.bytes);
    if (outcome.kind === 'refused') refused.push(outcome.reason);
  }
}

function wanted(inbox: PhotoInbox, id: PhotoId): PhotoWantMessage {
  const want = inbox.want(id);
  if (want === 'busy') throw new Error('the inbox is full');
  return want;
}

async function pumpUntilIdle(sender: PhotoSender, link: FakePhotoLink): Promise<string[]> {
  const wire: string[] = [];
  while (sender.pending.length > 0) {
    await sender.pump();
    wire.push(...link.drain());
  }
  return wire;
}

describe('a photo transfer between two kiosks', () => {
  it('resumes after the link drops mid-photo, fetching only what was lacking', async () => {
    const bob = new PhotoInbox();
    const received = new Map<PhotoId, Uint8Array>();
    const refused: string[] = [];
    const firstLink = new FakePhotoLink();
    const alice = new PhotoSender(firstLink, aliceStore);
    for (const p of photos) alice.want(wanted(bob, p.id));
    const wire = await pumpUntilIdle(alice, firstLink);
    // The link drops after the first half of the messages.
    const cut = Math.floor(wire.length / 2);
    await deliver(bob, wire.slice(0, cut), received, refused);
    expect(received.size).toBeLessThan(photos.length);

    const secondLink = new FakePhotoLink();
    const aliceAgain = new PhotoSender(secondLink, aliceStore);
    const resumes = bob.resumeWants();
    for (const want of resumes) aliceAgain.want(want);
    const rest = await pumpUntilIdle(aliceAgain, secondLink);
    expect(rest.length).toBe(wire.length - cut);
    await deliver(bob, rest, received, refused);

    expect(refused).toEqual([]);
    for (const p of photos) expect(received.get(p.id)).toEqual(p.bytes);
    expect(bob.open).toEqual([]);
  });

  it('takes chunks out of order and repeated, and refuses what a relay forged', async () => {
    const bob = new PhotoInbox();
    const received = new Map<PhotoId, Uint8Array>();
    const refused: string[] = [];
    const link = new FakePhotoLink();
    const alice = new PhotoSender(link, aliceStore);
    const [photo] = photos;
    alice.want(wanted(bob, photo!.id));
    const [manifest, ...chunks] = await pumpUntilIdle(alice, link);
    const forged: PhotoMessage = {
      type: 'photo-chunk',
      id: photo!.id,
      index: 1,
      data: toBase64Url(photoBytes(16_384, 42)),
    };
    const shuffled = [
      manifest!,
      chunks[2]!,
      JSON.stringify(forged),
      chunks[0]!,
      chunks[2]!,
      '{"type":"photo-chunk"}',
      chunks[1]!,
      chunks[1]!,
    ];
    await deliver(bob, shuffled, received, refused);
    expect(refused).toEqual([
      'chunk 1 does not match its hash (forged or corrupted)',
      'photo-chunk: id is missing',
    ]);
    expect(received.get(photo!.id)).toEqual(photo!.bytes);
  });
});
