import { receiveHlc, tickHlc } from '../domain/hlc';
import type { SiteId } from '../domain/ids';
import { applyOp, mergeRows, type StoredRow } from '../domain/merge';
import type { Change, Op, VersionVector } from '../domain/op';
import { rowsTable, SYNCED_TABLES, type Meta, type ShowDb, type SiteVersion } from './db';

const CLOCK_KEY = 'clock' as const;

function allTables(db: ShowDb) {
  return [...SYNCED_TABLES.map((name) => db.table(name)), db.ops, db.versions, db.meta];
}

/**
 * Apply ops to their rows in memory, then write rows and ops in bulk: one read and
 * one write per table, so a catch-up of thousands of ops stays one short transaction.
 */
async function mergeIntoRows(db: ShowDb, ops: Op[]): Promise<Op[]> {
  const byTable = new Map<string, Op[]>();
  for (const op of ops) {
    const list = byTable.get(op.table);
    if (list) list.push(op);
    else byTable.set(op.table, [op]);
  }
  const effective: Op[] = [];
  for (const [table, tableOps] of byTable) {
    const rows = rowsTable(db, table);
    const keys = [...new Set(tableOps.map((op) => op.key))];
    const found = await rows.bulkGet(keys);
    const current = new Map<string, StoredRow>();
    keys.forEach((key, i) => {
      const row = found[i];
      if (row) current.set(key, row);
    });
    const changed = new Map<string, StoredRow>();
    for (const op of tableOps) {
      const next = applyOp(current.get(op.key), op);
      if (!next) continue;
      current.set(op.key, next);
      changed.set(op.key, next);
      effective.push(op);
    }
    if (changed.size) await rows.bulkPut([...changed.values()]);
  }
  return effective;
}

async function readMeta(db: ShowDb): Promise<Meta> {
  return (await db.meta.get(CLOCK_KEY)) ?? { key: CLOCK_KEY, hlc: { wall: 0, counter: 0 }, seq: 0 };
}

/**
 * Turn local changes into ops and write them, their effect on the rows and the
 * version in ONE transaction: a crash leaves either all of it or none.
 */
export async function writeChanges(db: ShowDb, site: SiteId, changes: Change[], now: number): Promise<Op[]> {
  if (changes.length === 0) return [];
  return db.transaction('rw', allTables(db), async () => {
    const meta = await readMeta(db);
    const version = (await db.versions.get(site)) ?? { site, seq: 0, floor: 0 };
    // A kiosk whose show database was wiped learns its own old ops back from peers:
    // never reuse a seq they already hold.
    meta.seq = Math.max(meta.seq, version.seq);
    const ops: Op[] = changes.map((change) => ({
      site,
      seq: ++meta.seq,
      hlc: tickHlc(meta.hlc, now, site),
      ...change,
    }));
    await mergeIntoRows(db, ops);
    await db.ops.bulkAdd(ops);
    await db.versions.put({ ...version, seq: meta.seq });
    await db.meta.put(meta);
    return ops;
  });
}

export interface ApplyResult {
  /** Ops new to this kiosk (stored in the log). */
  stored: number;
  /** Ops already held, skipped. */
  duplicates: number;
}

/**
 * Apply ops from other kiosks. Idempotent and order-independent: an op already
 * held is skipped, and the version of a site only advances over a run without gaps,
 * so ops that arrive early are kept and counted once the gap is filled.
 */
