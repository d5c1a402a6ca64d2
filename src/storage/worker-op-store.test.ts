import 'fake-indexeddb/auto';
import { Dexie, type ObservabilitySet } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newShowId, type SiteId } from '../domain/ids';
import type { StoredRow } from '../domain/merge';
import type { Change, Op } from '../domain/op';
import { openOpStoreOnChannel } from './channel-op-store';
import { ShowDb } from './db';
import { DexieOpStore } from './dexie-op-store';
import { openOpStore, type OpenedOpStore, type StoreWorker } from './open-op-store';
import { serveOpStore } from './op-store-server';
import { writeChanges } from './oplog';

// The op store in a worker, seen from the main thread: errors, a worker that fails, and
// how its commits are told from other windows'.

const bob = 'bob' as SiteId;
const outfit = (key: string, value: string): Change => ({
  table: 'looks',
  key,
  field: 'outfit',
  value,
});

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function newDb(): ShowDb {
  const db = new ShowDb(newShowId());
  cleanups.push(() => db.delete());
  return db;
}

async function overChannel(db: ShowDb, log = vi.fn()): Promise<OpenedOpStore> {
  const opened = await openOpStoreOnChannel(db, (showId) => new ShowDb(showId), log);
  cleanups.push(() => opened.close());
  return opened;
}

/** Ops of another kiosk, as they would come from a peer. */
async function bobsOps(changes: Change[]): Promise<Op[]> {
  return (await writeChanges(newDb(), bob, changes, 1_000)).ops;
}

/** A worker in this thread whose failure the test calls. */
function failingWorker(openDb: (showId: ShowDb['showId']) => ShowDb) {
  const { port1, port2 } = new MessageChannel();
  serveOpStore(port2, openDb);
  let fail: (message: string) => void = () => {};
  const worker: StoreWorker = {
    end: port1,
    onFailure: (listener) => (fail = listener),
    stop: vi.fn(() => {
      port1.close();
      port2.close();
    }),
  };
  cleanups.push(() => worker.stop());
  return { worker, fail: (message: string) => fail(message) };
}

describe('The op store in a worker', () => {
  it('carries a failing call’s error back with the message the store gave', async () => {
    const db = newDb();
    const { store } = await overChannel(db);
    const [good] = await bobsOps([outfit('l-1', 'Coat')]);
    const bad = { ...(good as Op), seq: 2, table: 'nonsense' } as unknown as Op;
    const here = await new DexieOpStore(db)
      .storeRemoteOps([good as Op, bad], 2_000)
      .catch((error: Error) => error.message);
    expect(here).toMatch(/Unknown table "nonsense"/);
    await expect(store.storeRemoteOps([good as Op, bad], 2_000)).rejects.toThrow(here);
  });

  it('lets another window delete the show: the worker closes its database, and calls after it say why', async () => {
    const db = newDb();
    const { store } = await overChannel(db);
    await store.storeRemoteOps(await bobsOps([outfit('l-1', 'Coat')]), 2_000);
    await db.delete(); // blocked for ever if the worker kept its connection open
    await expect(store.versions()).rejects.toThrow(/another window deleted or upgraded it/);
    expect(await Dexie.exists(db.name)).toBe(false); // not opened again, empty
  });

  it('stores on the main thread, and says so, when the worker cannot open the database', async () => {
    const db = newDb();
    const log = vi.fn();
    const { worker } = failingWorker(() => {
      throw new Error('no IndexedDB in this worker');
    });
    const opened = await openOpStore(db, { log, start: () => worker });
    expect(opened.commits).toBeUndefined();
    expect(opened.store).toBeInstanceOf(DexieOpStore);
    expect(worker.stop).toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(
      'storing ops on the main thread: the op store worker failed: no IndexedDB in this worker',
      undefined,
    );
    const result = await opened.store.storeRemoteOps(await bobsOps([outfit('l-1', 'Coat')]), 2_000);
    expect(result.fresh).toHaveLength(1);
  });

  it('stores on the main thread when no worker can be started', async () => {
    const log = vi.fn();
    const opened = await openOpStore(newDb(), {
      log,
      start: () => {
        throw new Error('no Worker here');
      },
    });
    expect(opened.store).toBeInstanceOf(DexieOpStore);
    expect(log).toHaveBeenCalledWith(
      'storing ops on the main thread: the op store worker could not be started',
      expect.objectContaining({ message: 'no Worker here' }),
    );
  });

  it('hands its calls to the main thread once the worker dies', async () => {
    const db = newDb();
    const log = vi.fn();
    const { worker, fail } = failingWorker((showId) => new ShowDb(showId));
    const opened = await openOpStore(db, { log, start: () => worker });
    expect(opened.commits).toBeDefined();
    const waiting = opened.store.versions();
    fail('out of memory');
    await expect(waiting).rejects.toThrow('The op store worker stopped: out of memory');
    expect(log).toHaveBeenCalledWith(
      'the op store worker stopped (out of memory); storing ops on the main thread',
    );
    const result = await opened.store.storeRemoteOps(await bobsOps([outfit('l-1', 'Coat')]), 2_000);
    expect(result.fresh).toHaveLength(1);
    expect(await db.looks.get('l-1')).toMatchObject({ outfit: 'Coat' });
  });
});

