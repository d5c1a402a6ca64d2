import * as v from 'valibot';
import { isShowId, type ShowId } from '../domain/ids';
import type { StoredRow } from '../domain/merge';
import type { Snapshot } from '../domain/op';
import { ShowDb, SYNCED_TABLES } from '../storage/db';
import { applySnapshot, takeSnapshot } from '../storage/oplog';
import { storedRowProblem, versionVector } from '../sync/protocol/messages';
import { kiosk } from './kiosk.svelte';
import { showClock } from './show-clock';

// A whole show as one JSON file: every row with its field clocks, so that restoring
// merges by the same rule as sync and never loses edits newer than the backup.

export const BACKUP_FORMAT = 'backstage-kiosk-backup';
export const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  showId: ShowId;
  exportedAt: number;
  snapshot: Snapshot;
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
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    showId: data.showId,
    exportedAt,
    snapshot: await takeSnapshot(data.db),
  };
  return JSON.stringify(backup);
}

/** Why `input` is not a stored row, as the producer is told (the rule: storedRowProblem). */
export function rowProblem(input: unknown): string | undefined {
  const problem = storedRowProblem(input);
  if (!problem) return undefined;
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

const envelope = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.number(),
  showId: v.unknown(),
  exportedAt: v.unknown(),
  snapshot: v.object({ versions: v.unknown(), tables: v.unknown() }),
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
  if (version !== BACKUP_VERSION) {
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
  const tablesInput = snapshot.tables;
  if (typeof tablesInput !== 'object' || tablesInput === null || Array.isArray(tablesInput)) {
    throw new BackupError('The backup is damaged: it holds no tables.');
  }
  const tables: Record<string, StoredRow[]> = {};
  for (const [name, rows] of Object.entries(tablesInput)) {
    if (!(SYNCED_TABLES as readonly string[]).includes(name))
      throw new BackupError(`The backup is damaged: "${name}" is not a table of a show.`);
    if (!Array.isArray(rows))
      throw new BackupError(`The backup is damaged: table "${name}" is not a list of rows.`);
    rows.forEach((row: unknown, i) => {
      const problem = rowProblem(row);
      if (problem)
        throw new BackupError(`The backup is damaged: table "${name}", row ${i + 1} ${problem}.`);
    });
    tables[name] = rows as StoredRow[];
  }
  if (!tables.shows?.some((row) => row.id === showId)) {
    throw new BackupError(`The backup is damaged: table "shows" has no row for show ${showId}.`);
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    showId: showId as ShowId,
    exportedAt,
    snapshot: { versions: versions.output, tables },
  };
}

/** Merge a checked backup into a show database, field by field: newer edits already there win. */
export async function writeBackup(
  db: ShowDb,
  backup: Backup,
  now = showClock.now(),
): Promise<number> {
  return applySnapshot(db, backup.snapshot, now);
}

/**
 * Restore a backup file: check all of it, merge it into the show's database (created
 * if this kiosk never had the show), then switch this kiosk to that show.
 */
export async function restoreBackup(text: string): Promise<ShowId> {
  const backup = parseBackup(text);
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
