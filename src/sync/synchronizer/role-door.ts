import { decodeHlc, isHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import type { StoredRow } from '../../domain/merge';
import type { Role, TableName } from '../../domain/model';
import type { Json, Op, PendingOp } from '../../domain/op';
import { roleRefusal } from '../../domain/roles';
import type { Authority } from '../trust/authority';
import { isKeyDerivedSiteId } from '../trust/identity';

// Roles at the door: every op, preview and snapshot field from a peer is checked
// against its author's standing (trust/authority.ts) and role (domain/roles.ts) before
// anything else sees it.
// - An author with no admission known here: its ops wait (bounded, like gaps.ts) and go
//   on when the authority changes; its previews and snapshot fields are left out.
// - A removed author: its ops above the seq it was removed at are refused.
// - A write outside the author's role: refused, counted against the author, and said.
// A refused op is not stored, so an author's later ops wait behind it (gaps.ts): a kiosk
// that wrote outside its role is cut off at that op everywhere, the same everywhere.

export const MAX_WAITING_PER_SITE = 2_000;
export const MAX_WAITING_SITES = 64;
/** Changes remembered per author so one refused change is counted once, however often it comes. */
const MAX_REMEMBERED = 10_000;

export type DoorRefusal = 'out-of-role' | 'removed';

export type Verdict =
  { kind: 'pass' } | { kind: 'wait' } | { kind: 'refused'; why: DoorRefusal; detail: string };

/** An author some of whose changes were refused here, for the kiosks panel. */
export interface RefusedAuthor {
  site: SiteId;
  /** Changes refused (an op and its preview count once). */
  changes: number;
  /** Why the last one was: "a makeup kiosk may not write the outfit of looks". */
  last: string;
}

const PASS: Verdict = { kind: 'pass' };

/** What this door needs of an author's standing (trust/authority.ts): its role, and any removal. */
type AuthorStanding =
  | { kind: 'unknown' }
  | { kind: 'admitted'; role: Role }
  | { kind: 'removed'; role: Role; upTo: number };

export class RoleDoor {
  readonly #authority: Authority | undefined;
  readonly #waiting = new Map<SiteId, Map<number, Op>>();
  readonly #refused = new Map<SiteId, { seen: Set<string>; last: string }>();

  constructor(authority?: Authority) {
    this.#authority = authority;
  }

  /** Whether there is anything to check: without an authority every write passes, as before roles. */
  get isChecking(): boolean {
    return this.#authority !== undefined;
  }

  /** What to do with one write of `op.site` (a stored op when `seq` is given, else a preview). */
  judge(op: PendingOp & { seq?: number }): Verdict {
    if (!this.#authority) return PASS;
    const standing = this.#standing(op.site);
    if (standing.kind === 'unknown') return { kind: 'wait' };
    if (standing.kind === 'removed' && (op.seq === undefined || op.seq > standing.upTo))
      return this.#refuse(op, 'removed', `the producer removed ${op.site}`);
    const why = roleRefusal(standing.role, op, op.site);
    return why ? this.#refuse(op, 'out-of-role', why) : PASS;
  }

  /**
   * Sort ops from a peer: those that pass, those refused (counted), and those of
   * authors not known yet, kept here until `readmit` (beyond the bounds, let go:
   * catch-up offers them again).
   */
  sort(ops: readonly Op[]): {
    passed: Op[];
    refused: Array<{ op: Op; why: DoorRefusal; detail: string }>;
  } {
    const passed: Op[] = [];
    const refused: Array<{ op: Op; why: DoorRefusal; detail: string }> = [];
    for (const op of ops) {
      const verdict = this.judge(op);
      if (verdict.kind === 'pass') passed.push(op);
      else if (verdict.kind === 'refused')
        refused.push({ op, why: verdict.why, detail: verdict.detail });
      else this.#wait(op);
    }
    return { passed, refused };
  }

  /** The authority changed: waiting ops whose author is known now, sorted again. */
  readmit(): ReturnType<RoleDoor['sort']> {
    const waiting = [...this.#waiting.values()].flatMap((ops) => [...ops.values()]);
    this.#waiting.clear();
    return this.sort(waiting.sort((a, b) => a.seq - b.seq));
  }

  get waitingCount(): number {
    let n = 0;
    for (const ops of this.#waiting.values()) n += ops.size;
    return n;
  }

  /** A preview shows only if every op of it passes (a refused one is counted like an op). */
  isPreviewShown(ops: readonly PendingOp[]): { isShown: boolean; refused?: string } {
    for (const op of ops) {
      const verdict = this.judge(op);
      if (verdict.kind === 'wait') return { isShown: false };
      if (verdict.kind === 'refused') return { isShown: false, refused: verdict.detail };
    }
    return { isShown: true };
  }

  /**
   * A snapshot's rows without the fields whose winning write (its clock names the
   * author) this kiosk may not take: out of the author's role (refused, counted), or by
   * an author not known here (left out). The row's other fields still merge.
   */
  snapshotFields(tables: Partial<Record<TableName, StoredRow[]>>): {
    tables: Partial<Record<TableName, StoredRow[]>>;
    refused: string[];
  } {
    if (!this.#authority) return { tables, refused: [] };
    const refused: string[] = [];
    const kept: Partial<Record<TableName, StoredRow[]>> = {};
    for (const [table, rows] of Object.entries(tables) as Array<[TableName, StoredRow[]]>) {
      kept[table] = rows.flatMap((row) => {
        const clocks = { ...row._clocks };
        const clean: StoredRow = { ...row, _clocks: clocks };
        for (const [field, hlc] of Object.entries(row._clocks)) {
          const site = isHlc(hlc) ? decodeHlc(hlc).site : undefined;
          const value = (row[field] ?? null) as Json;
          const verdict: Verdict = site
            ? this.#judgeField({ site, hlc, table, key: row.id, field, value })
            : { kind: 'wait' };
          if (verdict.kind === 'pass') continue;
          if (verdict.kind === 'refused') refused.push(`${table} row ${row.id}: ${verdict.detail}`);
          delete clocks[field];
          delete (clean as Record<string, unknown>)[field];
        }
        return Object.keys(clocks).length > 0 ? [clean] : [];
      });
    }
    return { tables: kept, refused };
  }

  /** Authors with changes refused here, most first. */
  refusedAuthors(): RefusedAuthor[] {
    return [...this.#refused.entries()]
      .map(([site, { seen, last }]) => ({ site, changes: seen.size, last }))
      .sort((a, b) => b.changes - a.changes);
  }

  /** A snapshot field's winning write: its seq is unknown, so a removed author's role still decides. */
  #judgeField(write: PendingOp): Verdict {
    if (!this.#authority) return PASS;
    const standing = this.#standing(write.site);
    if (standing.kind === 'unknown') return { kind: 'wait' };
    const why = roleRefusal(standing.role, write, write.site);
    return why ? this.#refuse(write, 'out-of-role', why) : PASS;
  }

  /**
   * A legacy site id (a kiosk from before identity keys) has no admission: its ops reach
   * this door only on a page an admitted producer signed for them (signed-pages.ts), and
   * a producer may write everything, so they count as the producer's.
   */
  #standing(site: SiteId): AuthorStanding {
    const standing = (this.#authority as Authority).standing(site);
    if (standing.kind !== 'unknown' || isKeyDerivedSiteId(site)) return standing;
    return { kind: 'admitted', role: 'producer' };
  }

  #refuse(op: PendingOp, why: DoorRefusal, detail: string): Verdict {
    let author = this.#refused.get(op.site);
    if (!author) this.#refused.set(op.site, (author = { seen: new Set(), last: detail }));
    // One change, however it comes (its preview, its op, catch-up offering it again).
    if (author.seen.size < MAX_REMEMBERED)
      author.seen.add(`${op.table}\u0000${op.key}\u0000${op.field}\u0000${op.hlc}`);
    author.last = detail;
    return { kind: 'refused', why, detail };
  }

  #wait(op: Op): void {
    let ops = this.#waiting.get(op.site);
    if (!ops) {
      if (this.#waiting.size >= MAX_WAITING_SITES) return;
      this.#waiting.set(op.site, (ops = new Map()));
    }
    if (ops.size < MAX_WAITING_PER_SITE || ops.has(op.seq)) ops.set(op.seq, op);
  }
}