describe('The kiosk’s own writes in the worker', () => {
  it('stores them as the main thread would: the same ops, rows and version', async () => {
    const here = newDb();
    const there = newDb();
    const opened = await overChannel(there);
    const changes = [outfit('l-1', 'Coat'), outfit('l-2', 'Hat')];
    const expected = await writeChanges(here, bob, changes, 1_000);
    const written = await opened.writer?.writeLocal(bob, changes, 1_000);
    expect(written?.ops).toEqual(expected.ops);
    expect(written?.changed).toEqual(expected.changed);
    expect(await there.looks.toArray()).toEqual(await here.looks.toArray());
    expect(await new DexieOpStore(there).versions()).toEqual({ bob: 2 });
    // The next write counts on from the worker's: no seq is used twice.
    const next = await opened.writer?.writeLocal(bob, [outfit('l-1', 'Cape')], 2_000);
    expect(next?.ops.map((op) => op.seq)).toEqual([3]);
  });

  it('refuses a write the store cannot take, with its message, and keeps nothing of it', async () => {
    const db = newDb();
    const opened = await overChannel(db);
    const bad = { ...outfit('l-1', 'Coat'), table: 'nonsense' } as unknown as Change;
    await expect(
      opened.writer?.writeLocal(bob, [outfit('l-2', 'Hat'), bad], 1_000),
    ).rejects.toThrow(/nonsense/);
    expect(await db.looks.count()).toBe(0);
    expect(await db.log.count()).toBe(0);
  });

  it('writes on the main thread once the worker dies', async () => {
    const db = newDb();
    const { worker, fail } = failingWorker((showId) => new ShowDb(showId));
    const opened = await openOpStore(db, { log: vi.fn(), start: () => worker });
    fail('out of memory');
    const written = await opened.writer?.writeLocal(bob, [outfit('l-1', 'Coat')], 1_000);
    expect(written?.ops).toHaveLength(1);
    expect(await db.looks.get('l-1')).toMatchObject({ outfit: 'Coat' });
  });

  it('closed while a write is under way: that write is stored by the worker, the next on the main thread', async () => {
    const db = newDb();
    const { worker } = failingWorker((showId) => new ShowDb(showId));
    const opened = await openOpStore(db, { log: vi.fn(), start: () => worker });
    // Both ends run in this thread: the worker's store and this thread's are told apart by their database.
    const stores = vi.spyOn(DexieOpStore.prototype, 'writeLocal');
    const underWay = opened.writer?.writeLocal(bob, [outfit('l-1', 'Coat')], 1_000);
    opened.close();
    expect(worker.stop).not.toHaveBeenCalled();
    expect((await underWay)?.ops).toHaveLength(1);
    const after = await opened.writer?.writeLocal(bob, [outfit('l-2', 'Hat')], 2_000);
    expect(stores.mock.contexts.map((store) => (store as DexieOpStore).db === db)).toEqual([
      false,
      true,
    ]);
    expect(after?.ops.map((op) => op.seq)).toEqual([2]);
    await vi.waitFor(() => expect(worker.stop).toHaveBeenCalled());
    expect(await db.looks.count()).toBe(2);
    stores.mockRestore();
  });

  it('has no writer when the store runs on the main thread (the kiosk writes there itself)', async () => {
    const opened = await openOpStore(newDb(), {
      log: vi.fn(),
      start: () => {
        throw new Error('no Worker here');
      },
    });
    expect(opened.writer).toBeUndefined();
  });
});

