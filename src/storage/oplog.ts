import { receiveHlc, tickHlc } from '../domain/hlc';
import type { SiteId } from '../domain/ids';
import { applyOp, mergeRows, type StoredRow } from '../domain/merge';
import type { Change, Op, Snapshot, VersionVector } from '../domain/op';
import type { OpsSince, RowsChanged, StoreResult } from '../sync/synchronizer/op-store';
import { rowsTable, SYNCED_TABLES, type Meta, type ShowDb, type SiteVersion } from './db';
import { pagesOf, type PageKey } from './log-pages';
import { MAX_PAGE_OPS, type SignedPage } from '../domain/signed-page';

const CLOCK_KEY = 'clock' as const;

/**
 * The keys `[site, first, last]` of `site`'s log pages that hold seq `from` or any
 * above it, oldest first. Keys only: which seqs are held is read without the ops.
 */
async function pagesFrom(db: ShowDb, site: SiteId, from: number): Promise<PageKey[]> {
  const [before, after] = await Promise.all([
    pageReaching(db, site, from),
    pagesStartingFrom(db, site, from),
  ]);
  return [...before, ...after];
}

/** The key of `site`'s page that starts below seq `from` and holds it, if any. */
async function pageReaching(db: ShowDb, site: SiteId, from: number): Promise<PageKey[]> {
  // Pages never overlap, so only the last one starting below `from` can reach it.
  const before = await db.log
    .where('[site+first+last]')
    .between([site, -Infinity, -Infinity], [site, from, -Infinity], true, false)
    .reverse()
    .limit(1)
    .primaryKeys();
  return before.filter(([, , last]) => last >= from);
}

/** The keys of `site`'s pages that start at seq `from` or above, oldest first. */
const pagesStartingFrom = (db: ShowDb, site: SiteId, from: number): Promise<PageKey[]> =>
  db.log
    .where('[site+first+last]')
    .between([site, from, -Infinity], [site, Infinity, Infinity], true, true)
    .primaryKeys();

function allTables(db: ShowDb) {
  return [...SYNCED_TABLES.map((name) => db.table(name)), db.log, db.versions, db.meta];
}

/**
 * The tables a write of these changes touches: their rows, the log and its bookkeeping.
 * Only these: a rw transaction over every table would wait for, and hold up, the live
 * queries of screens reading unrelated tables.
 */
function tablesFor(db: ShowDb, changes: readonly { table: string }[]) {
  const names = [...new Set(changes.map((change) => change.table))];
  return [...names.map((name) => rowsTable(db, name)), db.log, db.versions, db.meta];
}

type RowsByTable = Map<string, Map<string, StoredRow>>;

/** The current rows the changes touch, every table read at once (one bulk read each). */
async function readRows(
  db: ShowDb,
  changes: readonly Pick<Change, 'table' | 'key'>[],
): Promise<RowsByTable> {
  const keysByTable = new Map<string, Set<string>>();
  for (const { table, key } of changes) {
    const keys = keysByTable.get(table);
    if (keys) keys.add(key);
    else keysByTable.set(table, new Set([key]));
  }
  const byTable: RowsByTable = new Map();
  await Promise.all(
    [...keysByTable].map(async ([table, keySet]) => {
      const keys = [...keySet];
      const found = await rowsTable(db, table).bulkGet(keys);
      const rows = new Map<string, StoredRow>();
      keys.forEach((key, i) => {
        const row = found[i];
        if (row) rows.set(key, row);
      });
      byTable.set(table, rows);
    }),
  );
  return byTable;
}

/**
 * Apply ops to their rows in memory (`current`, as read by `readRows`) and queue the
 * writes of the rows they changed, one bulk write per table: a catch-up of thousands
 * of ops stays one short transaction.
 */
