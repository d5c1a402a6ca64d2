import type { StoredRow } from '../../domain/merge';
import type { TableName } from '../../domain/model';
import type { Op, Snapshot } from '../../domain/op';
import {
  MAX_MESSAGE_CHARS,
  MAX_OPS_PER_MESSAGE,
  MAX_ROWS_PER_MESSAGE,
  type OpsMessage,
  type SnapshotMessage,
} from './messages';
import { pagesOfMessage, type SignedPage } from '../trust/pages';

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

/** A snapshot as numbered parts; the last carries the versions the whole covers. */
export function snapshotMessages(
  snapshot: Snapshot,
  id: number,
  budget = PAYLOAD_BUDGET,
): SnapshotMessage[] {
  const messages: SnapshotMessage[] = [];
  let tables: Partial<Record<TableName, StoredRow[]>> = {};
  let rows = 0;
  let size = 0;
  const flush = () => {
    messages.push({ type: 'snapshot', id, part: messages.length, last: false, tables });
    tables = {};
    rows = 0;
    size = 0;
  };
  for (const [table, tableRows] of Object.entries(snapshot.tables) as Array<
    [TableName, StoredRow[]]
  >) {
    for (const row of tableRows.flatMap((r) => splitRow(r, budget))) {
      const rowSize = sizeOf(row);
      if (rows > 0 && (size + rowSize > budget || rows >= MAX_ROWS_PER_MESSAGE)) flush();
      (tables[table] ??= []).push(row);
      rows += 1;
      size += rowSize + table.length;
    }
  }
  messages.push({
    type: 'snapshot',
    id,
    part: messages.length,
    last: true,
    tables,
    versions: snapshot.versions,
  });
  return messages;
}