describe('Telling the worker’s commits from other windows’', () => {
  /** Every `storagemutated` of the test, as the main thread hears them. */
  function heard(): ObservabilitySet[] {
    const events: ObservabilitySet[] = [];
    const listen = (parts: ObservabilitySet) => void events.push(parts);
    Dexie.on('storagemutated', listen);
    cleanups.push(() => Dexie.on('storagemutated').unsubscribe(listen));
    return events;
  }
  const named = (parts: ObservabilitySet, db: ShowDb) =>
    Object.keys(parts).filter((part) => part.startsWith(`idb://${db.name}/looks/`));

  it('hands back the rows a worker commit stored, once', async () => {
    const db = newDb();
    const opened = await overChannel(db);
    const events = heard();
    const result = await opened.store.storeRemoteOps(await bobsOps([outfit('l-1', 'Coat')]), 2_000);
    const commit = events.find((parts) => named(parts, db).length > 0);
    expect(commit).toBeDefined();
    const handed = await opened.commits?.claim(commit as ObservabilitySet);
    expect(handed?.get('looks')).toEqual(result.changed.get('looks'));
    expect((handed?.get('looks') as StoredRow[])[0]).toMatchObject({ id: 'l-1', outfit: 'Coat' });
    // A second event for the same call (none comes from Dexie) would be read back.
    expect(opened.commits?.claim(commit as ObservabilitySet)).toBeUndefined();
  });

  it('hands back the rows of the kiosk’s own write stored by the worker', async () => {
    const db = newDb();
    const opened = await overChannel(db);
    const events = heard();
    const written = await opened.writer?.writeLocal(bob, [outfit('l-1', 'Coat')], 1_000);
    const commit = events.find((parts) => named(parts, db).length > 0);
    expect(commit).toBeDefined();
    const handed = await opened.commits?.claim(commit as ObservabilitySet);
    expect(handed?.get('looks')).toEqual(written?.changed.get('looks'));
  });

  it('does not claim another window’s commit', async () => {
    const db = newDb();
    const opened = await overChannel(db);
    const events = heard();
    await writeChanges(db, bob, [outfit('l-1', 'Coat')], 1_000);
    const commit = events.find((parts) => named(parts, db).length > 0);
    expect(commit).toBeDefined();
    expect(opened.commits?.claim(commit as ObservabilitySet)).toBeUndefined();
  });

  it('hands back no rows for a commit whose call failed', async () => {
    const db = newDb();
    const opened = await overChannel(db);
    const events = heard();
    await opened.store.storeRemoteOps(await bobsOps([outfit('l-1', 'Coat')]), 2_000);
    const commit = events.find((parts) => named(parts, db).length > 0) as ObservabilitySet;
    // Claimed before its reply was read: the rows come when it is, none if it failed.
    const tag = Object.keys(commit).find((part) => part.startsWith('opstore:')) as string;
    const [good] = await bobsOps([outfit('l-2', 'Hat')]);
    const bad = { ...(good as Op), seq: 9, table: 'nonsense' } as unknown as Op;
    const failing = opened.store.storeRemoteOps([bad], 3_000).catch(() => 'failed');
    const nextTag = tag.replace(/\d+$/, (id) => String(Number(id) + 1));
    const handed = opened.commits?.claim({ [nextTag]: commit[tag] } as ObservabilitySet);
    expect(handed).toBeDefined();
    expect(await failing).toBe('failed');
    expect((await handed)?.size).toBe(0);
  });
});

