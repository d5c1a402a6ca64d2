import type { ObservabilitySet } from 'dexie';
import type { StoredRow } from '../domain/merge';
import type { SiteId } from '../domain/ids';
import type { Change, Op, Snapshot, VersionVector } from '../domain/op';
import type { SignedPage } from '../domain/signed-page';
import type { OpStore, OpsSince, RowsChanged, StoreResult } from '../sync/synchronizer/op-store';
import type { LocalWriter } from './dexie-op-store';
import type { Written } from './oplog';
import {
  SELF_TOLD_METHODS,
  WRITING_METHODS,
  type FromStore,
  type MessageEnd,
  type OpStoreMethod,
  type ToStore,
} from './op-store-messages';

/** The rows a commit of the worker stored, as its call handed them back, by table (empty: none). */
export type HandedRows = ReadonlyMap<string, readonly StoredRow[]>;

/** Told by Dexie's `storagemutated` parts: was this commit one of the worker's, and which rows did its call hand back? */
export interface CommitSource {
  /** Undefined when the commit is not this store's; else its call's rows once it replied. */
  claim(parts: ObservabilitySet): Promise<HandedRows> | undefined;
}

/** How many writing calls are remembered for their commit's event (it comes a moment after the reply, or before it). */
const REMEMBERED_CALLS = 200;
const NONE: HandedRows = new Map();

interface Write {
  rows: Promise<HandedRows>;
  settle(rows: HandedRows): void;
  isClaimed: boolean;
  isReplied: boolean;
}

interface Call {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The sync engine's op store, served by a worker (op-store-server.ts) over `end`: each
 * call is posted as `{id, method, args}` and resolved by the worker's reply, an error
 * with the worker's message. So the IndexedDB transactions that store peers' ops, and
 * Dexie's work around them, run off the main thread.
 *
 * The worker's commits reach this thread's Dexie as another context's (`storagemutated`
 * by broadcast), tagged with their call (commit-tags.ts): `claim` hands the rows that
 * call returned, so the screens need not read them back.
 */
export class WorkerOpStore implements OpStore, LocalWriter, CommitSource {
  #next = 1;
  readonly #calls = new Map<number, Call>();
  /** Writing calls by id: the rows each handed back, once it has replied; forgotten once replied and claimed. */
  readonly #writes = new Map<number, Write>();
  #broken: Error | undefined;
  /** Set by `retire`: no more calls go to the worker; resolved once those under way have replied. */
  #retired: { done: Promise<void>; drained(): void } | undefined;
  /** Other windows follow the show: every commit of the worker is broadcast (see `othersListen`). */
  #othersListen = true;
  readonly #onMessage = (event: MessageEvent) => this.#reply(event.data as FromStore);

