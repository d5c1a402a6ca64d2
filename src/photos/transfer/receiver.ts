import type { PhotoId } from '../../domain/photo-id';
import { concatBytes, fromBase64Url, sha256, toBase64Url } from './bytes';
import {
  CHUNK_BYTES,
  chunkCount,
  chunkLength,
  manifestId,
  MAX_PHOTO_BYTES,
  type PhotoManifest,
} from './content-address';

// Receiving one photo: the manifest first, checked against the photo's id, then its
// chunks in any order, each checked against the manifest, then the whole. It knows
// what it still lacks, so a dropped link resumes where it stopped.

export type ReceiveOutcome =
  /** The manifest matches the id: ask for `missing`. */
  | { kind: 'manifest'; missing: number[] }
  /** A chunk checked and kept; `missing` more to go. */
  | { kind: 'chunk'; index: number; missing: number }
  /** Already held (a resent chunk or manifest): nothing changes. */
  | { kind: 'duplicate' }
  /** Every chunk is in and the whole matches the id. */
  | { kind: 'complete'; bytes: Uint8Array }
  /** Refused, nothing kept from it; `reason` says what was wrong in words for the kiosks panel. */
  | { kind: 'refused'; reason: string };

export class PhotoReceiver {
  readonly id: PhotoId;
  #manifest: PhotoManifest | undefined;
  #chunks: (Uint8Array | undefined)[] = [];
  #held = 0;
  #done = false;

  constructor(id: PhotoId) {
    this.id = id;
  }

  get hasManifest(): boolean {
    return this.#manifest !== undefined;
  }
  get isComplete(): boolean {
    return this.#done;
  }
  /** The photo's size once the manifest is in, else 0. */
  get size(): number {
    return this.#manifest?.size ?? 0;
  }
  /** Bytes of chunks held in memory now. */
  get heldBytes(): number {
    return this.#held;
  }

  /** Chunk indices still lacking (all of them before the manifest is known: none can be asked for yet). */
  missing(): number[] {
    if (!this.#manifest || this.#done) return [];
    const lacking: number[] = [];
    this.#chunks.forEach((chunk, index) => {
      if (chunk === undefined) lacking.push(index);
    });
    return lacking;
  }

  async acceptManifest(manifest: PhotoManifest): Promise<ReceiveOutcome> {
    if (this.#done) return { kind: 'duplicate' };
    if (manifest.size < 1 || manifest.size > MAX_PHOTO_BYTES)
      return {
        kind: 'refused',
        reason: `photo of ${manifest.size} bytes: a photo has 1 to ${MAX_PHOTO_BYTES}`,
      };
    const total = chunkCount(manifest.size);
    if (manifest.hashes.length !== total)
      return {
        kind: 'refused',
        reason: `manifest lists ${manifest.hashes.length} chunks where ${manifest.size} bytes make ${total}`,
      };
    const digests = manifest.hashes.map(fromBase64Url);
    if (digests.some((digest) => digest?.length !== 32))
      return { kind: 'refused', reason: 'manifest holds a hash that is not SHA-256' };
    if ((await manifestId(manifest.size, digests as Uint8Array[])) !== this.id)
      return {
        kind: 'refused',
        reason: 'manifest does not match the photo id (forged or corrupted)',
      };
    if (this.#manifest) return { kind: 'duplicate' };
    this.#manifest = { size: manifest.size, hashes: [...manifest.hashes] };
    this.#chunks = new Array<Uint8Array | undefined>(total).fill(undefined);
    return { kind: 'manifest', missing: this.missing() };
  }

  /** A chunk as it came off the wire (base64url). */
  async acceptChunkText(index: number, data: string): Promise<ReceiveOutcome> {
    const bytes = fromBase64Url(data);
    if (!bytes) return { kind: 'refused', reason: `chunk ${index} is not base64url` };
    return this.acceptChunk(index, bytes);
  }

  async acceptChunk(index: number, bytes: Uint8Array): Promise<ReceiveOutcome> {
    if (this.#done) return { kind: 'duplicate' };
    const manifest = this.#manifest;
    if (!manifest) return { kind: 'refused', reason: `chunk ${index} came before the manifest` };
    if (!Number.isSafeInteger(index) || index < 0 || index >= manifest.hashes.length)
      return {
        kind: 'refused',
        reason: `chunk ${index} is out of range: the photo has ${manifest.hashes.length}`,
      };
    const expected = chunkLength(manifest.size, index);
    if (bytes.length !== expected)
      return {
        kind: 'refused',
        reason: `chunk ${index} has ${bytes.length} bytes where ${expected} were expected`,
      };
    if (this.#chunks[index] !== undefined) return { kind: 'duplicate' };
    const hash = toBase64Url(await sha256(bytes));
    if (hash !== manifest.hashes[index])
      return {
        kind: 'refused',
        reason: `chunk ${index} does not match its hash (forged or corrupted)`,
      };
    // The same chunk may have been checked twice at once (sent by two peers): keep one.
    if (this.#done || this.#chunks[index] !== undefined) return { kind: 'duplicate' };
    this.#chunks[index] = bytes.slice();
    this.#held += bytes.length;
    const missing = this.missing().length;
    if (missing > 0) return { kind: 'chunk', index, missing };
    return this.#finish();
  }

  async #finish(): Promise<ReceiveOutcome> {
    const manifest = this.#manifest as PhotoManifest;
    const whole = concatBytes(this.#chunks as Uint8Array[]);
    // Each chunk matched the manifest and the manifest the id; checking the whole again
    // costs a few milliseconds and guards the assembly itself.
    const digests = await Promise.all(
      manifest.hashes.map((_, i) =>
        sha256(whole.subarray(i * CHUNK_BYTES, i * CHUNK_BYTES + chunkLength(manifest.size, i))),
      ),
    );
    if (whole.length !== manifest.size || (await manifestId(whole.length, digests)) !== this.id) {
      this.#chunks = this.#chunks.map(() => undefined);
      this.#held = 0;
      return {
        kind: 'refused',
        reason: 'the assembled photo does not match its id; fetching it again',
      };
    }
    this.#done = true;
    this.#chunks = [];
    this.#held = 0;
    return { kind: 'complete', bytes: whole };
  }
}
