import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { newShowId, type ShowId, type SiteId } from '../domain/ids';
import { encodeHlc } from '../domain/hlc';
import type { Op } from '../domain/op';
import { ShowDb, showDbName } from './db';
import { pagesOf } from './log-pages';
import { compactLog, opsSince, storeRemoteOps, versionVector } from './oplog';

/** What a store of remote ops did: new ops stored, ops already held. */
const applyRemoteOps = async (db: ShowDb, ops: Op[], now: number) => {
  const { fresh, duplicates } = await storeRemoteOps(db, ops, now);
  return { stored: fresh.length, duplicates };
};

const alice = 'alice' as SiteId;
const bob = 'bob' as SiteId;
const op = (site: SiteId, seq: number): Op => ({
  site,
  seq,
  hlc: encodeHlc(1000 + seq, 0, site),
  table: 'looks',
  key: `l-${seq}`,
  field: 'outfit',
  value: `Look ${seq}`,
});

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('log pages', () => {
  it('groups ops of each site into runs of consecutive seqs, in any order given', () => {
    const pages = pagesOf([
      op(bob, 2),
      op(alice, 3),
      op(alice, 1),
      op(alice, 2),
      op(alice, 5),
      op(bob, 1),
    ]);
    expect(
      pages.map(({ site, first, last, ops }) => [site, first, last, ops.map((o) => o.seq)]),
    ).toEqual([
      ['alice', 1, 3, [1, 2, 3]],
      ['alice', 5, 5, [5]],
      ['bob', 1, 2, [1, 2]],
    ]);
  });
});

describe('a log stored in pages', () => {
  const seqs = (since: Awaited<ReturnType<typeof opsSince>>) =>
    since.kind === 'ops' ? { seqs: since.ops.map((o) => o.seq), more: since.more } : since.kind;

  it('serves, stores and compacts from the middle of a page', async () => {
    const db = new ShowDb(newShowId());
    opened.push(db);
    // Edits of one field: compaction keeps only the op whose value stands (and the recent ones).
    const edit = (seq: number): Op => ({ ...op(bob, seq), key: 'l-1' });
    const ten = Array.from({ length: 10 }, (_, i) => edit(i + 1));
    expect(await applyRemoteOps(db, ten, 5000)).toEqual({ stored: 10, duplicates: 0 });
    expect(await db.log.count()).toBe(1);
    expect(seqs(await opsSince(db, { bob: 4 }, 100))).toEqual({
      seqs: [5, 6, 7, 8, 9, 10],
      more: false,
    });
    expect(seqs(await opsSince(db, { bob: 4 }, 3))).toEqual({ seqs: [5, 6, 7], more: true });
    // Everything again, and one new op: only the new one is stored.
    expect(await applyRemoteOps(db, [...ten, edit(11)], 5000)).toEqual({
      stored: 1,
      duplicates: 10,
    });
    expect(await versionVector(db)).toEqual({ bob: 11 });

    expect(await compactLog(db, 3)).toBe(8);
    expect(seqs(await opsSince(db, { bob: 8 }, 100))).toEqual({ seqs: [9, 10, 11], more: false });
    expect(seqs(await opsSince(db, { bob: 5 }, 100))).toBe('snapshot-needed');
    expect(await applyRemoteOps(db, [edit(9)], 5000)).toEqual({ stored: 0, duplicates: 1 });
  });

  it('fills a gap between pages and then counts the run after it', async () => {
    const db = new ShowDb(newShowId());
    opened.push(db);
    await applyRemoteOps(db, [op(alice, 1), op(alice, 2), op(alice, 5), op(alice, 6)], 5000);
    expect(await versionVector(db)).toEqual({ alice: 2 });
    await applyRemoteOps(db, [op(alice, 4), op(alice, 3)], 5000);
    expect(await versionVector(db)).toEqual({ alice: 6 });
    expect(seqs(await opsSince(db, { alice: 1 }, 100))).toEqual({
      seqs: [2, 3, 4, 5, 6],
      more: false,
    });
  });
});

describe('ShowDb versions', () => {
  it('moves a version 1 log of one record per op into pages, losing nothing', async () => {
    const showId = newShowId() as ShowId;
    // A show stored by the first release: its schema as it was.
    const v1 = new Dexie(showDbName(showId));
    v1.version(1).stores({
      shows: 'id',
      models: 'id',
      looks: 'id',
      progress: 'id',
      calls: 'id',
      runs: 'id',
      cues: 'id',
      notes: 'id',
      kiosks: 'id',
      ops: '[site+seq], hlc',
      versions: 'site',
      meta: 'key',
    });
    const ops = [op(alice, 1), op(alice, 2), op(alice, 3), op(bob, 1)];
    await v1.table('ops').bulkAdd(ops);
    await v1.table('versions').bulkAdd([
      { site: alice, seq: 3, floor: 0 },
      { site: bob, seq: 1, floor: 0 },
    ]);
    v1.close();

    const db = new ShowDb(showId);
    opened.push(db);
    expect(await versionVector(db)).toEqual({ alice: 3, bob: 1 });
    expect(await db.log.count()).toBe(2);
    expect(db.tables.map((table) => table.name)).not.toContain('ops');
    const since = await opsSince(db, {}, 100);
    expect(since).toEqual({ kind: 'ops', ops: expect.arrayContaining(ops), more: false });
    expect(since.kind === 'ops' && since.ops).toHaveLength(4);
  });
});
