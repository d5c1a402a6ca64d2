import type { StoredRow } from '../../domain/merge';
import type { TableName } from '../../domain/model';
import type { Op, Snapshot } from '../../domain/op';
import {
  MAX_MESSAGE_CHARS,
  MAX_OPS_PER_MESSAGE,
  MAX_ROWS_PER_MESSAGE,
  type OpsMessage,
  type SnapshotMessage,
  type SnapshotProofs,
} from './messages';
import { pagesOfMessage, toWire, type SignedPage } from '../trust/pages';

// Cut what we send into messages the receiver will accept: under the size cap and
// the count caps of messages.ts, whatever the values weigh.

/** Room for a message's payload, leaving slack for its envelope (type, flags, versions). */
export const PAYLOAD_BUDGET = MAX_MESSAGE_CHARS - 64 * 1024;

const sizeOf = (value: unknown): number => JSON.stringify(value).length + 1;

/**
 * Room per op for the pages that sign it: a page of its own (site, seqs, a signature,
 * a producer that vouches) and its hash, sent when a message holds only part of a page.
 */
const PAGE_CHARS_PER_OP = 280;

/**
 * Ops as one or more `ops` messages, each with the signed pages of its ops (a page cut
 * between two messages travels in both, with its hashes, so each checks alone). Only
 * the last carries `more` and `batch`, so the receiver acknowledges once, after it has
 * applied all of them (links are ordered).
 */
export function opsMessages(
  ops: readonly Op[],
  more = false,
  batch?: number,
  budget = PAYLOAD_BUDGET,
  pages: readonly SignedPage[] = [],
): OpsMessage[] {
  const messages: OpsMessage[] = [];
  let current: Op[] = [];
  let size = 0;
  const overhead = pages.length > 0 ? PAGE_CHARS_PER_OP : 0;
  for (const op of ops) {
    const opSize = sizeOf(op) + overhead;
    if (current.length > 0 && (size + opSize > budget || current.length >= MAX_OPS_PER_MESSAGE)) {
      messages.push({ type: 'ops', ops: current, more: false });
      current = [];
      size = 0;
    }
    current.push(op);
    size += opSize;
  }
  const last: OpsMessage = { type: 'ops', ops: current, more };
  if (batch !== undefined) last.batch = batch;
  if (current.length > 0 || more) messages.push(last);
  if (pages.length > 0)
    for (const message of messages) {
      const wire = pagesOfMessage(message.ops, pages);
      if (wire.length > 0) message.pages = wire;
    }
  return messages;
}

/**
 * A row too big for one message goes as several partial rows (some fields each,
 * with their clocks): partial rows merge field by field like whole ones.
 */
function splitRow(row: StoredRow, budget: number): StoredRow[] {
  if (sizeOf(row) <= budget) return [row];
  const parts: StoredRow[] = [];
  let part: StoredRow = { id: row.id, _clocks: {} };
  let size = sizeOf(part);
  for (const [field, clock] of Object.entries(row._clocks)) {
    const fieldSize = sizeOf(row[field]) + sizeOf(clock) + 2 * field.length + 8;
    if (Object.keys(part._clocks).length > 0 && size + fieldSize > budget) {
      parts.push(part);
      part = { id: row.id, _clocks: {} };
      size = sizeOf(part);
    }
    part[field] = row[field];
    part._clocks[field] = clock;
    size += fieldSize;
  }
  parts.push(part);
  return parts;
}

/** What proves a snapshot's fields: the ops that wrote their current values, and their pages. */
export interface SnapshotEvidence {
  winners: readonly Op[];
  pages: readonly SignedPage[];
}

type FieldProof = { field: string; seq: number; page: SignedPage };

/** Per row field (by table, key, field and clock), the seq and page of its winning write. */
function proofFinder(evidence: SnapshotEvidence | undefined) {
  if (!evidence) return () => [];
  const pageOf = new Map<string, SignedPage>();
  for (const page of evidence.pages)
    for (let seq = page.from; seq <= page.to; seq++)
      if (!pageOf.has(`${page.site} ${seq}`)) pageOf.set(`${page.site} ${seq}`, page);
  const byField = new Map<string, FieldProof>();
  for (const op of evidence.winners) {
    const page = pageOf.get(`${op.site} ${op.seq}`);
    if (page)
      byField.set(`${op.table}\u0000${op.key}\u0000${op.field}\u0000${op.hlc}`, {
        field: op.field,
        seq: op.seq,
        page,
      });
  }
  return (table: string, row: StoredRow): FieldProof[] =>
    Object.entries(row._clocks).flatMap(([field, hlc]) => {
      const proof = byField.get(`${table}\u0000${row.id}\u0000${field}\u0000${hlc}`);
      return proof ? [proof] : [];
    });
}

/** A page on the wire with its hashes, in JSON characters (a bound, not exact). */
const pageChars = (page: SignedPage): number => 300 + 44 * (page.to - page.from + 1);

/**
 * A snapshot as numbered parts; the last carries the versions the whole covers. With
 * `evidence`, each part carries the proofs of its rows' fields (the winning write's
 * seq and its author's page, with hashes).
 */
export function snapshotMessages(
  snapshot: Snapshot,
  id: number,
  budget = PAYLOAD_BUDGET,
  evidence?: SnapshotEvidence,
): SnapshotMessage[] {
  const messages: SnapshotMessage[] = [];
  const proofOf = proofFinder(evidence);
  let tables: Partial<Record<TableName, StoredRow[]>> = {};
  let proofs: SnapshotProofs = { pages: [], fields: {} };
  let pageIndex = new Map<SignedPage, number>();
  let rows = 0;
  let size = 0;
  const part = (last: boolean): SnapshotMessage => {
    const message: SnapshotMessage = { type: 'snapshot', id, part: messages.length, last, tables };
    if (evidence) message.proofs = proofs;
    return message;
  };
  const flush = () => {
    messages.push(part(false));
    tables = {};
    proofs = { pages: [], fields: {} };
    pageIndex = new Map();
    rows = 0;
    size = 0;
  };
  const proofChars = (found: FieldProof[]) =>
    found.reduce((n, p) => n + 30 + (pageIndex.has(p.page) ? 0 : pageChars(p.page)), 0);
  for (const [table, tableRows] of Object.entries(snapshot.tables) as Array<
    [TableName, StoredRow[]]
  >) {
    for (const row of tableRows.flatMap((r) => splitRow(r, budget))) {
      const found = proofOf(table, row);
      const fits = size + sizeOf(row) + proofChars(found) <= budget;
      if (rows > 0 && (!fits || rows >= MAX_ROWS_PER_MESSAGE)) flush();
      // Measured before its pages join this part: a page already in it costs nothing more.
      const rowSize = sizeOf(row) + proofChars(found) + table.length;
      (tables[table] ??= []).push(row);
      if (evidence) {
        const fields: Record<string, [number, number]> = {};
        for (const proof of found) {
          let index = pageIndex.get(proof.page);
          if (index === undefined) {
            index = proofs.pages.push(toWire(proof.page, true)) - 1;
            pageIndex.set(proof.page, index);
          }
          fields[proof.field] = [proof.seq, index];
        }
        (proofs.fields[table] ??= []).push(fields);
      }
      rows += 1;
      size += rowSize;
    }
  }
  messages.push({ ...part(true), versions: snapshot.versions });
  return messages;
}
