import type { Change, Op, Snapshot, VersionVector } from '../domain/op';
import type { OpStore, OpsSince, RowsChanged, StoreResult } from '../sync/synchronizer/op-store';
import { replaceForkedOp } from './fork-replace';
import type { ShowDb } from './db';
import type { SignedPage } from '../domain/signed-page';
import type { SiteId } from '../domain/ids';
import {
  applySnapshot,
  opsSince,
  pagesFor,
  storePages,
  storeRemoteOps,
  takeSnapshot,
  versionVector,
  winningOps,
  writeChanges,
  type Written,
} from './oplog';

/** The kiosk's own writes (oplog.ts `writeChanges`), where an op store serves them. */
export interface LocalWriter {
  writeLocal(site: SiteId, changes: Change[], now: number): Promise<Written>;
}

/** The sync engine's storage port, on a show's Dexie database; and the kiosk's own writes. */
export class DexieOpStore implements OpStore, LocalWriter {
  constructor(readonly db: ShowDb) {}

  versions(): Promise<VersionVector> {
    return versionVector(this.db);
  }

  opsSince(theirs: VersionVector, limit: number): Promise<OpsSince> {
    return opsSince(this.db, theirs, limit);
  }

  storeRemoteOps(
    ops: readonly Op[],
    now: number,
    pages?: readonly SignedPage[],
  ): Promise<StoreResult> {
    return storeRemoteOps(this.db, ops, now, pages);
  }

  winningOps(): Promise<Op[]> {
    return winningOps(this.db);
  }

  storePages(pages: readonly SignedPage[]): Promise<void> {
    return storePages(this.db, pages);
  }

  pagesFor(ops: readonly Op[]): Promise<SignedPage[]> {
    return pagesFor(this.db, ops);
  }

  snapshot(): Promise<Snapshot> {
    return takeSnapshot(this.db);
  }

  applySnapshot(snapshot: Snapshot, now: number): Promise<number> {
    return applySnapshot(this.db, snapshot, now);
  }

  replaceOp(winner: Op, now: number): Promise<{ replaced: boolean; changed: RowsChanged }> {
    return replaceForkedOp(this.db, winner, now);
  }

  writeLocal(site: SiteId, changes: Change[], now: number): Promise<Written> {
    return writeChanges(this.db, site, changes, now);
  }
}