export async function applyRemoteOps(db: ShowDb, ops: Op[], now: number): Promise<ApplyResult> {
  if (ops.length === 0) return { stored: 0, duplicates: 0 };
  return db.transaction('rw', allTables(db), async () => {
    const sites = [...new Set(ops.map((op) => op.site))];
    const versions = new Map<SiteId, SiteVersion>();
    (await db.versions.bulkGet(sites)).forEach((v, i) => {
      const site = sites[i] as SiteId;
      versions.set(site, v ?? { site, seq: 0, floor: 0 });
    });
    // One key range per site, not one read per op: a catch-up of thousands stays a few requests.
    const seen = new Set<string>();
    for (const site of sites) {
      const seqs = ops.filter((op) => op.site === site).map((op) => op.seq);
      const held = await db.ops
        .where('[site+seq]')
        .between([site, Math.min(...seqs)], [site, Math.max(...seqs)], true, true)
        .primaryKeys();
      for (const [, seq] of held) seen.add(`${site}\u0000${seq}`);
    }
    const fresh = ops.filter((op) => {
      const id = `${op.site}\u0000${op.seq}`;
      const version = versions.get(op.site);
      const isHeld = seen.has(id) || (version !== undefined && op.seq <= version.floor);
      seen.add(id);
      return !isHeld;
    });
    if (fresh.length) {
      const meta = await readMeta(db);
      for (const op of fresh) receiveHlc(meta.hlc, op.hlc, now);
      await db.meta.put(meta);
      await mergeIntoRows(db, fresh);
      await db.ops.bulkAdd(fresh);
      for (const version of versions.values()) {
        const seq = await contiguousSeq(db, version.site, version.seq);
        if (seq !== version.seq) await db.versions.put({ ...version, seq });
      }
    }
    return { stored: fresh.length, duplicates: ops.length - fresh.length };
  });
}

/** The highest seq of `site` held without a gap, counting up from `from` (already held). */
async function contiguousSeq(db: ShowDb, site: SiteId, from: number): Promise<number> {
  const above = await db.ops.where('[site+seq]').between([site, from + 1], [site, Infinity], true, true).primaryKeys();
  let seq = from;
  for (const [, next] of above) {
    if (next !== seq + 1) break;
    seq = next;
  }
  return seq;
}

export async function versionVector(db: ShowDb): Promise<VersionVector> {
  const vv: VersionVector = {};
  for (const version of await db.versions.toArray()) vv[version.site] = version.seq;
  return vv;
}

export type OpsSince = { kind: 'ops'; ops: Op[]; more: boolean } | { kind: 'snapshot-needed' };

/**
 * The ops a peer with version vector `theirs` lacks, for every site (so edits travel
 * through third parties), oldest first per site, at most `limit`. When the peer is
 * behind what our log still holds, only a snapshot can catch it up.
 */
export async function opsSince(db: ShowDb, theirs: VersionVector, limit: number): Promise<OpsSince> {
  return db.transaction('r', [db.ops, db.versions], async () => {
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
      const batch = await db.ops
        .where('[site+seq]')
        .between([version.site, have + 1], [version.site, version.seq], true, true)
        .limit(room)
        .toArray();
      ops.push(...batch);
      if (have + batch.length < version.seq) more = true;
    }
    return { kind: 'ops' as const, ops, more };
  });
}

/** Every row with its field clocks, and the version they cover. */
export interface Snapshot {
  versions: VersionVector;
  tables: Record<string, StoredRow[]>;
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
  return db.transaction('rw', allTables(db), async () => {
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
      const mine = (await db.versions.get(site as SiteId)) ?? { site: site as SiteId, seq: 0, floor: 0 };
      // Ops of this site that arrived early (above a gap the snapshot now fills) count too.
      if (seq > mine.seq) await db.versions.put({ site: site as SiteId, seq: await contiguousSeq(db, site as SiteId, seq), floor: seq });
    }
    return changed;
  });
}

/** Drop ops up to each site's version minus `keepPerSite`; peers further behind get a snapshot. */
export async function compactLog(db: ShowDb, keepPerSite: number): Promise<number> {
  return db.transaction('rw', [db.ops, db.versions], async () => {
    let removed = 0;
    for (const version of await db.versions.toArray()) {
      const upTo = version.seq - keepPerSite;
      if (upTo <= version.floor) continue;
      removed += await db.ops
        .where('[site+seq]')
        .between([version.site, version.floor + 1], [version.site, upTo], true, true)
        .delete();
      await db.versions.put({ ...version, floor: upTo });
    }
    return removed;
  });
}