function mergeIntoRows(
  db: ShowDb,
  current: RowsByTable,
  ops: readonly Op[],
): { writes: Promise<unknown>[]; changed: RowsChanged } {
  const changed = new Map<string, Map<string, StoredRow>>();
  for (const op of ops) {
    let rows = current.get(op.table);
    if (!rows) current.set(op.table, (rows = new Map()));
    const next = applyOp(rows.get(op.key), op);
    if (!next) continue;
    rows.set(op.key, next);
    let touched = changed.get(op.table);
    if (!touched) changed.set(op.table, (touched = new Map()));
    touched.set(op.key, next);
  }
  const rows: RowsChanged = new Map(
    [...changed].map(([table, byKey]) => [table, [...byKey.values()]]),
  );
  return {
    writes: [...rows].map(([table, list]) => rowsTable(db, table).bulkPut(list)),
    changed: rows,
  };
}

const newMeta = (): Meta => ({ key: CLOCK_KEY, hlc: { wall: 0, counter: 0 }, seq: 0 });

async function readMeta(db: ShowDb): Promise<Meta> {
  return (await db.meta.get(CLOCK_KEY)) ?? newMeta();
}

/** What a local write did: its ops, and the rows as it left them (the screens show them at once). */
export interface Written {
  ops: Op[];
  changed: RowsChanged;
}

/**
 * Turn local changes into ops and write them, their effect on the rows and the
 * version in ONE transaction: a crash leaves either all of it or none. Reads go out
 * together, then writes together (requests of one transaction run in order), so a
 * tap costs two round trips to the database, not seven.
 */
export async function writeChanges(
  db: ShowDb,
  site: SiteId,
  changes: Change[],
  now: number,
): Promise<Written> {
  if (changes.length === 0) return { ops: [], changed: new Map() };
  return db.transaction('rw', tablesFor(db, changes), async () => {
    const [stored, held, current] = await Promise.all([
      db.meta.get(CLOCK_KEY),
      db.versions.get(site),
      readRows(db, changes),
    ]);
    const meta = stored ?? newMeta();
    const version = held ?? { site, seq: 0, floor: 0 };
    // A kiosk whose show database was wiped learns its own old ops back from peers:
    // never reuse a seq they already hold. A kiosk whose site id changed (its old
    // random one, before identity keys) counts its new site from that site's version:
    // a gap would leave every peer waiting for seqs that never come.
    meta.seq = meta.site === site ? Math.max(meta.seq, version.seq) : version.seq;
    meta.site = site;
    const ops: Op[] = changes.map((change) => ({
      site,
      seq: ++meta.seq,
      hlc: tickHlc(meta.hlc, now, site),
      ...change,
    }));
    const merged = mergeIntoRows(db, current, ops);
    await Promise.all([
      ...merged.writes,
      db.log.bulkAdd(pagesOf(ops)),
      db.versions.put({ ...version, seq: meta.seq }),
      db.meta.put(meta),
    ]);
    return { ops, changed: merged.changed };
  });
}

/**
 * Apply ops from other kiosks. Idempotent and order-independent: an op already
 * held is skipped, and the version of a site only advances over a run without gaps,
 * so ops that arrive early are kept and counted once the gap is filled. Tells which
 * ops were new and the versions after them, from the same transaction. One round of reads
 * (versions, clock, rows, the log's pages from each site's lowest seq here; one more read
 * only where a gap lies below that seq), then one round of writes: a live op that comes
 * in order costs two round trips and nine requests.
 *
 * A site's `seq` is always as high as its log allows (every write extends it over the
 * run that follows), so the log above the lowest seq of the batch tells both which ops
 * are held and how far the version now runs without a gap.
 */
