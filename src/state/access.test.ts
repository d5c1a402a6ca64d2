import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { type ShowId } from '../domain/ids';
import { peerIdFor } from '../domain/peer-ids';
import { LocalDb } from '../storage/local';
import { DexieStatementStore } from '../storage/statements';
import {
  producerGate,
  readAccess,
  readSeeds,
  saveJoin,
  savePassphrase,
  checkShowPassphrase,
  markProducer,
} from './access';

let dbs = 0;
const local = () => new LocalDb(`access-${++dbs}-${Math.random().toString(36).slice(2, 8)}`);
const show = 'spring26' as ShowId;

describe('joining a show', () => {
  it('keeps the show key and the inviter, and is not the producer by the passphrase alone', async () => {
    const db = local();
    const via = peerIdFor(show, 'producer1');
    expect(
      await saveJoin(db, {
        showId: ' SPRING26 ',
        passphrase: 'velvet',
        role: 'makeup',
        name: 'Station 2',
        via,
      }),
    ).toBe(show);
    expect((await readAccess(db, show))?.view).toEqual({
      hasKey: true,
      isProducer: false,
      passphrase: '',
    });
    expect(await readSeeds(db, show)).toEqual([via]);
  });

  it('keeps no inviter that is not of the show', async () => {
    const db = local();
    await saveJoin(db, {
      showId: show,
      passphrase: 'velvet',
      role: 'wall',
      name: '',
      via: peerIdFor('other', 'x1'),
    });
    expect(await readSeeds(db, show)).toEqual([]);
  });
});

describe('the producer gate', () => {
  it('opens the producer screen only once a producer admitted this kiosk as producer', async () => {
    const db = local();
    await saveJoin(db, { showId: show, passphrase: 'velvet', role: 'producer', name: '' });
    const before = await readAccess(db, show);
    expect(producerGate(show, show, before?.view)).toBe('locked');
    expect(await checkShowPassphrase(db, show, 'velvets')).toBe(false);
    expect(await checkShowPassphrase(db, show, 'velvet')).toBe(true);
    // The right passphrase alone opens nothing.
    expect(producerGate(show, show, (await readAccess(db, show))?.view)).toBe('locked');
    await markProducer(db, show);
    expect(producerGate(show, show, (await readAccess(db, show))?.view)).toBe('allowed');
  });

  it('pins the founder a join link names, and never moves it on a later join', async () => {
    const db = local();
    const founder = 'kaaaaaaaaaaaaaaaaaaaaaaaa';
    await saveJoin(db, { showId: show, passphrase: 'velvet', role: 'wall', name: '', founder });
    await saveJoin(db, {
      showId: show,
      passphrase: 'velvet',
      role: 'wall',
      name: '',
      founder: 'kbbbbbbbbbbbbbbbbbbbbbbbb',
    });
    expect((await new DexieStatementStore(db).load(show)).founder).toBe(founder);
  });

  it('is open on a kiosk that made the show, and waits while the access is read', async () => {
    const db = local();
    expect(await readAccess(db, show)).toBeNull();
    expect(producerGate(show, show, null)).toBe('allowed');
    expect(producerGate(show, show, undefined)).toBe('loading');
    expect(producerGate(show, '', null)).toBe('loading');
    expect(producerGate('', '', undefined)).toBe('allowed');
    await savePassphrase(db, show, ' catwalk ');
    expect((await readAccess(db, show))?.view).toEqual({
      hasKey: true,
      isProducer: true,
      passphrase: 'catwalk',
    });
  });
});
