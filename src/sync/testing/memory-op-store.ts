import { receiveHlc, tickHlc, type HlcState } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import { cellOf, undoLoser } from '../../domain/fork-undo';
import { applyOp, mergeRows, type StoredRow } from '../../domain/merge';
import { TABLES } from '../../domain/model';
import type { Change, Op, Snapshot, VersionVector } from '../../domain/op';
import type { OpStore, OpsSince, RowsChanged, StoreResult } from '../synchronizer/op-store';
import type { SignedPage } from '../trust/pages';

// The storage port in memory, for the engine, session and simulation tests: the same
// rules as the Dexie store (the contract suite runs on both), none of its speed work.

interface SiteVersion {
  seq: number;
  /** Ops at or below it are not in the log (compacted, or came in a snapshot). */
  floor: number;
}

const clone = <T>(value: T): T => structuredClone(value);

function checkTable(table: string): void {
  if (!(TABLES as readonly string[]).includes(table)) throw new Error(`Unknown table "${table}"`);
}

export class MemoryOpStore implements OpStore {
  readonly #rows = new Map<string, Map<string, StoredRow>>();
  readonly #log = new Map<SiteId, Map<number, Op>>();
  readonly #versions = new Map<SiteId, SiteVersion>();
  /** Signed pages by `site from to`. */
  readonly #pages = new Map<string, SignedPage>();
  #clock: HlcState = { wall: 0, counter: 0 };
  /** The last seq this kiosk used. */
  #seq = 0;

