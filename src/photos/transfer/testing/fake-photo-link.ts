import type { PhotoId } from '../../../domain/photo-id';
import type { PhotoLink, PhotoSource } from '../sender';
import type { PhotoMessage } from '../messages';

/** A link whose show traffic and channel buffer a test sets by hand. */
export class FakePhotoLink implements PhotoLink {
  /** Show messages waiting: while any are, the link is not idle. */
  showWaiting = 0;
  bufferedAmount = 0;
  readonly sent: PhotoMessage[] = [];
  /** Called after each send, to let a test change the link mid-pump. */
  onSend: (message: PhotoMessage) => void = () => {};

  isIdle(): boolean {
    return this.showWaiting === 0;
  }
  send(message: PhotoMessage): void {
    this.sent.push(message);
    this.bufferedAmount += JSON.stringify(message).length;
    this.onSend(message);
  }
  /** The channel sent everything it held; returns what went out since the last drain, as the peer receives it (JSON). */
  drain(): string[] {
    this.bufferedAmount = 0;
    return this.sent.splice(0).map((message) => JSON.stringify(message));
  }
}

export const memorySource = (photos: ReadonlyMap<PhotoId, Uint8Array>): PhotoSource => ({
  read: async (id) => photos.get(id),
});
