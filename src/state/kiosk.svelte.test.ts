import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../clock/clock';
import type { ShowId } from '../domain/ids';
import { MAX_VALUE_CHARS, type Change, type Op, type PendingOp } from '../domain/op';
import { openOpStoreOnChannel } from '../storage/channel-op-store';
import { ShowDb } from '../storage/db';
import { LocalDb } from '../storage/local';
import type { OutboxEngine } from '../sync/windows/outbox';
import { KioskState } from './kiosk.svelte';

// The kiosk state without a browser: its settings database and show databases are
// fake-indexeddb, its windows' channels Node's BroadcastChannel, its clock a fake one.

let dbs = 0;
const T0 = 1_760_000_000_000;

/** Windows of one kiosk: states on the same settings database, loaded. */
async function windows(count: number, clock = new FakeClock(T0)) {
  const name = `kiosk-${++dbs}-${Math.random().toString(36).slice(2, 8)}`;
  const all = Array.from(
    { length: count },
    () => new KioskState({ local: new LocalDb(name), clock }),
  );
  await Promise.all(all.map((window) => window.load()));
  return all;
}

/** An engine that notes what the outbox hands it. */
function engine() {
  const handed: Array<{ previews?: PendingOp[]; ops?: Op[] }> = [];
  const target: OutboxEngine = {
    previewLocal: (previews) => handed.push({ previews: [...previews] }),
    pushLocal: (ops) => handed.push({ ops: [...ops] }),
  };
  return { target, handed };
}

const outfit = (value: string): Change => ({ table: 'looks', key: 'l-1', field: 'outfit', value });

describe('the kiosk’s settings', () => {
  it('are one kiosk across windows: the same site id', async () => {
    const [first, second] = (await windows(2)) as [KioskState, KioskState];
    expect(first.site).toBe(second.site);
  });

  it('reach the other windows when the role or name changes in one', async () => {
    const [makeupWindow, wallWindow] = (await windows(2)) as [KioskState, KioskState];
    await makeupWindow.setRole('makeup');
    await makeupWindow.setSetting('kioskName', 'Station 2');
    await vi.waitFor(() =>
      expect(wallWindow.settings).toMatchObject({ role: 'makeup', kioskName: 'Station 2' }),
    );
  });
});

