import { afterEach, describe, expect, it } from 'vitest';
import type { ShowId } from '../domain/ids';
import type { PhotoId } from '../domain/photo-id';
import { toBase64Url } from '../photos/transfer/bytes';
import { addressPhoto, CHUNK_BYTES } from '../photos/transfer/content-address';
import type { PhotoKeeper } from '../photos/transfer/exchange';
import { parsePhotoMessage, type PhotoMessage } from '../photos/transfer/messages';
import { photoBytes } from '../photos/transfer/testing/photo-bytes';
import type { BadMessage } from '../sync/synchronizer/engine';
import { ReplicaSet } from '../sync/testing/replica-set';
import { startPhotoSync, type PhotoSync } from './photo-sync';

// Photos between kiosks over the engine's sealed links, on the in-memory network:
// alice holds the photos, bob needs them, carol holds them too, mallory forges them.

const showId = 'spring-26' as ShowId;
const secret = 'velvet curtain lantern orbit';

interface Photo {
  id: PhotoId;
  bytes: Uint8Array;
}
/** Photos of three chunks each (40 KB): what the pipeline makes, give or take. */
const photos: Photo[] = await Promise.all(
  Array.from({ length: 8 }, async (_, i) => {
    const bytes = photoBytes(40_000 + i, i + 1);
    return { id: (await addressPhoto(bytes)).id, bytes };
  }),
);
const ids = photos.map((photo) => photo.id);

function memoryKeeper(held: readonly Photo[] = []) {
  const stored = new Map<PhotoId, Uint8Array>(held.map((p) => [p.id, p.bytes]));
  const keeper: PhotoKeeper = {
    read: async (id) => stored.get(id),
    has: async (id) => stored.has(id),
    keep: async (id, bytes) => {
      stored.set(id, bytes);
    },
  };
  return { stored, keeper };
}

interface Kiosk {
  name: string;
  stored: Map<PhotoId, Uint8Array>;
  photos: PhotoSync;
}

let sets: ReplicaSet[] = [];
let running: PhotoSync[] = [];
afterEach(async () => {
  running.forEach((sync) => sync.stop());
  await Promise.all(sets.map((set) => set.destroy()));
  sets = [];
  running = [];
});

/** Kiosks linked on one network, each with the photos it holds and its photo exchange. */
async function show(held: Record<string, readonly Photo[]>) {
  const set = new ReplicaSet({ showId, secret });
  sets.push(set);
  const names = Object.keys(held);
  await set.add(...names);
  const kiosks = new Map<string, Kiosk>();
  for (const name of names) {
    const { stored, keeper } = memoryKeeper(held[name]);
    const replica = set.get(name);
    const sync = startPhotoSync(replica.engine, replica.transport, keeper, {
      limits: { messagesPerSecond: 1_000_000 },
      now: () => set.clock.now(),
    });
    running.push(sync);
    kiosks.set(name, { name, stored, photos: sync });
  }
  set.connect();
  await set.settle();
  const kiosk = (name: string) => kiosks.get(name) as Kiosk;
  /** Deliver round by round until nothing moves, or `until` holds; the clock moves 100 ms a round. */
  async function run(until: () => boolean = () => false, maxRounds = 2_000): Promise<number> {
    for (let round = 0; round < maxRounds; round++) {
      await Promise.all([...kiosks.values()].map((k) => k.photos.exchange.settled()));
      await Promise.all(set.replicas.map((r) => r.engine.idle()));
      if (until()) return round;
      if (!set.network.isBusy) {
        set.clock.advance(100);
        for (const k of kiosks.values()) k.photos.exchange.tick();
        await Promise.all([...kiosks.values()].map((k) => k.photos.exchange.settled()));
        if (!set.network.isBusy && until === noUntil) return round;
      }
      set.network.step();
    }
    throw new Error(`photos did not settle in ${maxRounds} rounds`);
  }
  const noUntil = () => false;
  return { set, kiosk, run: (until?: () => boolean) => run(until ?? noUntil) };
}

/** The photo messages `to` received, in order, as `type index` (sealed bodies read). */
function photoTraffic(set: ReplicaSet, to: string): string[] {
  const seen: string[] = [];
  set.get(to).transport.on('message', (from, message) => {
    const { type, body } = message as { type?: string; body?: string };
    if (type !== 'sealed' || typeof body !== 'string') return;
    const inner = JSON.parse(body) as { type: string; index?: number; id?: string };
    seen.push(
      inner.type === 'photo-chunk'
        ? `${from} chunk ${ids.indexOf(inner.id as PhotoId)}.${inner.index}`
        : `${from} ${inner.type}`,
    );
  });
  return seen;
}

const holdsAll = (kiosk: Kiosk, wanted: readonly Photo[]) =>
  wanted.every((p) => kiosk.stored.get(p.id)?.join() === p.bytes.join());

