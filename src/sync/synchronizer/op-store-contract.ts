import { afterEach, describe, expect, it } from 'vitest';
import type { SiteId } from '../../domain/ids';
import type { StoredRow } from '../../domain/merge';
import type { Change, Op } from '../../domain/op';
import type { OpStore, OpsSince, StoreResult } from './op-store';

// What every storage behind the sync engine owes it, as one suite that each store
// runs against itself: the in-memory one (sync/testing) and the Dexie one (storage,
// on fake-indexeddb). The local write and compaction are not part of the port (the
// engine never does either), so each store says how it does them.

export interface OpStoreUnderTest {
  store: OpStore;
  /** Write local changes as the app does: ops, their effect and the version, at once. */
  write(site: SiteId, changes: Change[], now: number): Promise<Op[]>;
  /** Drop ops up to each site's version minus `keepPerSite`; how many went. */
  compact(keepPerSite: number): Promise<number>;
  /** One row as stored now. */
  row(table: string, id: string): Promise<StoredRow | undefined>;
  destroy(): Promise<void>;
}

const alice = 'alice' as SiteId;
const bob = 'bob' as SiteId;

const outfit = (key: string, value: string): Change => ({
  table: 'looks',
  key,
  field: 'outfit',
  value,
});
const many = (count: number): Change[] =>
  Array.from({ length: count }, (_, i) => outfit(`l-${i % 10}`, `outfit ${i}`));
const counts = (result: StoreResult) => ({
  stored: result.fresh.length,
  duplicates: result.duplicates,
});
const ids = (since: OpsSince) =>
  since.kind === 'ops'
    ? { ops: since.ops.map((op) => `${op.site}${op.seq}`), more: since.more }
    : since.kind;