describe('a write', () => {
  it('stores the ops and their rows, stamped by the kiosk’s clock, and shows them at once', async () => {
    const clock = new FakeClock(T0);
    const [kiosk] = (await windows(1, clock)) as [KioskState];
    await kiosk.useShow(`show${dbs}` as ShowId);
    const [op] = await kiosk.write([outfit('Coat')]);
    expect(op).toMatchObject({
      site: kiosk.site,
      seq: 1,
      table: 'looks',
      key: 'l-1',
      value: 'Coat',
    });
    expect(op?.hlc.startsWith(String(T0).padStart(15, '0'))).toBe(true);
    expect(await kiosk.data?.db?.looks.get('l-1')).toMatchObject({ outfit: 'Coat' });
    await vi.waitFor(() =>
      expect(kiosk.data?.looks.current.map((look) => look.outfit)).toEqual(['Coat']),
    );
  });

  it('hands its preview, then its ops, to the engine in the window that runs the mesh', async () => {
    const [kiosk] = (await windows(1)) as [KioskState];
    await kiosk.useShow(`show${dbs}` as ShowId);
    await vi.waitFor(() => expect(kiosk.data?.looks.isLoaded).toBe(true));
    const { target, handed } = engine();
    kiosk.outbox?.lead(target, () => {});
    const [op] = await kiosk.write([outfit('Coat')]);
    expect(handed).toEqual([
      { previews: [expect.objectContaining({ site: kiosk.site, key: 'l-1', value: 'Coat' })] },
      { ops: [op] },
    ]);
  });

  it('from another window reaches the engine of the window that runs the mesh', async () => {
    const [meshWindow, makeupWindow] = (await windows(2)) as [KioskState, KioskState];
    const show = `show${dbs}` as ShowId;
    await Promise.all([meshWindow.useShow(show), makeupWindow.useShow(show)]);
    const { target, handed } = engine();
    const shown: PendingOp[][] = [];
    meshWindow.outbox?.lead(target, (previews) => shown.push(previews));
    const [op] = await makeupWindow.write([outfit('Written in the makeup window')]);
    await vi.waitFor(() => expect(handed.some((item) => item.ops)).toBe(true));
    expect(handed.find((item) => item.ops)).toEqual({ ops: [op] });
    // Its preview went the same road, and is shown in the window that runs the mesh too.
    expect(shown).toEqual([[expect.objectContaining({ value: 'Written in the makeup window' })]]);
  });

  it('refuses a value too large for the other kiosks, says why, and stores nothing', async () => {
    const [kiosk] = (await windows(1)) as [KioskState];
    await kiosk.useShow(`show${dbs}` as ShowId);
    const { target, handed } = engine();
    kiosk.outbox?.lead(target, () => {});
    await expect(kiosk.write([outfit('x'.repeat(MAX_VALUE_CHARS + 1))])).rejects.toThrow(
      /too large/,
    );
    expect(kiosk.writeError).toMatch(/^Could not save: the outfit of looks l-1 is too large/);
    expect(handed).toEqual([]);
    expect(await kiosk.data?.db?.looks.count()).toBe(0);
  });

  it('refuses a value that does not fit its field (the other kiosks would refuse it), and stores nothing', async () => {
    const [kiosk] = (await windows(1)) as [KioskState];
    await kiosk.useShow(`show${dbs}` as ShowId);
    const { target, handed } = engine();
    kiosk.outbox?.lead(target, () => {});
    const aimedAtNobody: Change = {
      table: 'calls',
      key: 'c-1',
      field: 'target',
      value: { kind: 'models' },
    };
    await expect(kiosk.write([aimedAtNobody])).rejects.toThrow(/has no 'modelIds'/);
    expect(kiosk.writeError).toBe("Could not save: the target of calls c-1 has no 'modelIds'");
    expect(handed).toEqual([]);
    expect(await kiosk.data?.db?.calls.count()).toBe(0);
  });

  it('refuses a change outside the kiosk’s role (the others would refuse it), says why, and writes nothing of it', async () => {
    const [kiosk] = (await windows(1)) as [KioskState];
    await kiosk.useShow(`show${dbs}` as ShowId);
    kiosk.roleOfWrites = () => 'makeup';
    const { target, handed } = engine();
    kiosk.outbox?.lead(target, () => {});
    const hairDone: Change = {
      table: 'progress',
      key: 'm-1',
      field: 'hair',
      value: { done: true, at: 1, by: kiosk.site },
    };
    await expect(kiosk.write([hairDone, outfit('Forged coat')])).rejects.toThrow(
      'a makeup kiosk may not write the outfit of looks',
    );
    expect(kiosk.writeError).toBe(
      'Could not save: a makeup kiosk may not write the outfit of looks. Ask the producer.',
    );
    expect(handed).toEqual([]);
    expect(await kiosk.data?.db?.progress.count()).toBe(0);
    expect(await kiosk.data?.db?.looks.count()).toBe(0);
    // What the role may write is written.
    await expect(kiosk.write([hairDone])).resolves.toHaveLength(1);
  });

  it('writes nothing at all once a producer removed the kiosk, and says so', async () => {
    const [kiosk] = (await windows(1)) as [KioskState];
    await kiosk.useShow(`show${dbs}` as ShowId);
    kiosk.roleOfWrites = () => 'removed';
    const hairDone: Change = {
      table: 'progress',
      key: 'm-1',
      field: 'hair',
      value: { done: true, at: 1, by: kiosk.site },
    };
    await expect(kiosk.write([hairDone])).rejects.toThrow('a producer removed this kiosk');
    expect(await kiosk.data?.db?.progress.count()).toBe(0);
  });

  it('is stored by the op store’s worker while sync runs it there, and on this thread after', async () => {
    const [kiosk] = (await windows(1)) as [KioskState];
    const show = `show${dbs}` as ShowId;
    await kiosk.useShow(show);
    const db = (await kiosk.data?.opened()) as ShowDb;
    const opened = await openOpStoreOnChannel(db, (showId) => new ShowDb(showId));
    const writer = opened.writer;
    if (!writer) throw new Error('no writer on the channel');
    const writeLocal = vi.spyOn(writer, 'writeLocal');
    const stop = kiosk.writeThrough(show, writer);
    const [first] = await kiosk.write([outfit('Coat')]);
    expect(writeLocal).toHaveBeenCalledTimes(1);
    expect(first?.seq).toBe(1);
    // Shown at once from the worker's reply, and stored.
    expect(kiosk.data?.looks.current.map((look) => look.outfit)).toEqual(['Coat']);
    expect(await db.looks.get('l-1')).toMatchObject({ outfit: 'Coat' });
    stop();
    opened.close();
    const [second] = await kiosk.write([outfit('Cape')]);
    expect(writeLocal).toHaveBeenCalledTimes(1);
    expect(second?.seq).toBe(2);
    expect(await db.looks.get('l-1')).toMatchObject({ outfit: 'Cape' });
  });

  it('does not go to a writer of another show (a show switch before sync follows it)', async () => {
    const [kiosk] = (await windows(1)) as [KioskState];
    const writeLocal = vi.fn();
    kiosk.writeThrough(`other${dbs}` as ShowId, { writeLocal });
    await kiosk.useShow(`show${dbs}` as ShowId);
    await kiosk.write([outfit('Coat')]);
    expect(writeLocal).not.toHaveBeenCalled();
    expect(await kiosk.data?.db?.looks.get('l-1')).toMatchObject({ outfit: 'Coat' });
  });

  it('needs a show', async () => {
    const [kiosk] = (await windows(1)) as [KioskState];
    await expect(kiosk.write([outfit('Coat')])).rejects.toThrow('No show is open on this kiosk');
  });
});