describe('The worker’s commits while no other window follows the show', () => {
  /** A worker on a channel whose muting the test sees: was each commit muted when Dexie told of it? */
  async function muteWatched(db: ShowDb) {
    let isMuted: () => boolean = () => false;
    const announceMuted = vi.fn();
    const opened = await overChannelMuted(db, (muted) => {
      isMuted = muted;
      return { announceMuted };
    });
    const commits: boolean[] = [];
    const listen = (parts: ObservabilitySet) => {
      if (Object.keys(parts).some((part) => part.startsWith(`idb://${db.name}/`)))
        commits.push(isMuted());
    };
    Dexie.on('storagemutated', listen);
    cleanups.push(() => Dexie.on('storagemutated').unsubscribe(listen));
    return { opened, commits, announceMuted };
  }

  async function overChannelMuted(
    db: ShowDb,
    mute: Parameters<typeof openOpStoreOnChannel>[3],
  ): Promise<OpenedOpStore> {
    const opened = await openOpStoreOnChannel(db, (showId) => new ShowDb(showId), vi.fn(), mute);
    cleanups.push(() => opened.close());
    return opened;
  }

  it('mutes the commit of a peer’s ops, whose rows the reply hands back', async () => {
    const db = newDb();
    const { opened, commits } = await muteWatched(db);
    opened.othersListen?.(false);
    const result = await opened.store.storeRemoteOps(await bobsOps([outfit('l-1', 'Coat')]), 2_000);
    expect(result.changed.get('looks')?.[0]).toMatchObject({ id: 'l-1', outfit: 'Coat' });
    expect(commits).toEqual([true]);
  });

  it('mutes the commit of the kiosk’s own write, whose rows the reply hands back', async () => {
    const db = newDb();
    const { opened, commits } = await muteWatched(db);
    opened.othersListen?.(false);
    const written = await opened.writer?.writeLocal(bob, [outfit('l-1', 'Coat')], 1_000);
    expect(written?.changed.get('looks')?.[0]).toMatchObject({ id: 'l-1', outfit: 'Coat' });
    expect(commits).toEqual([true]);
  });

  it('still tells of a snapshot, whose rows no reply hands back', async () => {
    const db = newDb();
    const { opened, commits } = await muteWatched(db);
    const source = newDb();
    await writeChanges(source, bob, [outfit('l-1', 'Coat')], 1_000);
    const snapshot = await new DexieOpStore(source).snapshot();
    opened.othersListen?.(false);
    await opened.store.applySnapshot(snapshot, 2_000);
    expect(commits.length).toBeGreaterThan(0);
    expect(commits.every((isMuted) => !isMuted)).toBe(true);
  });

  it('tells of every commit once another window follows, naming what it muted before', async () => {
    const db = newDb();
    const { opened, commits, announceMuted } = await muteWatched(db);
    opened.othersListen?.(false);
    await opened.store.storeRemoteOps(await bobsOps([outfit('l-1', 'Coat')]), 2_000);
    opened.othersListen?.(true);
    const [hat] = await bobsOps([outfit('l-2', 'Hat')]);
    await opened.store.storeRemoteOps([{ ...(hat as Op), seq: 2 }], 3_000);
    expect(commits).toEqual([true, false]);
    expect(announceMuted).toHaveBeenCalledTimes(1);
  });
});
