import 'fake-indexeddb/auto';
import type { Table } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeHlc } from '../domain/hlc';
import { newShowId, type SiteId } from '../domain/ids';
import { PREVIEW_TIMEOUT_MS, type Change, type PendingOp } from '../domain/op';
import { ShowDb } from '../storage/db';
import { followMutations } from '../storage/mutations';
import { writeChanges } from '../storage/oplog';
import { openOpStoreOnChannel } from '../storage/channel-op-store';
import { ShowData } from './show-data.svelte';

// Previews: a tap shown before it is stored, here or on a peer, and what becomes of it.

const site = 'tablet-1' as SiteId;
const hair = (key: string, done: boolean): Change => ({
  table: 'progress',
  key,
  field: 'hair',
  value: { done, at: 1, by: site },
});
const pending = (change: Change, wall: number): PendingOp => ({
  site,
  hlc: encodeHlc(wall, 0, site),
  ...change,
});

let open: ShowData[] = [];
afterEach(() => {
  vi.useRealTimers();
  open.forEach((data) => data.stop());
  open = [];
});

async function showData(): Promise<ShowData> {
  const showId = newShowId();
  const data = new ShowData(showId, { db: new ShowDb(showId), follow: followMutations });
  open.push(data);
  await vi.waitFor(() => expect(data.progressRows.isLoaded).toBe(true));
  return data;
}

/** Write as the kiosk does: store, then show the rows the write changed. */
async function write(data: ShowData, changes: Change[], now: number): Promise<void> {
  data.patchRows((await writeChanges(data.db!, site, changes, now)).changed);
}

const hairDone = (data: ShowData, key: string) => data.progress.get(key)?.hair?.done;