  constructor(
    readonly end: MessageEnd,
    /** Prefix of the tags the worker gives this store's commits (unique per store). */
    readonly tagPrefix: string,
    /** Where calls go once the worker is gone (the same database, in this thread). */
    readonly fallback?: OpStore & LocalWriter,
  ) {
    end.addEventListener('message', this.#onMessage);
    end.start?.();
  }

  /**
   * The worker is gone (it crashed, or was stopped): every call waiting fails with
   * `error`, and those to come go to the fallback (or fail the same way).
   */
  break(error: Error): void {
    this.#broken ??= error;
    this.#retired?.drained();
    this.end.removeEventListener('message', this.#onMessage);
    for (const call of this.#calls.values()) call.reject(error);
    this.#calls.clear();
    for (const write of this.#writes.values()) write.settle(NONE);
    this.#writes.clear();
  }

  /**
   * Whether other windows of this browser follow the show. While none does, the worker
   * broadcasts no commit whose rows its reply hands back in full (op-store-messages.ts):
   * this window has them from the reply, and no other is there to hear. Once one is, the
   * tables written meanwhile are named to it, and every commit is broadcast again.
   */
  othersListen(isListening: boolean): void {
    if (this.#broken || isListening === this.#othersListen) return;
    this.#othersListen = isListening;
    const message: ToStore = { kind: 'others', isListening };
    this.end.postMessage(message);
  }

  /**
   * Send the worker no more calls (those to come go to the fallback, on this thread), and
   * resolve once the calls under way have their replies: a tap being stored when sync
   * stops is stored, not failed, before the worker is stopped.
   */
  retire(): Promise<void> {
    if (!this.#retired) {
      let drained!: () => void;
      const done = new Promise<void>((resolve) => (drained = resolve));
      this.#retired = { done, drained };
      if (this.#broken || this.#calls.size === 0) drained();
    }
    return this.#retired.done;
  }

  claim(parts: ObservabilitySet): Promise<HandedRows> | undefined {
    for (const part in parts) {
      if (!part.startsWith(this.tagPrefix)) continue;
      const id = Number(part.slice(this.tagPrefix.length));
      const write = this.#writes.get(id);
      // A call forgotten, or claimed already (a second commit of one call): its rows
      // are read back, as another window's would be.
      if (!write || write.isClaimed) return undefined;
      write.isClaimed = true;
      if (write.isReplied) this.#writes.delete(id);
      return write.rows;
    }
    return undefined;
  }

  #call<T>(method: OpStoreMethod, args: unknown[]): Promise<T> {
    if (this.#broken || this.#retired) {
      if (!this.fallback)
        return Promise.reject(this.#broken ?? new Error('The op store was closed.'));
      const inThread = this.fallback[method] as (...args: unknown[]) => Promise<T>;
      return inThread.apply(this.fallback, args);
    }
    const id = this.#next++;
    // A muted commit (see `othersListen`) never comes as an event: nothing to wait for.
    const isHeard = this.#othersListen || !SELF_TOLD_METHODS.has(method);
    if (WRITING_METHODS.has(method) && isHeard) {
      let settle!: (rows: HandedRows) => void;
      const rows = new Promise<HandedRows>((resolve) => (settle = resolve));
      this.#writes.set(id, { rows, settle, isClaimed: false, isReplied: false });
      if (this.#writes.size > REMEMBERED_CALLS) {
        const [oldest] = this.#writes;
        if (oldest) {
          oldest[1].settle(NONE);
          this.#writes.delete(oldest[0]);
        }
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.#calls.set(id, { resolve: (value) => resolve(value as T), reject });
      this.end.postMessage({ kind: 'call', id, method, args });
    });
  }

  #reply(message: FromStore): void {
    if (message.kind !== 'reply' && message.kind !== 'error') return;
    const call = this.#calls.get(message.id);
    this.#calls.delete(message.id);
    if (this.#calls.size === 0) this.#retired?.drained();
    const write = this.#writes.get(message.id);
    if (write) {
      write.isReplied = true;
      if (write.isClaimed) this.#writes.delete(message.id);
    }
    if (message.kind === 'reply') {
      write?.settle(handedRows(message.value));
      call?.resolve(message.value);
    } else {
      write?.settle(NONE);
      const error = new Error(message.message);
      error.name = message.name;
      call?.reject(error);
    }
  }

  versions(): Promise<VersionVector> {
    return this.#call('versions', []);
  }

  opsSince(theirs: VersionVector, limit: number): Promise<OpsSince> {
    return this.#call('opsSince', [theirs, limit]);
  }

  storeRemoteOps(
    ops: readonly Op[],
    now: number,
    pages?: readonly SignedPage[],
  ): Promise<StoreResult> {
    return this.#call('storeRemoteOps', pages ? [ops, now, pages] : [ops, now]);
  }

  storePages(pages: readonly SignedPage[]): Promise<void> {
    return this.#call('storePages', [pages]);
  }

  winningOps(): Promise<Op[]> {
    return this.#call('winningOps', []);
  }

  pagesFor(ops: readonly Op[]): Promise<SignedPage[]> {
    return this.#call('pagesFor', [ops]);
  }

  snapshot(): Promise<Snapshot> {
    return this.#call('snapshot', []);
  }

  applySnapshot(snapshot: Snapshot, now: number): Promise<number> {
    return this.#call('applySnapshot', [snapshot, now]);
  }

  replaceOp(winner: Op, now: number): Promise<{ replaced: boolean; changed: RowsChanged }> {
    return this.#call('replaceOp', [winner, now]);
  }

  writeLocal(site: SiteId, changes: Change[], now: number): Promise<Written> {
    return this.#call('writeLocal', [site, changes, now]);
  }
}

/** The rows a reply hands back (`changed` of storeRemoteOps, replaceOp and writeLocal), or none. */
function handedRows(value: unknown): HandedRows {
  if (typeof value !== 'object' || value === null || !('changed' in value)) return NONE;
  const changed = (value as { changed: unknown }).changed;
  return changed instanceof Map ? (changed as HandedRows) : NONE;
}