describe('a returning kiosk', () => {
  it('shows its stored show from plain reads, then opens its storage and misses nothing written meanwhile', async () => {
    const [before] = (await windows(1)) as [KioskState];
    const show = `show${dbs}` as ShowId;
    await before.useShow(show);
    await before.setRole('makeup');
    await before.write([outfit('Coat')]);
    // The kiosk switched on again: the same databases, a new state.
    const again = new KioskState({
      local: new LocalDb(before.local.name),
      clock: new FakeClock(T0),
    });
    await again.load();
    expect(again.settings).toMatchObject({ showId: show, role: 'makeup', siteId: before.site });
    await vi.waitFor(() => expect(again.data?.looks.current[0]?.outfit).toBe('Coat'));
    // Painted without Dexie: the show's database is not open yet.
    expect(again.data?.db).toBeUndefined();
    // Another window writes before this one has opened its storage...
    await before.write([outfit('Cape')]);
    await again.openStorage();
    expect(again.data?.db).toBeDefined();
    // ...and the open storage reads it.
    await vi.waitFor(() => expect(again.data?.looks.current[0]?.outfit).toBe('Cape'));
    // Writes go through as before.
    await again.write([outfit('Gown')]);
    await vi.waitFor(() => expect(before.data?.looks.current[0]?.outfit).toBe('Gown'));
  });

  it('waits for its storage when a write comes before it opened', async () => {
    const [before] = (await windows(1)) as [KioskState];
    const show = `show${dbs}` as ShowId;
    await before.useShow(show);
    await before.write([outfit('Coat')]);
    const again = new KioskState({
      local: new LocalDb(before.local.name),
      clock: new FakeClock(T0),
    });
    await again.load();
    expect(again.data?.db).toBeUndefined();
    const ops = await again.write([outfit('Cape')]);
    expect(ops).toHaveLength(1);
    expect(await again.data?.db?.looks.get('l-1')).toMatchObject({ outfit: 'Cape' });
  });
});