export async function storeRemoteOps(
  db: ShowDb,
  ops: readonly Op[],
  now: number,
  pages: readonly SignedPage[] = [],
): Promise<StoreResult> {
  if (ops.length === 0) {
    await storePages(db, pages);
    return { duplicates: 0, fresh: [], versions: await versionVector(db), changed: new Map() };
  }
  const lowest = new Map<SiteId, number>();
  for (const op of ops) lowest.set(op.site, Math.min(op.seq, lowest.get(op.site) ?? Infinity));
  const sites = [...lowest.keys()];
  return db.transaction('rw', [...tablesFor(db, ops), db.pages], async (): Promise<StoreResult> => {
    let changed: RowsChanged = new Map();
    // The authors' pages, checked at the door: kept with the ops they sign.
    const keptPages = pages.length > 0 ? db.pages.bulkPut([...pages]) : undefined;
    const [versionRows, stored, current, logged] = await Promise.all([
      db.versions.toArray(),
      db.meta.get(CLOCK_KEY),
      readRows(db, ops),
      Promise.all(sites.map((site) => pagesStartingFrom(db, site, lowest.get(site) ?? 1))),
    ]);
    const versions = new Map<string, SiteVersion>(
      versionRows.map((version) => [version.site, version]),
    );
    // A page that starts below a site's lowest seq here and holds it: a site's version
    // runs as far as its log does, so such a page ends at or below the version (every
    // seq up to the version counts as held) unless it starts above the version, after a
    // gap. An op that comes in order (a live tap) has no gap below it: no query for it.
    const isAboveGap = (site: SiteId) =>
      (lowest.get(site) ?? 1) > (versions.get(site)?.seq ?? 0) + 1;
    const reaching = sites.some(isAboveGap)
      ? await Promise.all(
          sites.map((site) =>
            isAboveGap(site) ? pageReaching(db, site, lowest.get(site) ?? 1) : [],
          ),
        )
      : [];
    const held = new Map<SiteId, Set<number>>();
    sites.forEach((site, i) => {
      const from = lowest.get(site) ?? 1;
      const seqs = new Set<number>();
      for (const [, first, last] of [...(reaching[i] ?? []), ...(logged[i] ?? [])])
        for (let seq = Math.max(first, from); seq <= last; seq++) seqs.add(seq);
      held.set(site, seqs);
    });
    const fresh = ops.filter((op) => {
      const seqs = held.get(op.site) as Set<number>;
      const version = versions.get(op.site);
      const isHeld =
        seqs.has(op.seq) || op.seq <= (version?.seq ?? 0) || op.seq <= (version?.floor ?? 0);
      seqs.add(op.seq);
      return !isHeld;
    });
    if (fresh.length) {
      const meta = stored ?? newMeta();
      for (const op of fresh) receiveHlc(meta.hlc, op.hlc, now);
      const advanced: SiteVersion[] = [];
      for (const site of sites) {
        const version = versions.get(site) ?? { site, seq: 0, floor: 0 };
        const seqs = held.get(site) as Set<number>;
        let seq = version.seq;
        while (seqs.has(seq + 1)) seq += 1;
        if (seq === version.seq) continue;
        const next = { ...version, seq };
        versions.set(site, next);
        advanced.push(next);
      }
      const merged = mergeIntoRows(db, current, fresh);
      changed = merged.changed;
      await Promise.all([
        ...merged.writes,
        db.log.bulkAdd(pagesOf(fresh)),
        advanced.length ? db.versions.bulkPut(advanced) : undefined,
        db.meta.put(meta),
      ]);
    }
    await keptPages;
    const vector: VersionVector = {};
    for (const version of versions.values()) vector[version.site] = version.seq;
    return { duplicates: ops.length - fresh.length, fresh, versions: vector, changed };
  });
}

/** Keep signed pages (idempotent: a page is keyed by its site and seqs). */
export async function storePages(db: ShowDb, pages: readonly SignedPage[]): Promise<void> {
  if (pages.length > 0) await db.pages.bulkPut([...pages]);
}

