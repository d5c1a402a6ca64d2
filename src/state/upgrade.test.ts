import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/clock';
import type { ShowId, SiteId } from '../domain/ids';
import { ShowDb } from '../storage/db';
import { LocalDb } from '../storage/local';
import { writeChanges } from '../storage/oplog';
import { deriveShowKey, deriveShowSecret } from '../sync/synchronizer/show-key';
import { isKeyDerivedSiteId } from '../sync/trust/identity';
import { readAccess } from './access';
import { KioskState } from './kiosk.svelte';

// A kiosk that joined a show before kiosks had identity keys and a PAKE join, as the
// previous release left its storage, opened by this one: it keeps its place in the
// show without the passphrase, and its ops go on from a new, key-derived site.

const show = 'spring26' as ShowId;
const PASSPHRASE = 'velvet orbit lantern crisp';
const legacySite = 'abcdefgh23' as SiteId;

/** The kiosk database of the previous release: a random site id and the show's HMAC key. */
async function previousRelease(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores({ settings: 'key', access: 'showId' });
  await v1.table('settings').bulkPut([
    { key: 'siteId', value: legacySite },
    { key: 'showId', value: show },
    { key: 'role', value: 'makeup' },
  ]);
  await v1.table('access').put({
    showId: show,
    key: await deriveShowKey(PASSPHRASE, show),
    passphraseHint: '',
    isProducer: false,
  });
  v1.close();
}

describe('a kiosk upgraded from before identity keys', () => {
  it('keeps its show: its secret comes from the kept key, the same as from the passphrase', async () => {
    const name = `upgrade-${Math.random().toString(36).slice(2, 8)}`;
    await previousRelease(name);
    const local = new LocalDb(name);
    const access = await readAccess(local, show);
    expect(access?.view.hasKey).toBe(true);
    expect(access?.secret).toEqual(await deriveShowSecret(PASSPHRASE, show));
    // The key is gone once the secret is kept.
    expect((await local.access.get(show))?.key).toBeNull();
    expect(await local.settings.get('legacySiteId')).toEqual({
      key: 'legacySiteId',
      value: legacySite,
    });
  });

  it('writes under a site derived from its key, counting from 1, while its old ops keep their site', async () => {
    const name = `upgrade-${Math.random().toString(36).slice(2, 8)}`;
    await previousRelease(name);
    const showDb = new ShowDb(show);
    await showDb.delete();
    const before = await writeChanges(
      new ShowDb(show),
      legacySite,
      [{ table: 'looks', key: 'l-1', field: 'outfit', value: 'Coat' }],
      1000,
    );
    expect(before.ops[0]).toMatchObject({ site: legacySite, seq: 1 });

    const kiosk = new KioskState({ local: new LocalDb(name), clock: new FakeClock(2000) });
    await kiosk.load();
    expect(kiosk.site).not.toBe(legacySite);
    expect(isKeyDerivedSiteId(kiosk.site)).toBe(true);
    const [op] = await kiosk.write([{ table: 'looks', key: 'l-2', field: 'outfit', value: 'Hat' }]);
    expect(op).toMatchObject({ site: kiosk.site, seq: 1 });
    expect(await kiosk.data!.db!.versions.toArray()).toEqual(
      expect.arrayContaining([
        { site: legacySite, seq: 1, floor: 0 },
        { site: kiosk.site, seq: 1, floor: 0 },
      ]),
    );
    kiosk.data?.stop();
  });
});
