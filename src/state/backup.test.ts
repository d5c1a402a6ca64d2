import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { patchChanges } from '../domain/changes';
import { demoShow } from '../domain/demo';
import { toEntity } from '../domain/defaults';
import type { ShowId, SiteId } from '../domain/ids';
import { ShowDb } from '../storage/db';
import { writeChanges } from '../storage/oplog';
import { kiosk } from './kiosk.svelte';
import { storePhoto } from '../storage/photo-store';
import { webpHeader, pdfHeader } from '../photos/image/testing/image-headers';
import { photoIdOf } from '../photos/transfer/content-address';
import type { PhotoId } from '../domain/photo-id';
import {
  BackupError,
  backupShow,
  parseBackup,
  readBackup,
  restoreBackup,
  writeBackup,
} from './backup';

const alice = 'alice' as SiteId;
const bob = 'bob' as SiteId;
const T0 = Date.UTC(2027, 2, 1, 17, 0);

let opened: ShowDb[] = [];
let counter = 0;

/** A fresh show database, written by alice with the demo show. */
async function demoDb(): Promise<{ db: ShowDb; showId: ShowId }> {
  counter += 1;
  const showId = `backup-test-${counter}` as ShowId;
  const db = new ShowDb(showId);
  opened.push(db);
  await writeChanges(db, alice, demoShow(showId, alice, T0), T0);
  return { db, showId };
}

async function titleOf(db: ShowDb, showId: ShowId): Promise<string> {
  const row = await db.shows.get(showId);
  return toEntity('shows', row ?? { id: showId }).title;
}

afterEach(async () => {
  for (const db of opened) {
    db.close();
    await db.delete();
  }
  opened = [];
});

describe('backupShow', () => {
  it('writes the format, the show code and every table with field clocks', async () => {
    const { db, showId } = await demoDb();
    const backup = JSON.parse(await backupShow({ db, showId }, T0 + 1000));
    expect(backup).toMatchObject({
      format: 'backstage-kiosk-backup',
      version: 2,
      showId,
      exportedAt: T0 + 1000,
    });
    expect(backup.snapshot.tables.looks).toHaveLength(32);
    expect(backup.snapshot.tables.models).toHaveLength(16);
    expect(Object.keys(backup.snapshot.tables.looks[0]._clocks)).toContain('outfit');
    expect(backup.snapshot.versions[alice]).toBeGreaterThan(0);
  });
});

describe('parseBackup', () => {
  it('reads back what backupShow wrote', async () => {
    const { db, showId } = await demoDb();
    const parsed = parseBackup(await backupShow({ db, showId }));
    expect(parsed.showId).toBe(showId);
    expect(parsed.snapshot.tables.looks).toHaveLength(32);
  });

  it.each([
    ['plain text', 'Look,Model\n1,Amara'],
    ['some other JSON', '{"hello": "world"}'],
    ['JSON that is not an object', '[1, 2, 3]'],
    [
      'another format',
      '{"format": "excel", "version": 1, "showId": "abc", "exportedAt": 1, "snapshot": {"versions": {}, "tables": {}}}',
    ],
  ])('refuses %s as not a backup', (_, text) => {
    expect(() => parseBackup(text)).toThrow(BackupError);
    expect(() => parseBackup(text)).toThrow('This file is not a Backstage kiosk backup');
  });

  it('names the table and row of a malformed row', async () => {
    const { db, showId } = await demoDb();
    const backup = JSON.parse(await backupShow({ db, showId }));
    backup.snapshot.tables.looks[4]._clocks.outfit = 'yesterday';
    expect(() => parseBackup(JSON.stringify(backup))).toThrow(
      'table "looks", row 5 has no valid clock for field "outfit"',
    );
  });

  it('refuses a row with a value but no clock, and an unknown table', async () => {
    const { db, showId } = await demoDb();
    const backup = JSON.parse(await backupShow({ db, showId }));
    backup.snapshot.tables.models[0].extra = 'sneaked in';
    expect(() => parseBackup(JSON.stringify(backup))).toThrow(
      'table "models", row 1 has no clock for field "extra"',
    );
    delete backup.snapshot.tables.models[0].extra;
    backup.snapshot.tables.secrets = [];
    expect(() => parseBackup(JSON.stringify(backup))).toThrow('"secrets" is not a table of a show');
  });

  it.each([
    ['tables that are a list', () => [], 'The backup is damaged: it holds no tables.'],
    [
      'a table that is not a list of rows',
      (tables: Record<string, unknown>) => ({ ...tables, notes: { first: 'row' } }),
      'The backup is damaged: table "notes" is not a list of rows.',
    ],
    [
      'a table named __proto__',
      (tables: Record<string, unknown>) =>
        JSON.parse(`{"__proto__": [], ${JSON.stringify(tables).slice(1)}`),
      'The backup is damaged: "__proto__" is not a table of a show.',
    ],
  ])('refuses %s', async (_, damage, message) => {
    const { db, showId } = await demoDb();
    const backup = JSON.parse(await backupShow({ db, showId }));
    backup.snapshot.tables = damage(backup.snapshot.tables);
    expect(() => parseBackup(JSON.stringify(backup))).toThrow(message);
  });

  it('refuses a newer backup version with a way out', () => {
    const text = JSON.stringify({
      format: 'backstage-kiosk-backup',
      version: 3,
      showId: 'abc',
      exportedAt: 1,
      snapshot: { versions: {}, tables: {} },
    });
    expect(() => parseBackup(text)).toThrow('Update the kiosk first');
  });
});

