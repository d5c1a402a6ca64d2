import type { PhotoId } from '../../domain/photo-id';
import { toBase64Url } from './bytes';
import { addressPhoto, chunkCount, CHUNK_BYTES, type PhotoManifest } from './content-address';
import type { PhotoMessage, PhotoWantMessage } from './messages';

// Sending photos on one peer link without ever delaying the show: a chunk goes out
// only while the link has no show message waiting and its buffer is nearly empty,
// so a tap queued behind photos waits for at most one small chunk.

/** The peer link as the sender sees it. */
export interface PhotoLink {
  /** No show message (ops, previews, versions) is waiting to go out on this link. */
  isIdle(): boolean;
  /** Bytes queued in the data channel and not yet sent (RTCDataChannel.bufferedAmount). */
  readonly bufferedAmount: number;
  send(message: PhotoMessage): void;
}

/** Where the photos held here are read from (the kiosk's photo store). */
export interface PhotoSource {
  read(id: PhotoId): Promise<Uint8Array | undefined>;
}

export interface SenderLimits {
  /** Send only while the channel holds less than this. */
  bufferLimit: number;
  /** Chunks sent by one `pump` at most, so it hands the thread back soon. */
  chunksPerPump: number;
  /** Wants queued per link; more are dropped (the asker asks again). */
  maxQueued: number;
  /** Photos taking turns at once: only their bytes are held in memory (the rest wait unread). */
  maxActive: number;
}
export const DEFAULT_SENDER_LIMITS: SenderLimits = {
  // Nearly empty (a heartbeat's bytes): a tap sent now waits behind at most the one chunk
  // already on its way.
  bufferLimit: 1024,
  chunksPerPump: 4,
  maxQueued: 16,
  maxActive: 2,
};

interface Job {
  id: PhotoId;
  /** Send the manifest first (a fresh want), or only chunks (a resume). */
  sendManifest: boolean;
  chunks: number[] | undefined;
  bytes?: Uint8Array;
  manifest?: PhotoManifest;
}

export class PhotoSender {
  readonly #link: PhotoLink;
  readonly #source: PhotoSource;
  readonly #limits: SenderLimits;
  #queue: Job[] = [];
  #pumping: Promise<number> | undefined;
  #again = false;

  constructor(link: PhotoLink, source: PhotoSource, limits: Partial<SenderLimits> = {}) {
    this.#link = link;
    this.#source = source;
    this.#limits = { ...DEFAULT_SENDER_LIMITS, ...limits };
  }

  /** Photos with something left to send. */
  get pending(): PhotoId[] {
    return this.#queue.map((job) => job.id);
  }

  /** Queue a peer's want; a newer want for the same photo replaces the older one. */
  want(message: PhotoWantMessage): void {
    const job: Job = {
      id: message.id,
      sendManifest: message.chunks === undefined,
      chunks: message.chunks ? [...new Set(message.chunks)].sort((a, b) => a - b) : undefined,
    };
    const existing = this.#queue.findIndex((queued) => queued.id === message.id);
    if (existing >= 0) this.#queue[existing] = job;
    else if (this.#queue.length < this.#limits.maxQueued) this.#queue.push(job);
  }

  /** Stop sending a photo (the peer has it, or left). */
  cancel(id: PhotoId): void {
    this.#queue = this.#queue.filter((job) => job.id !== id);
  }

  #mayBeSend(): boolean {
    return this.#link.isIdle() && this.#link.bufferedAmount < this.#limits.bufferLimit;
  }

  /**
   * Send what the link has room for now; call it whenever the link may have become
   * idle (its buffer ran low, the show's own messages went out). Photos take turns a
   * chunk at a time. Resolves to the number of messages sent. One pump runs at a
   * time; a call during it makes it go round once more when it ends, so a want that
   * arrived meanwhile is not left waiting for the next trigger.
   */
  pump(): Promise<number> {
    if (this.#pumping) {
      this.#again = true;
      return this.#pumping;
    }
    this.#pumping = (async () => {
      let sent = 0;
      do {
        this.#again = false;
        sent += await this.#pump();
      } while (this.#again && this.#queue.length > 0 && this.#mayBeSend());
      return sent;
    })().finally(() => {
      this.#pumping = undefined;
    });
    return this.#pumping;
  }

  async #pump(): Promise<number> {
    let sent = 0;
    while (sent < this.#limits.chunksPerPump && this.#queue.length > 0 && this.#mayBeSend()) {
      const job = this.#queue[0] as Job;
      if (!job.bytes && !(await this.#load(job))) {
        if (this.#queue[0] !== job) continue; // cancelled or replaced meanwhile
        if (!this.#mayBeSend()) break;
        this.#queue.shift();
        this.#link.send({ type: 'photo-have', id: job.id, manifest: null });
        sent += 1;
        continue;
      }
      if (this.#queue[0] !== job) continue;
      if (!this.#mayBeSend()) break; // the show spoke while we read
      this.#queue.shift();
      if (job.sendManifest) {
        this.#link.send({
          type: 'photo-have',
          id: job.id,
          manifest: job.manifest as PhotoManifest,
        });
        job.sendManifest = false;
        sent += 1;
      } else {
        const index = job.chunks?.shift();
        if (index !== undefined) {
          const data = toBase64Url(
            (job.bytes as Uint8Array).subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES),
          );
          this.#link.send({ type: 'photo-chunk', id: job.id, index, data });
          sent += 1;
        }
      }
      // The active photos take turns a message at a time; a finished one leaves with its bytes.
      if (job.sendManifest || (job.chunks?.length ?? 0) > 0)
        this.#queue.splice(Math.min(this.#limits.maxActive - 1, this.#queue.length), 0, job);
    }
    return sent;
  }

  /** Read a job's photo and its manifest; false when this kiosk does not hold it (or holds no valid photo). */
  async #load(job: Job): Promise<boolean> {
    const bytes = await this.#source.read(job.id);
    if (!bytes) return false;
    try {
      const { id, manifest } = await addressPhoto(bytes);
      if (id !== job.id) return false; // a damaged store must not pass off other bytes under this name
      const total = chunkCount(bytes.length);
      job.bytes = bytes;
      job.manifest = manifest;
      job.chunks = (job.chunks ?? Array.from({ length: total }, (_, i) => i)).filter(
        (i) => i < total,
      );
      return true;
    } catch {
      return false;
    }
  }
}