describe('photos between kiosks', () => {
  it('fetches what the show uses from the peer that holds it, checked against its id', async () => {
    const { set, kiosk, run } = await show({ alice: photos.slice(0, 3), bob: [] });
    kiosk('bob').photos.exchange.need(ids.slice(0, 3));
    await run(() => holdsAll(kiosk('bob'), photos.slice(0, 3)));
    expect(holdsAll(kiosk('bob'), photos.slice(0, 3))).toBe(true);
    // Every photo message went sealed, in 16 KB chunks: three per photo.
    expect(set.network.counters.byType['photo-chunk']).toBe(9);
    expect(kiosk('bob').photos.exchange.status).toMatchObject({ missing: 0, received: 3 });
  });

  it('asks the next peer when one does not hold a photo', async () => {
    const { kiosk, run } = await show({ alice: [], bob: [], carol: photos.slice(0, 2) });
    kiosk('bob').photos.exchange.need(ids.slice(0, 2));
    await run(() => holdsAll(kiosk('bob'), photos.slice(0, 2)));
    expect(holdsAll(kiosk('bob'), photos.slice(0, 2))).toBe(true);
  });

  it('fetches a photo no peer held yet once one holds it', async () => {
    const { kiosk, run } = await show({ alice: [], bob: [] });
    kiosk('bob').photos.exchange.need([ids[0] as PhotoId]);
    await run(() => kiosk('bob').photos.exchange.status.fetching === 0);
    // The producer takes it now: bob asks again a few seconds later and gets it.
    kiosk('alice').stored.set(ids[0] as PhotoId, photos[0]?.bytes as Uint8Array);
    await run(() => holdsAll(kiosk('bob'), photos.slice(0, 1)));
    expect(holdsAll(kiosk('bob'), photos.slice(0, 1))).toBe(true);
  });

  it('resumes after a cut: the chunks received are kept, only the rest come, from another peer', async () => {
    const { set, kiosk, run } = await show({ alice: photos.slice(0, 1), bob: [], carol: [] });
    const traffic = photoTraffic(set, 'bob');
    kiosk('bob').photos.exchange.need(ids.slice(0, 1));
    // The link drops after the manifest and two chunks.
    await run(() => traffic.filter((t) => t.startsWith('alice chunk')).length === 2);
    set.network.partition([['alice'], ['bob', 'carol']]);
    kiosk('carol').stored.set(ids[0] as PhotoId, photos[0]?.bytes as Uint8Array);
    await run(() => holdsAll(kiosk('bob'), photos.slice(0, 1)));
    expect(holdsAll(kiosk('bob'), photos.slice(0, 1))).toBe(true);
    expect(traffic.filter((t) => t.includes('chunk'))).toEqual([
      'alice chunk 0.0',
      'alice chunk 0.1',
      'carol chunk 0.2',
    ]);
  });

  it('refuses bytes that do not match their hash, names the peer, and gets the photo from another', async () => {
    const { set, kiosk, run } = await show({ alice: [], bob: [], mallory: [] });
    const photo = photos[0] as Photo;
    const { manifest } = await addressPhoto(photo.bytes);
    // Mallory answers every ask with the photo's true manifest and forged chunks.
    const forgers = new Map<string, { send(message: PhotoMessage): boolean }>();
    const mallory = set.get('mallory');
    kiosk('mallory').photos.stop();
    mallory.engine.useSide({
      carries: (type) => type.startsWith('photo-'),
      opened: (link) => {
        forgers.set(link.peer, link);
      },
      closed: () => {},
      received: (peer, body) => {
        const parsed = parsePhotoMessage(body);
        if (!parsed.ok || parsed.message.type !== 'photo-want') return;
        const link = forgers.get(peer);
        link?.send({ type: 'photo-have', id: photo.id, manifest });
        const forged = toBase64Url(photoBytes(CHUNK_BYTES, 99));
        for (const index of [0, 1])
          link?.send({ type: 'photo-chunk', id: photo.id, index, data: forged });
      },
    });
    const bad: BadMessage[] = [];
    set.get('bob').engine.on('bad-message', (message) => bad.push(message));
    kiosk('bob').photos.exchange.need([photo.id]);
    await run(() => bad.length >= 1);
    expect(kiosk('bob').stored.has(photo.id)).toBe(false);
    expect(bad[0]?.reason).toBe(
      `photo-chunk from kiosk "mallory" (peer mallory): photo ${photo.id.slice(0, 10)}…: chunk 0 does not match its hash (forged or corrupted)`,
    );
    // Alice holds it: bob asks her instead, never mallory again for it.
    kiosk('alice').stored.set(photo.id, photo.bytes);
    await run(() => holdsAll(kiosk('bob'), [photo]));
    expect(kiosk('bob').stored.get(photo.id)).toEqual(photo.bytes);
  });

  it('sends only while the link is idle: a tap queued behind photos waits at most one chunk', async () => {
    const { set, kiosk, run } = await show({ alice: photos, bob: [] });
    const traffic = photoTraffic(set, 'bob');
    let tapArrived = -1;
    set.get('bob').transport.on('message', (_from, message) => {
      const { body } = message as { body?: string };
      if (typeof body === 'string' && body.startsWith('{"type":"ops"') && tapArrived < 0)
        tapArrived = traffic.length;
    });
    kiosk('bob').photos.exchange.need(ids);
    await run(() => traffic.filter((t) => t.includes('chunk')).length >= 4);
    const before = traffic.length;
    await set.edit('alice', [
      { table: 'looks', key: 'look-3', field: 'outfit', value: 'Red coat' },
    ]);
    await run(() => tapArrived >= 0);
    // Ahead of the tap: at most the one chunk already in the channel.
    expect(
      traffic.slice(before, tapArrived).filter((t) => t.includes('chunk')).length,
    ).toBeLessThanOrEqual(1);
    // The photos were still on their way when it arrived, and all arrive after it.
    expect(holdsAll(kiosk('bob'), photos)).toBe(false);
    await run(() => holdsAll(kiosk('bob'), photos));
    expect(holdsAll(kiosk('bob'), photos)).toBe(true);
  });

  it('asks for at most four photos at a time, and holds no more than it asked for', async () => {
    const { kiosk, run } = await show({ alice: photos, bob: [] });
    const { exchange } = kiosk('bob').photos;
    let mostAtOnce = 0;
    exchange.need(ids);
    await run(() => {
      mostAtOnce = Math.max(mostAtOnce, exchange.status.fetching);
      return holdsAll(kiosk('bob'), photos);
    });
    expect(holdsAll(kiosk('bob'), photos)).toBe(true);
    expect(mostAtOnce).toBe(4);
  });
});
