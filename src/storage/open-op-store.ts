import type { OpStore } from '../sync/synchronizer/op-store';
import type { ShowDb } from './db';
import { DexieOpStore, type LocalWriter } from './dexie-op-store';
import type { FromStore, MessageEnd, ToStore } from './op-store-messages';
import { WorkerOpStore, type CommitSource } from './worker-op-store';

/** How long a closed store's worker may take to answer the calls under way before it is stopped. */
const CLOSE_WITHIN_MS = 5_000;

/** A started worker, seen from this thread. */
export interface StoreWorker {
  end: MessageEnd;
  /** Called once if the worker fails (does not load, throws at top level, dies). */
  onFailure(listener: (message: string) => void): void;
  stop(): void;
}

export interface OpenedOpStore {
  store: OpStore;
  /** Set when the store runs in a worker: tells its commits from other windows' (worker-op-store.ts). */
  commits?: CommitSource;
  /** Set when the store runs in a worker: whether other windows follow the show (`WorkerOpStore.othersListen`). */
  othersListen?(isListening: boolean): void;
  /**
   * Set when the store runs in a worker: the kiosk's own writes stored there too, off the
   * thread that paints the tap (the same transaction as `writeChanges` of oplog.ts).
   */
  writer?: LocalWriter;
  close(): void;
}

export interface OpenOptions {
  log(message: string, error?: unknown): void;
  /** How long the worker may take to open the database before the store runs here instead. */
  readyWithinMs?: number;
  start?: () => StoreWorker;
}

/**
 * The sync engine's op store for `db`: in a worker when one starts and opens the show's
 * database, else (no Worker, a worker that fails or is too slow to start) on this thread,
 * said in the log. A worker that dies later hands its calls to this thread's store.
 */
export async function openOpStore(db: ShowDb, options: OpenOptions): Promise<OpenedOpStore> {
  const inThread = new DexieOpStore(db);
  const here = (why: string, error?: unknown): OpenedOpStore => {
    options.log(`storing ops on the main thread: ${why}`, error);
    return { store: inThread, close: () => {} };
  };
  let worker: StoreWorker;
  try {
    worker = (options.start ?? startWorker)();
  } catch (error) {
    return here('the op store worker could not be started', error);
  }
  const tagPrefix = `opstore:${Date.now().toString(36)}${Math.random().toString(36).slice(2)}:`;
  let failed: (message: string) => void = () => {};
  worker.onFailure((message) => failed(message));
  const ready = await new Promise<string>((resolve) => {
    const timer = setTimeout(
      () => resolve('the op store worker did not open the database in time'),
      options.readyWithinMs ?? 10_000,
    );
    const settle = (outcome: string) => {
      clearTimeout(timer);
      worker.end.removeEventListener('message', listen);
      failed = () => {};
      resolve(outcome);
    };
    const listen = (event: MessageEvent) => {
      const message = event.data as FromStore;
      if (message.kind === 'ready') settle('');
      else if (message.kind === 'failed') settle(`the op store worker failed: ${message.message}`);
    };
    failed = (message) => settle(`the op store worker failed: ${message}`);
    worker.end.addEventListener('message', listen);
    worker.end.start?.();
    const open: ToStore = { kind: 'open', showId: db.showId, tagPrefix };
    worker.end.postMessage(open);
  });
  if (ready) {
    worker.stop();
    return here(ready);
  }
  const store = new WorkerOpStore(worker.end, tagPrefix, inThread);
  failed = (message) => {
    options.log(`the op store worker stopped (${message}); storing ops on the main thread`);
    store.break(new Error(`The op store worker stopped: ${message}`));
    worker.stop();
  };
  return {
    store,
    commits: store,
    othersListen: (isListening) => store.othersListen(isListening),
    writer: store,
    // The calls under way (a tap being stored) get their replies first, for at most
    // CLOSE_WITHIN_MS; those that come meanwhile go to this thread's store.
    close: () => {
      const stop = () => {
        store.break(new Error('The op store was closed.'));
        worker.stop();
      };
      const timer = setTimeout(stop, CLOSE_WITHIN_MS);
      void store.retire().then(() => {
        clearTimeout(timer);
        stop();
      });
    },
  };
}

function startWorker(): StoreWorker {
  if (typeof Worker === 'undefined') throw new Error('no Worker here');
  const worker = new Worker(new URL('./op-store.worker.ts', import.meta.url), {
    type: 'module',
    name: 'op-store',
  });
  return {
    end: worker,
    onFailure: (listener) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        listener(event.message || 'it did not load');
      });
      worker.addEventListener('messageerror', () => listener('a message could not be read'));
    },
    stop: () => worker.terminate(),
  };
}
