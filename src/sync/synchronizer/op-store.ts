import type { StoredRow } from '../../domain/merge';
import type { Op, Snapshot, VersionVector } from '../../domain/op';
import type { SignedPage } from '../trust/pages';

// What the sync engine needs of a kiosk's storage, and nothing more: sync owns this
// port, storage implements it (storage/dexie-op-store.ts), and the engine and session
// tests run on an in-memory one (testing/memory-op-store.ts). Both pass the same
// contract suite (op-store-contract.ts).

/** Rows as a committed write left them, by table. */
export type RowsChanged = Map<string, StoredRow[]>;

export type OpsSince = { kind: 'ops'; ops: Op[]; more: boolean } | { kind: 'snapshot-needed' };

export interface StoreResult {
  /** The ops that were new here, each once (what the sync engine gossips on). */
  fresh: Op[];
  /** Ops already held, skipped. */
  duplicates: number;
  /** This kiosk's version vector once they are stored. */
  versions: VersionVector;
  /** The rows the new ops changed (the screens show them without reading them back). */
  changed: RowsChanged;
}

export interface OpStore {
  /** `{site: highest seq held without a gap}`. */
  versions(): Promise<VersionVector>;
  /**
   * The ops a peer with version vector `theirs` lacks, for every site (so edits travel
   * through third parties), oldest first per site, at most `limit`. When the peer is
   * behind what the log still holds, only a snapshot can catch it up.
   */
  opsSince(theirs: VersionVector, limit: number): Promise<OpsSince>;
  /**
   * Store ops from other kiosks and their effect on the rows, in one transaction.
   * Idempotent and order-independent: an op already held is skipped, and a site's
   * version only advances over a run without gaps. `pages` (their authors' signed
   * pages, checked) are kept in the same transaction.
   */
  storeRemoteOps(
    ops: readonly Op[],
    now: number,
    pages?: readonly SignedPage[],
  ): Promise<StoreResult>;
  /** Keep signed pages (this kiosk's own, signed after their write committed). Idempotent. */
  storePages(pages: readonly SignedPage[]): Promise<void>;
  /**
   * The ops in the log that wrote each row field's current value (its clock): what a
   * snapshot proves each field with. Compaction keeps them.
   */
  winningOps(): Promise<Op[]>;
  /** The pages kept that cover any of these ops (a fork's two copies may each have one). */
  pagesFor(ops: readonly Op[]): Promise<SignedPage[]>;
  /** Every row with its field clocks, and the versions they cover. */
  snapshot(): Promise<Snapshot>;
  /** Merge a snapshot by the same per-field rule as ops; returns the rows merged. */
  applySnapshot(snapshot: Snapshot, now: number): Promise<number>;
  /**
   * A fork (two different ops under one site and seq) that `winner` wins: put it in
   * the log in place of the other op held there, undo that op's effect (its fields
   * fall back to the best other logged op: domain/fork-undo.ts) and apply the
   * winner's. `replaced: false` when no other op is in the log there (store it as usual).
   */
  replaceOp(winner: Op, now: number): Promise<{ replaced: boolean; changed: RowsChanged }>;
}
