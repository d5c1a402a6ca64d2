import { toEntity } from '../domain/defaults';
import { isDeleted, type StoredRow } from '../domain/merge';
import type { Snapshot } from '../domain/op';
import { photosInUse } from '../domain/photo-gc';
import { isPhotoId, type PhotoId } from '../domain/photo-id';
import { ENCODING_PREFERENCE, type PhotoType } from '../photos/image/encoding';
import { readImageHeader } from '../photos/image/image-check';
import { fromBase64Url, toBase64Url } from '../photos/transfer/bytes';
import { MAX_PHOTO_BYTES, photoIdOf } from '../photos/transfer/content-address';
import type { ShowDb } from '../storage/db';
import { readPhotos, type StoredPhoto } from '../storage/photo-store';

// The photos section of a backup file: each photo the show uses, as text. A photo is
// named by its bytes, so a restore checks every one against its name before anything
// is written: a photo changed in the file is refused, not shown under another's name.

/** One photo in the file. */
export interface BackupPhotoText {
  id: string;
  type: string;
  width: number;
  height: number;
  /** The bytes, base64url. */
  data: string;
}

/** One photo read from a file and checked in shape (its name is checked by checkPhotoNames). */
export interface BackupPhoto {
  id: PhotoId;
  type: PhotoType;
  width: number;
  height: number;
  bytes: Uint8Array;
}

/** Why the photos of a file are refused; the backup module words it for the producer. */
export class PhotoSectionError extends Error {
  override readonly name = 'PhotoSectionError';
}

/** The largest side a stored photo can have (the pipeline keeps 480 × 640). */
const MAX_SIDE = 4096;
/** What image-size calls each type the pipeline writes. */
const HEADER_FORMATS: Record<PhotoType, readonly string[]> = {
  'image/avif': ['avif', 'heif'],
  'image/webp': ['webp'],
  'image/jpeg': ['jpg'],
};

const liveEntities = <T extends 'models' | 'looks' | 'shoutOuts'>(
  table: T,
  rows: StoredRow[] | undefined,
) => (rows ?? []).filter((row) => !isDeleted(row)).map((row) => toEntity(table, row));

/** The photos this snapshot's models and looks point at that this kiosk holds, as text. */
export async function backupPhotos(db: ShowDb, snapshot: Snapshot): Promise<BackupPhotoText[]> {
  const inUse = photosInUse({
    models: liveEntities('models', snapshot.tables.models),
    looks: liveEntities('looks', snapshot.tables.looks).map((look) => ({
      photo: look.photo ?? '',
    })),
    shoutOuts: liveEntities('shoutOuts', snapshot.tables.shoutOuts),
  });
  const held = await readPhotos(db, [...inUse].sort());
  return Promise.all(
    held.map(async (photo) => ({
      id: photo.id,
      type: photo.blob.type,
      width: photo.width,
      height: photo.height,
      data: toBase64Url(new Uint8Array(await photo.blob.arrayBuffer())),
    })),
  );
}

const isSide = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_SIDE;
const isPhotoType = (value: unknown): value is PhotoType =>
  (ENCODING_PREFERENCE as readonly unknown[]).includes(value);
/** A value from the file, cut short for a message. */
const cut = (value: unknown, length: number): string => {
  const text = String(value);
  return text.length > length ? `${text.slice(0, length - 2)}…` : text;
};
const shortId = (id: unknown): string => cut(id, 12);

/** One entry, or why not (without "photo N"). */
function readEntry(entry: unknown): BackupPhoto | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'is not a photo';
  const { id, type, width, height, data } = entry as Record<string, unknown>;
  if (!isPhotoId(id)) return 'has no valid photo id';
  if (!isPhotoType(type)) return `has the type "${cut(type, 32)}", which is not a photo type`;
  if (!isSide(width) || !isSide(height)) return 'has no valid width and height';
  if (typeof data !== 'string') return 'has no bytes';
  // Text longer than the largest photo's base64 is refused before it is decoded.
  if (data.length > Math.ceil((MAX_PHOTO_BYTES * 4) / 3)) return 'is larger than a photo can be';
  const bytes = fromBase64Url(data);
  if (!bytes || bytes.length === 0) return 'has bytes that are not base64url';
  const header = readImageHeader(bytes);
  if (!header || !HEADER_FORMATS[type].includes(header.format))
    return `is not a ${type.slice('image/'.length).toUpperCase()} image`;
  return { id, type, width, height, bytes };
}

/**
 * The photos section of a file, checked in shape: every entry a photo of a type the
 * kiosks write, no id twice. Throws a PhotoSectionError naming the photo (1-based).
 * An absent section (a version 1 file) is no photos.
 */
export function parseBackupPhotos(raw: unknown): BackupPhoto[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new PhotoSectionError('its photos are not a list');
  const seen = new Set<string>();
  return raw.map((entry, index) => {
    const read = readEntry(entry);
    const where = `photo ${index + 1}`;
    if (typeof read === 'string') throw new PhotoSectionError(`${where} ${read}`);
    if (seen.has(read.id))
      throw new PhotoSectionError(`${where} (${shortId(read.id)}) is there twice`);
    seen.add(read.id);
    return read;
  });
}

/** Every photo's bytes against its name: a photo altered in the file is refused. */
export async function checkPhotoNames(photos: readonly BackupPhoto[]): Promise<void> {
  for (const [index, photo] of photos.entries()) {
    if ((await photoIdOf(photo.bytes)) !== photo.id)
      throw new PhotoSectionError(
        `photo ${index + 1} (${shortId(photo.id)}) does not match its name: its bytes were changed`,
      );
  }
}

/** The checked photos as the store keeps them, stored now. */
export const photosToStore = (photos: readonly BackupPhoto[], now: number): StoredPhoto[] =>
  photos.map((photo) => ({
    id: photo.id,
    blob: new Blob([photo.bytes.slice()], { type: photo.type }),
    width: photo.width,
    height: photo.height,
    storedAt: now,
  }));
