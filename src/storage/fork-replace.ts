import { cellOf, undoLoser } from '../domain/fork-undo';
import { receiveHlc } from '../domain/hlc';
import { applyOp } from '../domain/merge';
import type { Op } from '../domain/op';
import type { RowsChanged } from '../sync/synchronizer/op-store';
import { rowsTable, SYNCED_TABLES, type Meta, type ShowDb } from './db';

const CLOCK_KEY = 'clock' as const;

/**
 * A fork that `winner` wins (the sync engine decides: sync/synchronizer/forks.ts): put
 * it in the log page in place of the op held under its site and seq, undo that op's
 * effect and apply the winner's, in one transaction. Forks are rare (a cloned tablet),
 * so the other ops on the loser's field are found by reading the whole log.
 */
export async function replaceForkedOp(
  db: ShowDb,
  winner: Op,
  now: number,
): Promise<{ replaced: boolean; changed: RowsChanged }> {
  const tables = [...SYNCED_TABLES.map((name) => db.table(name)), db.log, db.meta];
  return db.transaction('rw', tables, async () => {
    const pages = await db.log
      .where('[site+first+last]')
      .between([winner.site, -Infinity, -Infinity], [winner.site, winner.seq, Infinity], true, true)
      .toArray();
    const page = pages.find((p) => p.first <= winner.seq && winner.seq <= p.last);
    const loser = page?.ops.find((op) => op.seq === winner.seq);
    if (!page || !loser) return { replaced: false, changed: new Map() };
    await db.log.put({ ...page, ops: page.ops.map((op) => (op === loser ? winner : op)) });
    const meta: Meta = (await db.meta.get(CLOCK_KEY)) ?? {
      key: CLOCK_KEY,
      hlc: { wall: 0, counter: 0 },
      seq: 0,
    };
    receiveHlc(meta.hlc, winner.hlc, now);
    await db.meta.put(meta);
    const others = (await db.log.toArray())
      .flatMap((p) => p.ops)
      .filter((op) => cellOf(op) === cellOf(loser));
    const changed: RowsChanged = new Map();
    const loserRows = rowsTable(db, loser.table);
    const before = await loserRows.get(loser.key);
    const undone = undoLoser(before, loser, others);
    // A row only the loser wrote goes with it, as on a kiosk that never had the loser.
    if (undone && Object.keys(undone._clocks).length === 0) await loserRows.delete(loser.key);
    else if (undone && undone !== before) {
      await loserRows.put(undone);
      changed.set(loser.table, [undone]);
    }
    const winnerRows = rowsTable(db, winner.table);
    const applied = applyOp(await winnerRows.get(winner.key), winner);
    if (applied) {
      await winnerRows.put(applied);
      changed.set(winner.table, [
        ...(changed.get(winner.table) ?? []).filter((row) => row.id !== applied.id),
        applied,
      ]);
    }
    return { replaced: true, changed };
  });
}