/** The signed pages kept that cover any of these ops. */
export async function pagesFor(db: ShowDb, ops: readonly Op[]): Promise<SignedPage[]> {
  const seqs = new Map<SiteId, Set<number>>();
  for (const op of ops) {
    const list = seqs.get(op.site);
    if (list) list.add(op.seq);
    else seqs.set(op.site, new Set([op.seq]));
  }
  const found = await Promise.all(
    [...seqs].map(async ([site, wanted]) => {
      let low = Infinity;
      let high = -Infinity;
      for (const seq of wanted) {
        low = Math.min(low, seq);
        high = Math.max(high, seq);
      }
      // A page spans at most MAX_PAGE_OPS seqs: none starting lower can reach `low`.
      const candidates = await db.pages
        .where('[site+from+to]')
        .between([site, low - MAX_PAGE_OPS + 1, -Infinity], [site, high, Infinity], true, true)
        .toArray();
      return candidates.filter((page) => {
        for (let seq = page.from; seq <= page.to; seq++) if (wanted.has(seq)) return true;
        return false;
      });
    }),
  );
  return found.flat();
}

/** The highest seq of `site` held without a gap, counting up from `from` (already held). */
async function contiguousSeq(db: ShowDb, site: SiteId, from: number): Promise<number> {
  let seq = from;
  for (const [, first, last] of await pagesFrom(db, site, from + 1)) {
    if (first > seq + 1) break;
    seq = Math.max(seq, last);
  }
  return seq;
}

export async function versionVector(db: ShowDb): Promise<VersionVector> {
  const vv: VersionVector = {};
  for (const version of await db.versions.toArray()) vv[version.site] = version.seq;
  return vv;
}

/**
 * The ops a peer with version vector `theirs` lacks, for every site (so edits travel
 * through third parties), oldest first per site, at most `limit`. When the peer is
 * behind what our log still holds, only a snapshot can catch it up.
 */
export async function opsSince(
  db: ShowDb,
  theirs: VersionVector,
  limit: number,
): Promise<OpsSince> {
  return db.transaction('r', [db.log, db.versions], async () => {
    const ops: Op[] = [];
    let more = false;
    for (const version of await db.versions.toArray()) {
      const have = theirs[version.site] ?? 0;
      if (have >= version.seq) continue;
      if (have < version.floor) return { kind: 'snapshot-needed' as const };
      const room = limit - ops.length;
      if (room <= 0) {
        more = true;
        break;
      }
      // The pages that hold the next `room` ops above `have`, then those ops.
      const wanted: PageKey[] = [];
      let count = 0;
      for (const key of await pagesFrom(db, version.site, have + 1)) {
        const [, first, last] = key;
        if (count >= room || first > version.seq) break;
        wanted.push(key);
        count += Math.min(last, version.seq) - Math.max(first, have + 1) + 1;
      }
      const pages = await db.log.bulkGet(wanted);
      const batch = pages
        .flatMap((page) => page?.ops ?? [])
        .filter((op) => op.seq > have && op.seq <= version.seq)
        .slice(0, room);
      ops.push(...batch);
      if (have + batch.length < version.seq) more = true;
    }
    return { kind: 'ops' as const, ops, more };
  });
}

export async function takeSnapshot(db: ShowDb): Promise<Snapshot> {
  return db.transaction('r', allTables(db), async () => {
    const tables: Record<string, StoredRow[]> = {};
    for (const name of SYNCED_TABLES) tables[name] = await db.table(name).toArray();
    return { versions: await versionVector(db), tables };
  });
}

/**
 * Merge a snapshot by the same per-field rule as ops. Sites whose snapshot version
 * is ahead of our log move their floor up: we hold their effect, not their ops.
 */
