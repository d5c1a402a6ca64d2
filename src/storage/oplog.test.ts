import { afterEach, describe, expect, it } from 'vitest';
import { newShowId, type SiteId } from '../domain/ids';
import type { Change, Op } from '../domain/op';
import { ShowDb } from './db';
import {
  applyRemoteOps,
  applySnapshot,
  compactLog,
  opsSince,
  takeSnapshot,
  versionVector,
  writeChanges,
} from './oplog';

const alice = 'alice' as SiteId;
const bob = 'bob' as SiteId;
const opened: ShowDb[] = [];

function freshDb(): ShowDb {
  const db = new ShowDb(newShowId());
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const outfit = (key: string, value: string): Change => ({
  table: 'looks',
  key,
  field: 'outfit',
  value,
});

describe('op log', () => {
  it('writes the op, the row and the version in one go', async () => {
    const db = freshDb();
    const [op] = await writeChanges(db, alice, [outfit('l-1', 'Coat')], 1000);
    expect(op).toMatchObject({
      site: alice,
      seq: 1,
      table: 'looks',
      key: 'l-1',
      field: 'outfit',
      value: 'Coat',
    });
    expect(await db.looks.get('l-1')).toMatchObject({
      outfit: 'Coat',
      _clocks: { outfit: op?.hlc },
    });
    expect(await versionVector(db)).toEqual({ alice: 1 });
  });

  it('writes nothing when a change fails half-way', async () => {
    const db = freshDb();
    const bad = { table: 'nonsense', key: 'x', field: 'y', value: 1 } as unknown as Change;
    await expect(writeChanges(db, alice, [outfit('l-1', 'Coat'), bad], 1000)).rejects.toThrow(
      /Unknown table/,
    );
    expect(await db.looks.count()).toBe(0);
    expect(await db.log.count()).toBe(0);
  });

  it('applies remote ops once, in any order, advancing the version only without gaps', async () => {
    const source = freshDb();
    const ops = await writeChanges(
      source,
      bob,
      [outfit('l-1', 'A'), outfit('l-2', 'B'), outfit('l-1', 'C')],
      1000,
    );
    const db = freshDb();
    const [first, second, third] = ops as [Op, Op, Op];
    expect(await applyRemoteOps(db, [third], 2000)).toEqual({ stored: 1, duplicates: 0 });
    expect(await versionVector(db)).toEqual({});
    await applyRemoteOps(db, [first, second, first], 2000);
    expect(await versionVector(db)).toEqual({ bob: 3 });
    expect(await applyRemoteOps(db, ops, 2000)).toEqual({ stored: 0, duplicates: 3 });
    expect((await db.looks.get('l-1'))?.outfit).toBe('C');
  });

  it('stamps local edits after every remote edit it has seen', async () => {
    const db = freshDb();
    const source = freshDb();
    const [remote] = await writeChanges(source, bob, [outfit('l-1', 'From the future')], 50_000);
    await applyRemoteOps(db, [remote as Op], 1000);
    const [local] = await writeChanges(db, alice, [outfit('l-1', 'Mine')], 1000);
    expect((local as Op).hlc > (remote as Op).hlc).toBe(true);
    expect((await db.looks.get('l-1'))?.outfit).toBe('Mine');
  });

  it('lists what a peer lacks for every site, in bounded batches', async () => {
    const db = freshDb();
    await writeChanges(
      db,
      alice,
      Array.from({ length: 5 }, (_, i) => outfit(`l-${i}`, 'x')),
      1000,
    );
    const other = freshDb();
    const bobs = await writeChanges(other, bob, [outfit('l-9', 'y'), outfit('l-9', 'z')], 1000);
    await applyRemoteOps(db, bobs, 1000);
    const first = await opsSince(db, { alice: 2 }, 4);
    expect(first.kind === 'ops' && first.ops.map((op) => `${op.site}${op.seq}`)).toEqual([
      'alice3',
      'alice4',
      'alice5',
      'bob1',
    ]);
    expect(first.kind === 'ops' && first.more).toBe(true);
    const rest = await opsSince(db, { alice: 5, bob: 1 }, 4);
    expect(rest.kind === 'ops' && rest.ops.map((op) => `${op.site}${op.seq}`)).toEqual(['bob2']);
    expect(rest.kind === 'ops' && rest.more).toBe(false);
  });

  it('asks for a snapshot once the log is compacted past what the peer has', async () => {
    const db = freshDb();
    await writeChanges(
      db,
      alice,
      Array.from({ length: 10 }, (_, i) => outfit(`l-${i}`, `v${i}`)),
      1000,
    );
    expect(await compactLog(db, 3)).toBe(7);
    expect(await opsSince(db, { alice: 2 }, 100)).toEqual({ kind: 'snapshot-needed' });
    const recent = await opsSince(db, { alice: 8 }, 100);
    expect(recent.kind === 'ops' && recent.ops.length).toBe(2);
  });

  it('catches a new kiosk up from a snapshot, merging by the same rule', async () => {
    const db = freshDb();
    await writeChanges(db, alice, [outfit('l-1', 'Old'), outfit('l-2', 'Two')], 1000);
    const late = freshDb();
    await writeChanges(late, bob, [outfit('l-1', 'Newer')], 5000);
    await applySnapshot(late, await takeSnapshot(db), 6000);
    expect((await late.looks.get('l-1'))?.outfit).toBe('Newer');
    expect((await late.looks.get('l-2'))?.outfit).toBe('Two');
    expect(await versionVector(late)).toEqual({ alice: 2, bob: 1 });
    // It holds alice's effect but not her ops: it cannot serve them, only a snapshot.
    expect(await opsSince(late, {}, 100)).toEqual({ kind: 'snapshot-needed' });
  });

  it('never reuses a seq after its show database was wiped and its ops came back', async () => {
    const db = freshDb();
    const peer = freshDb();
    await applyRemoteOps(
      peer,
      await writeChanges(db, alice, [outfit('l-1', 'a'), outfit('l-1', 'b')], 1000),
      1000,
    );
    const wiped = freshDb();
    const served = await opsSince(peer, {}, 100);
    await applyRemoteOps(wiped, served.kind === 'ops' ? served.ops : [], 2000);
    const [next] = await writeChanges(wiped, alice, [outfit('l-1', 'c')], 3000);
    expect(next?.seq).toBe(3);
  });
});