export function runOpStoreContract(name: string, open: () => Promise<OpStoreUnderTest>): void {
  describe(`OpStore contract: ${name}`, () => {
    let opened: OpStoreUnderTest[] = [];
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.map((store) => store.destroy()));
      opened = [];
    });

    it('applies remote ops once, in any order, advancing the version only without gaps', async () => {
      const source = await fresh();
      const ops = await source.write(
        bob,
        [outfit('l-1', 'A'), outfit('l-2', 'B'), outfit('l-1', 'C')],
        1000,
      );
      const { store, row } = await fresh();
      const [first, second, third] = ops as [Op, Op, Op];
      expect(counts(await store.storeRemoteOps([third], 2000))).toEqual({
        stored: 1,
        duplicates: 0,
      });
      expect(await store.versions()).toEqual({});
      await store.storeRemoteOps([first, second, first], 2000);
      expect(await store.versions()).toEqual({ bob: 3 });
      expect(counts(await store.storeRemoteOps(ops, 2000))).toEqual({ stored: 0, duplicates: 3 });
      expect((await row('looks', 'l-1'))?.outfit).toBe('C');
    });

    it('tells which ops were new, the versions after them and the rows they changed', async () => {
      const source = await fresh();
      const ops = await source.write(bob, [outfit('l-1', 'A'), outfit('l-1', 'B')], 1000);
      const { store } = await fresh();
      await store.storeRemoteOps(ops.slice(0, 1), 2000);
      const result = await store.storeRemoteOps(ops, 2000);
      expect(result.fresh).toEqual([ops[1]]);
      expect(result.versions).toEqual({ bob: 2 });
      expect(result.changed.get('looks')).toEqual([
        expect.objectContaining({ id: 'l-1', outfit: 'B' }),
      ]);
    });

    it('stamps local edits after every remote edit it has seen', async () => {
      const target = await fresh();
      const source = await fresh();
      const [remote] = await source.write(bob, [outfit('l-1', 'From the future')], 50_000);
      await target.store.storeRemoteOps([remote as Op], 1000);
      const [local] = await target.write(alice, [outfit('l-1', 'Mine')], 1000);
      expect((local as Op).hlc > (remote as Op).hlc).toBe(true);
      expect((await target.row('looks', 'l-1'))?.outfit).toBe('Mine');
    });

    it('lists what a peer lacks for every site, in bounded batches', async () => {
      const target = await fresh();
      await target.write(
        alice,
        Array.from({ length: 5 }, (_, i) => outfit(`l-${i}`, 'x')),
        1000,
      );
      const other = await fresh();
      const bobs = await other.write(bob, [outfit('l-9', 'y'), outfit('l-9', 'z')], 1000);
      await target.store.storeRemoteOps(bobs, 1000);
      expect(ids(await target.store.opsSince({ alice: 2 }, 4))).toEqual({
        ops: ['alice3', 'alice4', 'alice5', 'bob1'],
        more: true,
      });
      expect(ids(await target.store.opsSince({ alice: 5, bob: 1 }, 4))).toEqual({
        ops: ['bob2'],
        more: false,
      });
    });

    it('asks for a snapshot once the log is compacted past what the peer has', async () => {
      const target = await fresh();
      // Ten edits of one field: the last one's value stands, the nine before are history.
      await target.write(
        alice,
        Array.from({ length: 10 }, (_, i) => outfit('l-1', `v${i}`)),
        1000,
      );
      expect(await target.compact(3)).toBe(7);
      expect(await target.store.opsSince({ alice: 2 }, 100)).toEqual({ kind: 'snapshot-needed' });
      const recent = await target.store.opsSince({ alice: 8 }, 100);
      expect(recent.kind === 'ops' && recent.ops.length).toBe(2);
    });

    it('keeps, when it compacts, the op that wrote each field’s current value (snapshots prove fields with it)', async () => {
      const target = await fresh();
      await target.write(alice, [outfit('l-1', 'Old'), outfit('l-2', 'Two')], 1000);
      await target.write(alice, [outfit('l-1', 'New')], 2000);
      expect(await target.compact(0)).toBe(1);
      const winners = (await target.store.winningOps()).map((op) => [op.seq, op.value]);
      expect(winners.sort()).toEqual([
        [2, 'Two'],
        [3, 'New'],
      ]);
      expect(await target.store.opsSince({ alice: 1 }, 100)).toEqual({ kind: 'snapshot-needed' });
    });

    it('keeps signed pages and finds those that cover given ops', async () => {
      const target = await fresh();
      const page = (from: number, to: number) => ({
        site: alice,
        from,
        to,
        hashes: new Uint8Array(32 * (to - from + 1)).fill(from),
        signature: new Uint8Array(64).fill(to),
      });
      const [ops] = [await target.write(alice, many(5), 1000)];
      await target.store.storePages([page(1, 2), page(3, 5)]);
      await target.store.storePages([page(1, 2)]);
      const found = await target.store.pagesFor(ops.filter((op) => op.seq === 4));
      expect(found).toEqual([page(3, 5)]);
      expect(await target.store.pagesFor(ops)).toHaveLength(2);
    });

    it('catches a new kiosk up from a snapshot, merging by the same rule', async () => {
      const source = await fresh();
      await source.write(alice, [outfit('l-1', 'Old'), outfit('l-2', 'Two')], 1000);
      const late = await fresh();
      await late.write(bob, [outfit('l-1', 'Newer')], 5000);
      await late.store.applySnapshot(await source.store.snapshot(), 6000);
      expect((await late.row('looks', 'l-1'))?.outfit).toBe('Newer');
      expect((await late.row('looks', 'l-2'))?.outfit).toBe('Two');
      expect(await late.store.versions()).toEqual({ alice: 2, bob: 1 });
      // It holds alice's effect but not her ops: it cannot serve them, only a snapshot.
      expect(await late.store.opsSince({}, 100)).toEqual({ kind: 'snapshot-needed' });
    });

    it('never reuses a seq after its data was wiped and its ops came back', async () => {
      const first = await fresh();
      const peer = await fresh();
      await peer.store.storeRemoteOps(
        await first.write(alice, [outfit('l-1', 'a'), outfit('l-1', 'b')], 1000),
        1000,
      );
      const wiped = await fresh();
      const served = await peer.store.opsSince({}, 100);
      await wiped.store.storeRemoteOps(served.kind === 'ops' ? served.ops : [], 2000);
      const [next] = await wiped.write(alice, [outfit('l-1', 'c')], 3000);
      expect(next?.seq).toBe(3);
    });

    it('counts ops that arrived early once a snapshot fills the gap below them', async () => {
      const source = await fresh();
      const charlie = await fresh();
      const bobs = await fresh();
      const ops = await source.write(alice, many(60), 1000);
      // charlie holds alice 1..55 and compacts them away; bob heard 56..60 live, but nothing before.
      await charlie.store.storeRemoteOps(ops.slice(0, 55), 2000);
      await charlie.compact(0);
      await bobs.store.storeRemoteOps(ops.slice(55), 2000);
      expect(await bobs.store.versions()).toEqual({});

      await bobs.store.applySnapshot(await charlie.store.snapshot(), 3000);

      expect(await bobs.store.versions()).toEqual({ alice: 60 });
      expect(await source.store.opsSince(await bobs.store.versions(), 100)).toEqual({
        kind: 'ops',
        ops: [],
        more: false,
      });
    });

    it('skips ops already held, in the log or below the floor, and stores the rest once', async () => {
      const source = await fresh();
      const target = await fresh();
      const ops = await source.write(alice, many(20), 1000);
      await target.store.storeRemoteOps(ops.slice(0, 10), 2000);
      await target.compact(5);
      const result = await target.store.storeRemoteOps([...ops, ...ops.slice(12, 15)], 2000);
      expect(counts(result)).toEqual({ stored: 10, duplicates: 13 });
      expect(await target.store.versions()).toEqual({ alice: 20 });
    });

    it('knows an op held above a gap, in the middle of a stored run, and one in order after the version', async () => {
      const source = await fresh();
      const target = await fresh();
      const ops = await source.write(alice, many(12), 1000);
      await target.store.storeRemoteOps(ops.slice(0, 3), 2000);
      // Seqs 6 to 9 arrive early, in one batch: kept above the gap, one run in the log.
      await target.store.storeRemoteOps(ops.slice(5, 9), 2000);
      expect(await target.store.versions()).toEqual({ alice: 3 });
      expect(counts(await target.store.storeRemoteOps(ops.slice(6, 8), 2000))).toEqual({
        stored: 0,
        duplicates: 2,
      });
      // Seq 4 comes in order; 5 fills the gap, and the version runs on over 6 to 9.
      expect(counts(await target.store.storeRemoteOps(ops.slice(3, 4), 2000))).toEqual({
        stored: 1,
        duplicates: 0,
      });
      expect(await target.store.versions()).toEqual({ alice: 4 });
      const filled = await target.store.storeRemoteOps(ops.slice(1, 5), 2000);
      expect(counts(filled)).toEqual({ stored: 1, duplicates: 3 });
      expect(filled.versions).toEqual({ alice: 9 });
    });

    it('replaces a forked op: the loser is taken back, the winner applied, the log holds the winner', async () => {
      const source = await fresh();
      const [earlier, loser] = (await source.write(
        alice,
        [outfit('l-1', 'Black coat'), outfit('l-1', 'Red coat')],
        1000,
      )) as [Op, Op];
      const winner: Op = { ...loser, key: 'l-2', value: 'Grey coat', hlc: earlier.hlc };
      const target = await fresh();
      await target.store.storeRemoteOps([earlier, loser], 2000);
      expect((await target.row('looks', 'l-1'))?.outfit).toBe('Red coat');

      const { replaced, changed } = await target.store.replaceOp(winner, 2000);
      expect(replaced).toBe(true);
      expect((await target.row('looks', 'l-1'))?.outfit).toBe('Black coat');
      expect((await target.row('looks', 'l-2'))?.outfit).toBe('Grey coat');
      expect(
        changed
          .get('looks')
          ?.map((row) => row.id)
          .sort(),
      ).toEqual(['l-1', 'l-2']);
      const since = await target.store.opsSince({ alice: 1 }, 10);
      expect(since.kind === 'ops' && since.ops.map((op) => op.value)).toEqual(['Grey coat']);
      expect(await target.store.versions()).toEqual({ alice: 2 });
    });

    it('drops a row that only the loser of a fork wrote', async () => {
      const source = await fresh();
      const [loser] = (await source.write(alice, [outfit('l-9', 'Only the loser')], 1000)) as [Op];
      const target = await fresh();
      await target.store.storeRemoteOps([loser], 2000);
      await target.store.replaceOp({ ...loser, key: 'l-1', value: 'Winner' }, 2000);
      expect(await target.row('looks', 'l-9')).toBeUndefined();
      expect((await target.row('looks', 'l-1'))?.outfit).toBe('Winner');
    });

    it('replaces nothing where no other op is logged under that site and seq', async () => {
      const source = await fresh();
      const [op] = (await source.write(alice, [outfit('l-1', 'Coat')], 1000)) as [Op];
      const target = await fresh();
      expect((await target.store.replaceOp(op, 2000)).replaced).toBe(false);
      expect(await target.row('looks', 'l-1')).toBeUndefined();
    });

    it('refuses ops of a table it does not have, storing none of the batch', async () => {
      const source = await fresh();
      const [good] = await source.write(alice, [outfit('l-1', 'Coat')], 1000);
      const bad = { ...(good as Op), seq: 2, table: 'nonsense' } as unknown as Op;
      const target = await fresh();
      await expect(target.store.storeRemoteOps([good as Op, bad], 2000)).rejects.toThrow(
        /Unknown table/,
      );
      expect(await target.store.versions()).toEqual({});
      expect(await target.row('looks', 'l-1')).toBeUndefined();
    });
  });
}