  async versions(): Promise<VersionVector> {
    const vector: VersionVector = {};
    for (const [site, version] of this.#sortedVersions()) vector[site] = version.seq;
    return vector;
  }

  async opsSince(theirs: VersionVector, limit: number): Promise<OpsSince> {
    const ops: Op[] = [];
    let more = false;
    for (const [site, version] of this.#sortedVersions()) {
      const have = theirs[site] ?? 0;
      if (have >= version.seq) continue;
      if (have < version.floor) return { kind: 'snapshot-needed' };
      const room = limit - ops.length;
      if (room <= 0) {
        more = true;
        break;
      }
      const log = this.#log.get(site);
      const batch: Op[] = [];
      for (let seq = have + 1; seq <= version.seq && batch.length < room; seq++) {
        const op = log?.get(seq);
        if (op) batch.push(clone(op));
      }
      ops.push(...batch);
      if (have + batch.length < version.seq) more = true;
    }
    return { kind: 'ops', ops, more };
  }

  async storeRemoteOps(
    ops: readonly Op[],
    now: number,
    pages: readonly SignedPage[] = [],
  ): Promise<StoreResult> {
    for (const op of ops) checkTable(op.table);
    await this.storePages(pages);
    const fresh: Op[] = [];
    for (const op of ops) {
      if (this.#holds(op.site, op.seq)) continue;
      this.#logOf(op.site).set(op.seq, clone(op));
      fresh.push(op);
    }
    for (const op of fresh) receiveHlc(this.#clock, op.hlc, now);
    for (const site of new Set(fresh.map((op) => op.site))) {
      const version = this.#versionOf(site);
      const seq = this.#contiguous(site, version.seq);
      if (seq !== version.seq) this.#versions.set(site, { ...version, seq });
    }
    return {
      fresh,
      duplicates: ops.length - fresh.length,
      versions: await this.versions(),
      changed: this.#merge(fresh),
    };
  }

  async storePages(pages: readonly SignedPage[]): Promise<void> {
    for (const page of pages) this.#pages.set(`${page.site} ${page.from} ${page.to}`, clone(page));
  }

  async pagesFor(ops: readonly Op[]): Promise<SignedPage[]> {
    const seqs = new Map<SiteId, Set<number>>();
    for (const op of ops) seqs.set(op.site, (seqs.get(op.site) ?? new Set()).add(op.seq));
    const found: SignedPage[] = [];
    for (const page of this.#pages.values()) {
      const wanted = seqs.get(page.site);
      if (!wanted) continue;
      for (let seq = page.from; seq <= page.to; seq++)
        if (wanted.has(seq)) {
          found.push(clone(page));
          break;
        }
    }
    return found;
  }

  async winningOps(): Promise<Op[]> {
    const winning = this.#winningClocks();
    return [...this.#log.values()]
      .flatMap((ops) => [...ops.values()])
      .filter((op) => winning.has(op.hlc))
      .map(clone);
  }

  /** The clock of every row field's current value. */
  #winningClocks(): Set<string> {
    const clocks = new Set<string>();
    for (const rows of this.#rows.values())
      for (const row of rows.values())
        for (const hlc of Object.values(row._clocks)) clocks.add(hlc);
    return clocks;
  }

  async snapshot(): Promise<Snapshot> {
    const tables: Record<string, StoredRow[]> = {};
    for (const table of TABLES) tables[table] = clone([...(this.#rows.get(table)?.values() ?? [])]);
    return { versions: await this.versions(), tables };
  }

  async applySnapshot(snapshot: Snapshot, now: number): Promise<number> {
    let merged = 0;
    for (const [table, incoming] of Object.entries(snapshot.tables)) {
      checkTable(table);
      const rows = this.#table(table);
      for (const row of incoming) {
        for (const clock of Object.values(row._clocks)) receiveHlc(this.#clock, clock, now);
        const mine = rows.get(row.id);
        rows.set(row.id, clone(mine ? mergeRows(mine, row) : row));
        merged += 1;
      }
    }
    for (const [key, seq] of Object.entries(snapshot.versions)) {
      const site = key as SiteId;
      const mine = this.#versionOf(site);
      // Ops of this site that arrived early (above a gap the snapshot now fills) count too.
      if (seq > mine.seq)
        this.#versions.set(site, { seq: this.#contiguous(site, seq), floor: seq });
    }
    return merged;
  }

  async replaceOp(winner: Op, now: number): Promise<{ replaced: boolean; changed: RowsChanged }> {
    checkTable(winner.table);
    const log = this.#logOf(winner.site);
    const loser = log.get(winner.seq);
    if (!loser) return { replaced: false, changed: new Map() };
    log.set(winner.seq, clone(winner));
    receiveHlc(this.#clock, winner.hlc, now);
    const others = [...this.#log.values()]
      .flatMap((ops) => [...ops.values()])
      .filter((op) => cellOf(op) === cellOf(loser));
    const rows = this.#table(loser.table);
    const undone = undoLoser(rows.get(loser.key), loser, others);
    const changed: RowsChanged = new Map();
    // A row only the loser wrote goes with it, as on a kiosk that never had the loser.
    if (undone && Object.keys(undone._clocks).length === 0) rows.delete(loser.key);
    else if (undone && undone !== rows.get(loser.key)) {
      rows.set(loser.key, undone);
      changed.set(loser.table, [clone(undone)]);
    }
    for (const [table, list] of this.#merge([winner])) {
      const ids = new Set(list.map((row) => row.id));
      changed.set(table, [
        ...(changed.get(table) ?? []).filter((row) => !ids.has(row.id)),
        ...list,
      ]);
    }
    return { replaced: true, changed };
  }

  // ---- what the app's store also does, for the tests ----

  /** A local write: ops from `changes`, their effect and the version, as the app's store writes them. */
  async write(site: SiteId, changes: readonly Change[], now: number): Promise<Op[]> {
    for (const change of changes) checkTable(change.table);
    const version = this.#versionOf(site);
    // A kiosk whose data was wiped learns its own old ops back from peers: never reuse a seq.
    this.#seq = Math.max(this.#seq, version.seq);
    const ops: Op[] = changes.map((change) => ({
      site,
      seq: ++this.#seq,
      hlc: tickHlc(this.#clock, now, site),
      ...change,
    }));
    for (const op of ops) this.#logOf(site).set(op.seq, clone(op));
    this.#versions.set(site, { ...version, seq: this.#seq });
    this.#merge(ops);
    return ops;
  }

  /**
   * Drop ops up to each site's version minus `keepPerSite`, except those that wrote a
   * field's current value (a snapshot proves the field with it); returns how many went.
   */
  async compact(keepPerSite: number): Promise<number> {
    let removed = 0;
    const winning = this.#winningClocks();
    for (const [site, version] of this.#versions) {
      const upTo = version.seq - keepPerSite;
      if (upTo <= version.floor) continue;
      const log = this.#logOf(site);
      for (const [seq, op] of [...log])
        if (seq <= upTo && !winning.has(op.hlc)) {
          log.delete(seq);
          removed += 1;
        }
      this.#versions.set(site, { ...version, floor: upTo });
    }
    return removed;
  }

  /** Every row of a table, sorted by id. */
  async rows(table: string): Promise<StoredRow[]> {
    return clone(
      [...(this.#rows.get(table)?.values() ?? [])].sort((a, b) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      ),
    );
  }

  // ---- internals ----

  #sortedVersions(): Array<[SiteId, SiteVersion]> {
    return [...this.#versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  #versionOf(site: SiteId): SiteVersion {
    return this.#versions.get(site) ?? { seq: 0, floor: 0 };
  }

  #logOf(site: SiteId): Map<number, Op> {
    let log = this.#log.get(site);
    if (!log) this.#log.set(site, (log = new Map()));
    return log;
  }

  #table(table: string): Map<string, StoredRow> {
    let rows = this.#rows.get(table);
    if (!rows) this.#rows.set(table, (rows = new Map()));
    return rows;
  }

  #holds(site: SiteId, seq: number): boolean {
    return seq <= this.#versionOf(site).floor || this.#log.get(site)?.has(seq) === true;
  }

  /** The highest seq of `site` held without a gap, counting up from `from`. */
  #contiguous(site: SiteId, from: number): number {
    let seq = from;
    while (this.#log.get(site)?.has(seq + 1)) seq += 1;
    return seq;
  }

  #merge(ops: readonly Op[]): RowsChanged {
    const changed = new Map<string, Map<string, StoredRow>>();
    for (const op of ops) {
      const rows = this.#table(op.table);
      const next = applyOp(rows.get(op.key), op);
      if (!next) continue;
      rows.set(op.key, next);
      let touched = changed.get(op.table);
      if (!touched) changed.set(op.table, (touched = new Map()));
      touched.set(op.key, next);
    }
    return new Map([...changed].map(([table, byKey]) => [table, clone([...byKey.values()])]));
  }
}