describe('ShowData previews', () => {
  it('shows a preview at once, and the stored write takes over without a change on screen', async () => {
    const data = await showData();
    const change = hair('m-1', true);
    data.preview([pending(change, 1_000)]);
    expect(hairDone(data, 'm-1')).toBe(true);
    const shown = data.progressRows.current;

    await write(data, [change], 1_000);
    expect(data.progressRows.current).toBe(shown);
    expect(hairDone(data, 'm-1')).toBe(true);
  });

  it('keeps a preview on screen when the table is read again before its write arrives', async () => {
    const data = await showData();
    data.preview([pending(hair('m-1', true), 2_000)]);
    // Another window's write: this one reads the rows it changed.
    await writeChanges(data.db!, site, [hair('m-2', true)], 1_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-2')).toBe(true));
    expect(hairDone(data, 'm-1')).toBe(true);
  });

  it('never shows a preview older than what is stored', async () => {
    const data = await showData();
    await write(data, [hair('m-1', true)], 5_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-1')).toBe(true));
    data.preview([pending(hair('m-1', false), 1_000)]);
    expect(hairDone(data, 'm-1')).toBe(true);
  });

  it('takes back a preview whose write never comes', async () => {
    const data = await showData();
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    data.preview([pending(hair('m-1', true), 1_000)]);
    expect(hairDone(data, 'm-1')).toBe(true);
    vi.advanceTimersByTime(PREVIEW_TIMEOUT_MS);
    vi.useRealTimers();
    await vi.waitFor(() => expect(data.progress.has('m-1')).toBe(false));
  });

  it('takes back a preview at once when its write failed', async () => {
    const data = await showData();
    await write(data, [hair('m-1', false)], 1_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-1')).toBe(false));
    const ops = [pending(hair('m-1', true), 2_000)];
    data.preview(ops);
    expect(hairDone(data, 'm-1')).toBe(true);
    data.unpreview(ops);
    await vi.waitFor(() => expect(hairDone(data, 'm-1')).toBe(false));
  });
});

describe('ShowData reading stored rows', () => {
  it('refuses a badly shaped stored value: the screens get its default, and the refusal names the table, row and field', async () => {
    const showId = newShowId();
    const db = new ShowDb(showId);
    // As an older version, or someone at devtools, might have left it.
    const clock = encodeHlc(1_000, 0, site);
    await db.table('calls').put({
      id: 'c-1',
      text: 'Amara to chair 2',
      target: { kind: 'models' },
      _clocks: { text: clock, target: clock },
    });
    const refusals: string[] = [];
    const data = new ShowData(showId, {
      db,
      follow: followMutations,
      onRefused: (message) => refusals.push(message),
    });
    open.push(data);
    await vi.waitFor(() => expect(data.calls.current).toHaveLength(1));
    expect(data.calls.current[0]).toMatchObject({
      text: 'Amara to chair 2',
      target: { kind: 'everyone' },
    });
    expect(refusals).toEqual([
      "Refused the target of calls row 'c-1' stored on this kiosk: it has no 'modelIds'. The screens show its default instead.",
    ]);
  });
});

describe('ShowData following the database', () => {
  it('shows a write it was not handed (another window’s), reading only the rows it changed', async () => {
    const data = await showData();
    await write(data, [hair('m-1', true), hair('m-2', true)], 1_000);
    const wholeReads = vi.spyOn(data.db!.progress, 'toArray');
    const calls = data.calls.current;

    await writeChanges(data.db!, site, [hair('m-2', false)], 2_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-2')).toBe(false));
    expect(hairDone(data, 'm-1')).toBe(true);
    expect(wholeReads).not.toHaveBeenCalled();
    expect(data.calls.current).toBe(calls); // other tables are not read again
  });

  it('does not read back the rows its own write handed on', async () => {
    const data = await showData();
    // Dexie hands out a table object per transaction: watch them all, keep the progress reads.
    const reads = vi.spyOn(Object.getPrototypeOf(data.db!.progress) as Table, 'bulkGet');
    const progressReads = () =>
      reads.mock.calls.flatMap(([keys], i) =>
        (reads.mock.contexts[i] as Table).name === 'progress' ? [keys] : [],
      );
    await write(data, [hair('m-1', true)], 1_000); // the write reads the row once itself
    expect(hairDone(data, 'm-1')).toBe(true);
    // Another window's write after it, read back: any read of the first lands before it.
    await writeChanges(data.db!, site, [hair('m-2', true)], 2_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-2')).toBe(true));
    // The two writes' own reads, and the read back of the second: none of the first.
    expect(progressReads()).toEqual([['m-1'], ['m-2'], ['m-2']]);
  });

  it('shows a handed-on row older than the one shown by reading it, never over the newer', async () => {
    const data = await showData();
    const older = await writeChanges(data.db!, site, [hair('m-1', false)], 1_000);
    // A later write, read first (another window's, or one whose rows came before the older's reply).
    await writeChanges(data.db!, site, [hair('m-1', true)], 2_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-1')).toBe(true));
    data.patchRows(older.changed);
    expect(hairDone(data, 'm-1')).toBe(true);
  });

  it('reads the whole table again when it is cleared, and shows its rows gone', async () => {
    const data = await showData();
    await write(data, [hair('m-1', true)], 1_000);
    await data.db!.progress.clear();
    await vi.waitFor(() => expect(data.progress.size).toBe(0));
  });

  it('stops following the database when stopped', async () => {
    const data = await showData();
    data.stop();
    await writeChanges(data.db!, site, [hair('m-1', true)], 1_000);
    // A read after the write would have shown it; give one a chance to land.
    await data.db!.progress.toArray();
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(data.progress.has('m-1')).toBe(false);
  });
});

describe('ShowData following an op store in a worker', () => {
  const bob = 'bob' as SiteId;
  /** A peer's ops, stored through the worker; the rows shown without the engine handing them on. */
  async function withWorker() {
    const data = await showData();
    const opened = await openOpStoreOnChannel(data.db!, (showId) => new ShowDb(showId));
    const stop = data.followCommits(opened.commits!);
    const peer = new ShowDb(newShowId());
    const fromBob = async (changes: Change[], now: number) =>
      opened.store.storeRemoteOps((await writeChanges(peer, bob, changes, now)).ops, now);
    open.push({
      stop: () => {
        stop();
        opened.close();
        void peer.delete();
      },
    } as ShowData);
    return { data, fromBob };
  }

  it('shows the rows a worker commit stored from its reply, and reads none of them back', async () => {
    const { data, fromBob } = await withWorker();
    const reads = vi.spyOn(Object.getPrototypeOf(data.db!.progress) as Table, 'bulkGet');
    const progressReads = () =>
      reads.mock.calls.flatMap(([keys], i) =>
        (reads.mock.contexts[i] as Table).name === 'progress' ? [keys] : [],
      );
    await fromBob([hair('m-1', true)], 1_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-1')).toBe(true));
    // Another window's write after it, read back: any read of the first lands before it.
    await writeChanges(data.db!, site, [hair('m-2', true)], 2_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-2')).toBe(true));
    expect(progressReads()).toEqual([['m-2'], ['m-2']]); // the write's own, and the read back
  });

  it('still reads another window’s later write of a row the worker stored', async () => {
    const { data, fromBob } = await withWorker();
    await fromBob([hair('m-1', true)], 1_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-1')).toBe(true));
    await writeChanges(data.db!, site, [hair('m-1', false)], 2_000);
    await vi.waitFor(() => expect(hairDone(data, 'm-1')).toBe(false));
  });
});