export async function applySnapshot(db: ShowDb, snapshot: Snapshot, now: number): Promise<number> {
  const touched = Object.keys(snapshot.tables).map((table) => ({ table }));
  return db.transaction('rw', tablesFor(db, touched), async () => {
    let changed = 0;
    const meta = await readMeta(db);
    for (const [name, incoming] of Object.entries(snapshot.tables)) {
      const rows = rowsTable(db, name);
      const existing = await rows.bulkGet(incoming.map((row) => row.id));
      const merged = incoming.map((row, i) => {
        const mine = existing[i];
        for (const clock of Object.values(row._clocks)) receiveHlc(meta.hlc, clock, now);
        return mine ? mergeRows(mine, row) : row;
      });
      changed += merged.length;
      await rows.bulkPut(merged);
    }
    await db.meta.put(meta);
    for (const [site, seq] of Object.entries(snapshot.versions)) {
      const mine = (await db.versions.get(site as SiteId)) ?? {
        site: site as SiteId,
        seq: 0,
        floor: 0,
      };
      // Ops of this site that arrived early (above a gap the snapshot now fills) count too.
      if (seq > mine.seq)
        await db.versions.put({
          site: site as SiteId,
          seq: await contiguousSeq(db, site as SiteId, seq),
          floor: seq,
        });
    }
    return changed;
  });
}

/** The clock of every row field's current value, in every synced table. */
async function winningClocks(db: ShowDb): Promise<Set<string>> {
  const clocks = new Set<string>();
  const tables = await Promise.all(SYNCED_TABLES.map((name) => db.table(name).toArray()));
  for (const rows of tables)
    for (const row of rows as StoredRow[])
      for (const hlc of Object.values(row._clocks)) clocks.add(hlc);
  return clocks;
}

/** The ops in the log that wrote each row field's current value (what snapshots prove). */
export async function winningOps(db: ShowDb): Promise<Op[]> {
  return db.transaction('r', [...SYNCED_TABLES.map((name) => db.table(name)), db.log], async () => {
    const winning = await winningClocks(db);
    const pages = await db.log.toArray();
    return pages.flatMap((page) => page.ops.filter((op) => winning.has(op.hlc)));
  });
}

/**
 * Drop ops up to each site's version minus `keepPerSite`; peers further behind get a
 * snapshot. The op that wrote a field's current value stays (a page of its own below
 * the floor): a snapshot proves the field with it and its author's signed page.
 */
export async function compactLog(db: ShowDb, keepPerSite: number): Promise<number> {
  const rows = SYNCED_TABLES.map((name) => db.table(name));
  return db.transaction('rw', [db.log, db.versions, ...rows], async () => {
    const winning = await winningClocks(db);
    let removed = 0;
    for (const version of await db.versions.toArray()) {
      const upTo = version.seq - keepPerSite;
      if (upTo <= version.floor) continue;
      const keys = await db.log
        .where('[site+first+last]')
        .between([version.site, -Infinity, -Infinity], [version.site, upTo, Infinity], true, true)
        .primaryKeys();
      const whole = keys.filter(([, , last]) => last <= upTo);
      const kept = (await db.log.bulkGet(whole)).flatMap((page) =>
        (page?.ops ?? []).filter((op) => winning.has(op.hlc)),
      );
      await db.log.bulkDelete(whole);
      await db.log.bulkAdd(
        kept.map((op) => ({ site: op.site, first: op.seq, last: op.seq, ops: [op] })),
      );
      removed += whole.reduce((n, [, first, last]) => n + last - first + 1, 0) - kept.length;
      // The page that straddles the cut keeps its ops above it.
      for (const key of keys.filter(([, , last]) => last > upTo)) {
        const page = await db.log.get(key);
        if (!page) continue;
        const kept = page.ops.filter((op) => op.seq > upTo);
        const winners = page.ops.filter((op) => op.seq <= upTo && winning.has(op.hlc));
        removed += page.ops.length - kept.length - winners.length;
        await db.log.delete(key);
        await db.log.add({ ...page, first: upTo + 1, ops: kept });
        await db.log.bulkAdd(
          winners.map((op) => ({ site: op.site, first: op.seq, last: op.seq, ops: [op] })),
        );
      }
      await db.versions.put({ ...version, floor: upTo });
    }
    return removed;
  });
}