describe('writeBackup', () => {
  it('restores a show into an empty database', async () => {
    const { db, showId } = await demoDb();
    const backup = parseBackup(await backupShow({ db, showId }));
    const copy = new ShowDb(`backup-copy-${counter}` as ShowId);
    opened.push(copy);
    await writeBackup(copy, backup, T0 + 5000);
    expect(await copy.looks.count()).toBe(32);
    expect(await titleOf(copy, showId)).toBe('Maison Lumière — Spring/Summer 27');
  });

  it('never loses an edit newer than the backup, and brings back what was older', async () => {
    const { db, showId } = await demoDb();
    await writeChanges(
      db,
      alice,
      patchChanges('looks', 'l-demo-01', { outfit: 'Backed-up coat' }),
      T0 + 1000,
    );
    const backup = parseBackup(await backupShow({ db, showId }));
    // After the backup: bob renames the show, alice changes look 2; then look 1 is edited badly.
    await writeChanges(
      db,
      bob,
      patchChanges('shows', showId, { title: 'Renamed after the backup' }),
      T0 + 2000,
    );
    await writeChanges(
      db,
      alice,
      patchChanges('looks', 'l-demo-02', { outfit: 'Newer dress' }),
      T0 + 3000,
    );
    await writeBackup(db, backup, T0 + 4000);
    expect(await titleOf(db, showId)).toBe('Renamed after the backup');
    expect((await db.looks.get('l-demo-02'))?.outfit).toBe('Newer dress');
    expect((await db.looks.get('l-demo-01'))?.outfit).toBe('Backed-up coat');
  });

  it('changes nothing when restored twice', async () => {
    const { db, showId } = await demoDb();
    const text = await backupShow({ db, showId });
    await writeBackup(db, parseBackup(text), T0 + 1000);
    const once = await db.looks.toArray();
    await writeBackup(db, parseBackup(text), T0 + 2000);
    expect(await db.looks.toArray()).toEqual(once);
  });
});

describe('restoreBackup', () => {
  it('writes the show and switches the kiosk to it', async () => {
    const { db, showId } = await demoDb();
    const text = await backupShow({ db, showId });
    db.close();
    await db.delete();
    await kiosk.load();
    const restored = await restoreBackup(text);
    expect(restored).toBe(showId);
    expect(kiosk.data?.showId).toBe(showId);
    expect(kiosk.settings?.showId).toBe(showId);
    const reopened = new ShowDb(showId);
    opened.push(reopened);
    expect(await reopened.looks.count()).toBe(32);
    kiosk.data?.stop();
    kiosk.data?.db?.close();
  });

  it('writes nothing from a damaged file', async () => {
    const { db, showId } = await demoDb();
    const backup = JSON.parse(await backupShow({ db, showId }));
    db.close();
    await db.delete();
    backup.snapshot.tables.notes.push({ id: 'n-broken', _clocks: {}, text: 'no clock' });
    await expect(restoreBackup(JSON.stringify(backup))).rejects.toThrow('table "notes", row');
    const reopened = new ShowDb(showId);
    opened.push(reopened);
    expect(await reopened.looks.count()).toBe(0);
  });
});

/** A WebP of `n` (its header and some bytes of its own), stored in `db`. */
async function storeWebp(db: ShowDb, n: number): Promise<PhotoId> {
  const bytes = new Uint8Array([...webpHeader(480, 640), n, n, n]);
  const id = await photoIdOf(bytes);
  await storePhoto(db, {
    id,
    blob: new Blob([bytes], { type: 'image/webp' }),
    width: 480,
    height: 640,
    storedAt: T0,
  });
  return id;
}

