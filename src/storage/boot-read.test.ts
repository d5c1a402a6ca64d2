import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../domain/hlc';
import { newShowId, type SiteId } from '../domain/ids';
import { readStoredKiosk, readStoredShow } from './boot-read';
import { ShowDb, showDbName } from './db';
import { LOCAL_DB_VERSION, SHOW_DB_VERSION } from './db-names';
import { LocalDb } from './local';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const exists = async (name: string) =>
  (await indexedDB.databases()).some((database) => database.name === name);

describe('the plain reads of the first paint', () => {
  it('read every table of a stored show, as Dexie stored it', async () => {
    const showId = newShowId();
    const db = new ShowDb(showId);
    opened.push(db);
    const clock = encodeHlc(1_000, 0, 'alice' as SiteId);
    await db.looks.put({ id: 'l-1', outfit: 'Coat', _clocks: { outfit: clock } });
    await db.models.put({ id: 'm-1', name: 'Amara', _clocks: { name: clock } });
    db.close();
    const stored = await readStoredShow(showId);
    expect(stored?.get('looks')).toEqual([
      { id: 'l-1', outfit: 'Coat', _clocks: { outfit: clock } },
    ]);
    expect(stored?.get('models')).toHaveLength(1);
    expect(stored?.get('progress')).toEqual([]);
  });

  it('find nothing where there is no database, and leave none behind', async () => {
    const showId = newShowId();
    expect(await readStoredShow(showId)).toBeUndefined();
    expect(await exists(showDbName(showId))).toBe(false);
    expect(await readStoredKiosk(`kiosk-${showId}`)).toBeUndefined();
    expect(await exists(`kiosk-${showId}`)).toBe(false);
  });

  it('leave a database of an older version to Dexie, which upgrades it', async () => {
    const showId = newShowId();
    const old = new Dexie(showDbName(showId));
    old.version(5).stores({ looks: 'id' });
    await old.open();
    old.close();
    opened.push(old);
    expect(await readStoredShow(showId)).toBeUndefined();
  });

  it('read the kiosk’s identity and settings', async () => {
    const name = `kiosk-${newShowId()}`;
    const local = new LocalDb(name);
    opened.push(local);
    await local.settings.bulkPut([
      { key: 'role', value: 'makeup' },
      { key: 'showId', value: 'spring' },
    ]);
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    await local.identity.put({ id: 'kiosk', algorithm: 'Ed25519', ...pair });
    local.close();
    const stored = await readStoredKiosk(name);
    expect(stored?.settings).toEqual(
      expect.arrayContaining([
        { key: 'role', value: 'makeup' },
        { key: 'showId', value: 'spring' },
      ]),
    );
    expect(stored?.identity?.algorithm).toBe('Ed25519');
    expect(stored?.identity?.publicKey).toBeInstanceOf(CryptoKey);
  });

  it('know the versions Dexie declares for each database', () => {
    const show = new ShowDb(newShowId());
    const local = new LocalDb(`kiosk-${newShowId()}`);
    expect(show.verno).toBe(SHOW_DB_VERSION);
    expect(local.verno).toBe(LOCAL_DB_VERSION);
  });
});
