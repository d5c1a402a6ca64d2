import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newShowId } from '../domain/ids';
import { photoIdFromDigest, type PhotoId } from '../domain/photo-id';
import { ShowDb } from '../storage/db';
import { dropPhotos, storePhoto } from '../storage/photo-store';
import { PhotoUrls, type PhotoUrlMaker } from './photo-urls.svelte';

const face = photoIdFromDigest(new Uint8Array(32).fill(1));
const stored = (id: PhotoId) => ({
  id,
  blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }),
  width: 3,
  height: 4,
  storedAt: 1,
});

/** Object URLs as a ledger: which are live, which were revoked. */
function ledger(): PhotoUrlMaker & { live: Set<string>; made: number } {
  const live = new Set<string>();
  let made = 0;
  return {
    live,
    get made() {
      return made;
    },
    create: () => {
      const url = `blob:photo-${++made}`;
      live.add(url);
      return url;
    },
    revoke: (url) => {
      live.delete(url);
    },
  };
}

const opened: ShowDb[] = [];
function openDb(): ShowDb {
  const db = new ShowDb(newShowId());
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('object URLs of the photos on screen', () => {
  it('makes one URL for a photo shown in two places, and revokes it when both let go', async () => {
    const db = openDb();
    await storePhoto(db, stored(face));
    const urls = ledger();
    const photos = new PhotoUrls(urls, 5);
    const curtain = photos.use(db, face);
    const wall = photos.use(db, face);
    await vi.waitFor(() => expect(curtain.url).toMatch(/^blob:photo-/));
    expect(wall.url).toBe(curtain.url);
    expect(urls.made).toBe(1);

    curtain.release();
    curtain.release(); // twice changes nothing
    expect(urls.live.size).toBe(1);
    wall.release();
    await vi.waitFor(() => expect(urls.live.size).toBe(0));
    expect(photos.liveUrls).toBe(0);
  });

  it('keeps the URL of a photo that comes back on screen at once (now becomes next)', async () => {
    const db = openDb();
    await storePhoto(db, stored(face));
    const urls = ledger();
    const photos = new PhotoUrls(urls, 60_000);
    const now = photos.use(db, face);
    await vi.waitFor(() => expect(now.url).not.toBe(''));
    now.release();
    const next = photos.use(db, face);
    expect(next.url).toBe(now.url);
    expect(urls.made).toBe(1);
    next.release();
  });

  it('shows nothing until the bytes are here, then the photo the moment they are stored', async () => {
    const db = openDb();
    const urls = ledger();
    const photos = new PhotoUrls(urls, 5);
    const shown = photos.use(db, face);
    await db.photos.count(); // the first read has run
    expect(shown.url).toBe('');
    await storePhoto(db, stored(face));
    await vi.waitFor(() => expect(shown.url).toMatch(/^blob:/));
    shown.release();
  });

  it('lets go of the URL of a photo dropped while shown', async () => {
    const db = openDb();
    await storePhoto(db, stored(face));
    const urls = ledger();
    const photos = new PhotoUrls(urls, 5);
    const shown = photos.use(db, face);
    await vi.waitFor(() => expect(shown.url).not.toBe(''));
    await dropPhotos(db, [face]);
    await vi.waitFor(() => expect(shown.url).toBe(''));
    expect(urls.live.size).toBe(0);
    shown.release();
  });
});