/** The demo show with a face for model 1, a fitting photo for look 3, and a photo nothing uses. */
async function demoWithPhotos() {
  const shown = await demoDb();
  const { db } = shown;
  const [face, fitting, unused] = [
    await storeWebp(db, 1),
    await storeWebp(db, 2),
    await storeWebp(db, 3),
  ];
  await writeChanges(
    db,
    alice,
    [
      ...patchChanges('models', 'm-demo-01', { photo: face }),
      ...patchChanges('looks', 'l-demo-03', { photo: fitting }),
    ],
    T0 + 500,
  );
  return { ...shown, face, fitting, unused };
}

describe('backups with photos', () => {
  it('carry the photos the show uses, not those it no longer does', async () => {
    const { db, showId, face, fitting } = await demoWithPhotos();
    const backup = JSON.parse(await backupShow({ db, showId }));
    expect(backup.photos.map((photo: { id: string }) => photo.id).sort()).toEqual(
      [face, fitting].sort(),
    );
    expect(backup.photos[0]).toMatchObject({ type: 'image/webp', width: 480, height: 640 });
  });

  it('restore the photos with the show, byte for byte', async () => {
    const { db, showId, face } = await demoWithPhotos();
    const backup = await readBackup(await backupShow({ db, showId }));
    const copy = new ShowDb(`backup-copy-photos-${counter}` as ShowId);
    opened.push(copy);
    await writeBackup(copy, backup, T0 + 5000);
    expect(await copy.photos.count()).toBe(2);
    const restored = await copy.photos.get(face);
    const original = await db.photos.get(face);
    expect(new Uint8Array(await restored!.blob.arrayBuffer())).toEqual(
      new Uint8Array(await original!.blob.arrayBuffer()),
    );
    expect(restored!.blob.type).toBe('image/webp');
    expect((await copy.models.get('m-demo-01'))?.photo).toBe(face);
  });

  it('still restore a version 1 file, which had no photos', async () => {
    const { db, showId } = await demoDb();
    const backup = JSON.parse(await backupShow({ db, showId }));
    backup.version = 1;
    delete backup.photos;
    const parsed = await readBackup(JSON.stringify(backup));
    expect(parsed.photos).toEqual([]);
    expect(parsed.snapshot.tables.looks).toHaveLength(32);
  });

  it.each([
    [
      'a photo whose bytes were changed',
      (photo: Record<string, unknown>) => ({
        ...photo,
        data: `${String(photo.data).slice(0, -4)}AAAA`,
      }),
      'photo 2 (p-',
      'does not match its name',
    ],
    [
      'a photo that is a PDF',
      (photo: Record<string, unknown>) => ({
        ...photo,
        data: Buffer.from(pdfHeader).toString('base64url'),
      }),
      'photo 2 is not a WEBP image',
      '',
    ],
    [
      'a photo of another type',
      (photo: Record<string, unknown>) => ({ ...photo, type: 'image/svg+xml' }),
      'photo 2 has the type "image/svg+xml"',
      '',
    ],
    [
      'a photo with a bad id',
      (photo: Record<string, unknown>) => ({ ...photo, id: '../etc' }),
      'photo 2 has no valid photo id',
      '',
    ],
    [
      'a photo that is not base64url',
      (photo: Record<string, unknown>) => ({ ...photo, data: '%%%%' }),
      'photo 2 has bytes that are not base64url',
      '',
    ],
  ])('refuse %s with the photo named, and write nothing', async (_, damage, message, more) => {
    const { db, showId } = await demoWithPhotos();
    const backup = JSON.parse(await backupShow({ db, showId }));
    db.close();
    await db.delete();
    backup.photos[1] = damage(backup.photos[1]);
    const text = JSON.stringify(backup);
    await expect(restoreBackup(text)).rejects.toThrow(BackupError);
    await expect(restoreBackup(text)).rejects.toThrow(`The backup is damaged: ${message}`);
    if (more) await expect(readBackup(text)).rejects.toThrow(more);
    const reopened = new ShowDb(showId);
    opened.push(reopened);
    expect(await reopened.looks.count()).toBe(0);
    expect(await reopened.photos.count()).toBe(0);
  });

  it('refuse a photos section that is not a list, or the same photo twice', async () => {
    const { db, showId } = await demoWithPhotos();
    const backup = JSON.parse(await backupShow({ db, showId }));
    expect(() => parseBackup(JSON.stringify({ ...backup, photos: { a: 1 } }))).toThrow(
      'The backup is damaged: its photos are not a list.',
    );
    const twice = { ...backup, photos: [backup.photos[0], backup.photos[0]] };
    expect(() => parseBackup(JSON.stringify(twice))).toThrow('photo 2 (p-');
    expect(() => parseBackup(JSON.stringify(twice))).toThrow('is there twice');
  });
});
