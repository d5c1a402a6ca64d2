import type { OpStore } from '../sync/synchronizer/op-store';
import type { LocalWriter } from './dexie-op-store';

// What the main thread and the op store's worker say to each other (op-store-server.ts,
// worker-op-store.ts). Everything is plain data: it crosses by structured clone.

/** The sync engine's calls, and the kiosk's own writes. */
export type OpStoreMethod = keyof OpStore | keyof LocalWriter;

/** The methods that write: their commits are tagged, so the main thread knows them (commit-tags.ts). */
export const WRITING_METHODS: ReadonlySet<OpStoreMethod> = new Set<OpStoreMethod>([
  'storeRemoteOps',
  'storePages',
  'applySnapshot',
  'replaceOp',
  'writeLocal',
]);

/**
 * Writing methods whose replies hand back every row of the show they wrote: the window
 * that called needs no word of their commits, and the others are told of them only
 * while some listen (muted-commits.ts).
 */
export const SELF_TOLD_METHODS: ReadonlySet<OpStoreMethod> = new Set<OpStoreMethod>([
  'storeRemoteOps',
  'storePages',
  'writeLocal',
]);

export type ToStore =
  /** Open the show's database; tag the commits of call `id` as `${tagPrefix}${id}`. */
  | { kind: 'open'; showId: string; tagPrefix: string }
  | { kind: 'call'; id: number; method: OpStoreMethod; args: unknown[] }
  /**
   * Whether other windows of this browser follow the show (they learn of the store's
   * commits only from Dexie's broadcast). Until told, they are taken to.
   */
  | { kind: 'others'; isListening: boolean };

export type FromStore =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'error'; id: number; name: string; message: string };

/** A MessagePort, a Worker or the worker's own scope: what both ends need of each other. */
export interface MessageEnd {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}
