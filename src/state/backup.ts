import * as v from 'valibot';
import { isShowId, type ShowId } from '../domain/ids';
import type { Snapshot } from '../domain/op';
import { ShowDb, SYNCED_TABLES } from '../storage/db';
import { applySnapshot, takeSnapshot } from '../storage/oplog';
import { storePhotos } from '../storage/photo-store';
import {
  backupPhotos,
  checkPhotoNames,
  parseBackupPhotos,
  photosToStore,
  PhotoSectionError,
  type BackupPhoto,
  type BackupPhotoText,
} from './backup-photos';
import {
  parseSnapshotTables,
  versionVector,
  type RowProblem,
  type TablesProblem,
} from '../sync/protocol/messages';
import { kiosk } from './kiosk.svelte';
import { showClock } from './show-clock';

// A whole show as one JSON file: every row with its field clocks, so that restoring
// merges by the same rule as sync and never loses edits newer than the backup, and
// (since version 2) the photos the show uses (backup-photos.ts).

export const BACKUP_FORMAT = 'backstage-kiosk-backup';
export const BACKUP_VERSION = 2;
/** Versions this kiosk restores: 1 had no photos. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** A backup as read from a file and checked. */
export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  showId: ShowId;
  exportedAt: number;
  snapshot: Snapshot;
  photos: BackupPhoto[];
}

/** A backup file as written. */
interface BackupText {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  showId: ShowId;
  exportedAt: number;
  snapshot: Snapshot;
  photos: BackupPhotoText[];
}

/** A backup that cannot be restored; `message` is written for the producer. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

const NOT_A_BACKUP = 'This file is not a Backstage kiosk backup';

/** The whole show held by this kiosk, as the text of a backup file. */
export async function backupShow(
  data: { db: ShowDb; showId: ShowId },
  exportedAt = showClock.now(),
): Promise<string> {
  const snapshot = await takeSnapshot(data.db);
  const backup: BackupText = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    showId: data.showId,
    exportedAt,
    snapshot,
    photos: await backupPhotos(data.db, snapshot),
  };
  return JSON.stringify(backup);
}

/** Why a row is not a stored row, as the producer is told (the rule: storedRowProblem). */
function rowProblem(problem: RowProblem): string {
  switch (problem.kind) {
    case 'not-an-object':
      return 'is not an object';
    case 'no-id':
      return 'has no valid id';
    case 'no-clocks':
      return 'has no field clocks';
    case 'unwritable':
      return `has a clock for "${problem.field}", which cannot be written`;
    case 'bad-clock':
      return `has no valid clock for field "${problem.field}"`;
    case 'clock-without-value':
      return `has a clock but no value for field "${problem.field}"`;
    case 'value-without-clock':
      return `has no clock for field "${problem.field}"`;
    case 'bad-value':
      return `field "${problem.field}" ${problem.why}`;
  }
}

/** Why a backup's tables cannot be restored, as the producer is told (the rule: parseSnapshotTables). */
function tablesProblem(problem: TablesProblem): string {
  switch (problem.kind) {
    case 'not-tables':
      return 'it holds no tables';
    case 'unknown-table':
      return `"${problem.table}" is not a table of a show`;
    case 'not-a-list':
      return `table "${problem.table}" is not a list of rows`;
    case 'bad-row':
      return `table "${problem.table}", row ${problem.index + 1} ${rowProblem(problem.problem)}`;
  }
}

const envelope = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.number(),
  showId: v.unknown(),
  exportedAt: v.unknown(),
  snapshot: v.object({ versions: v.unknown(), tables: v.unknown() }),
  photos: v.optional(v.unknown()),
});

/**
 * Read and check a backup completely, before anything is written. Throws a
 * BackupError saying what is wrong: not a backup at all, or which table and row.
 */
export function parseBackup(text: string): Backup {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new BackupError(`${NOT_A_BACKUP} (it is not JSON).`);
  }
  const outer = v.safeParse(envelope, raw);
  if (!outer.success) throw new BackupError(`${NOT_A_BACKUP}.`);
  const { version, showId, exportedAt, snapshot } = outer.output;
  if (!READABLE_VERSIONS.includes(version)) {
    throw new BackupError(
      `This backup is version ${String(version)}; this kiosk reads version ${BACKUP_VERSION}. Update the kiosk first.`,
    );
  }
  if (!isShowId(showId))
    throw new BackupError(`${NOT_A_BACKUP}: its show code is missing or malformed.`);
  if (typeof exportedAt !== 'number' || !Number.isFinite(exportedAt))
    throw new BackupError(`${NOT_A_BACKUP}: its export time is missing.`);
  const versions = v.safeParse(versionVector, snapshot.versions);
  if (!versions.success)
    throw new BackupError('The backup is damaged: its version list is malformed.');
  const parsed = parseSnapshotTables(snapshot.tables);
  if (!parsed.ok) throw new BackupError(`The backup is damaged: ${tablesProblem(parsed.problem)}.`);
  const tables = parsed.tables;
  if (!tables.shows?.some((row) => row.id === showId)) {
    throw new BackupError(`The backup is damaged: table "shows" has no row for show ${showId}.`);
  }
  return {
    format: BACKUP_FORMAT,
    version,
    showId: showId as ShowId,
    exportedAt,
    snapshot: { versions: versions.output, tables },
    photos: photoSection(outer.output.photos),
  };
}

/** The photos section's refusal as a BackupError, in the same words as the rest. */
function photoProblem(error: unknown): unknown {
  return error instanceof PhotoSectionError
    ? new BackupError(`The backup is damaged: ${error.message}.`)
    : error;
}

function photoSection(raw: unknown): BackupPhoto[] {
  try {
    return parseBackupPhotos(raw);
  } catch (error) {
    throw photoProblem(error);
  }
}

/**
 * Read and check a backup file completely, photos against their names included,
 * before anything is written. Throws a BackupError saying what is wrong.
 */
export async function readBackup(text: string): Promise<Backup> {
  const backup = parseBackup(text);
  try {
    await checkPhotoNames(backup.photos);
  } catch (error) {
    throw photoProblem(error);
  }
  return backup;
}

/**
 * Merge a checked backup into a show database, field by field (newer edits already
 * there win), and keep its photos: one transaction, so a failure writes nothing.
 */
export async function writeBackup(
  db: ShowDb,
  backup: Backup,
  now = showClock.now(),
): Promise<number> {
  const tables = [...SYNCED_TABLES.map((name) => db.table(name)), db.log, db.versions, db.meta];
  return db.transaction('rw', [...tables, db.photos], async () => {
    const changed = await applySnapshot(db, backup.snapshot, now);
    // Stored now by this kiosk's own clock: the garbage collector's grace counts from here.
    await storePhotos(db, photosToStore(backup.photos, Date.now()));
    return changed;
  });
}

/**
 * Restore a backup file: check all of it, merge it into the show's database (created
 * if this kiosk never had the show), then switch this kiosk to that show.
 */
export async function restoreBackup(text: string): Promise<ShowId> {
  const backup = await readBackup(text);
  const open = kiosk.data?.showId === backup.showId ? kiosk.data.db : undefined;
  const db = open ?? new ShowDb(backup.showId);
  try {
    await writeBackup(db, backup);
  } finally {
    if (!open) db.close();
  }
  await kiosk.useShow(backup.showId);
  return backup.showId;
}
