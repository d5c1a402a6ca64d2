import type { PhotoId } from '../domain/photo-id';
import type { ShowDb } from '../storage/db';
import { readPhoto } from '../storage/photo-store';

// Object URLs for the photos on screen. Every place that shows a photo holds it while
// shown; the URL is made once per photo however many places show it, and revoked when
// the last one lets go, so a wall that pages through 300 faces all night holds only
// the ones on screen. A photo not here yet (on its way from another kiosk) gets its
// URL the moment it is stored.

/** A photo that leaves the screen and comes back this soon (now → next) keeps its URL. */
export const REVOKE_AFTER_MS = 2_000;

export interface PhotoUrlMaker {
  create(blob: Blob): string;
  revoke(url: string): void;
}

const browserUrls: PhotoUrlMaker = {
  create: (blob) => URL.createObjectURL(blob),
  revoke: (url) => URL.revokeObjectURL(url),
};

/** One photo as shown: its URL ('' until its bytes are held here). */
export interface ShownPhoto {
  readonly url: string;
  release(): void;
}

class Entry {
  url = $state('');
  users = 0;
  revokeTimer: ReturnType<typeof setTimeout> | undefined;
  #subscription: { unsubscribe(): void } | undefined;
  #isStopped = false;

  constructor(
    db: ShowDb,
    id: PhotoId,
    readonly urls: PhotoUrlMaker,
  ) {
    // Dexie is loaded by now (`db` is open); imported here so that it is not in the
    // first load of a screen that shows photos.
    void import('dexie').then(({ liveQuery }) => {
      if (this.#isStopped) return;
      this.#subscription = liveQuery(() => readPhoto(db, id)).subscribe({
        next: (photo) => {
          if (photo && !this.url) this.url = urls.create(photo.blob);
          // Dropped (after the show) while shown: the name alone again.
          if (!photo && this.url) this.#revoke();
        },
        error: (error: unknown) => console.warn('a photo could not be read', error),
      });
    });
  }

  #revoke(): void {
    if (this.url) this.urls.revoke(this.url);
    this.url = '';
  }

  stop(): void {
    this.#isStopped = true;
    this.#subscription?.unsubscribe();
    this.#revoke();
  }
}

export class PhotoUrls {
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly urls: PhotoUrlMaker = browserUrls,
    readonly revokeAfterMs = REVOKE_AFTER_MS,
  ) {}

  /** Hold a photo for showing; call `release()` when it leaves the screen. */
  use(db: ShowDb, id: PhotoId): ShownPhoto {
    const key = `${db.name}/${id}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = new Entry(db, id, this.urls);
      this.#entries.set(key, entry);
    }
    clearTimeout(entry.revokeTimer);
    entry.users++;
    const held = entry;
    let isReleased = false;
    return {
      get url() {
        return held.url;
      },
      release: () => {
        if (isReleased) return;
        isReleased = true;
        if (--held.users > 0) return;
        held.revokeTimer = setTimeout(() => {
          if (held.users > 0) return;
          held.stop();
          this.#entries.delete(key);
        }, this.revokeAfterMs);
      },
    };
  }

  /** Photos with a URL now (diagnostics and tests). */
  get liveUrls(): number {
    return [...this.#entries.values()].filter((entry) => entry.url).length;
  }
}

export const photoUrls = new PhotoUrls();
