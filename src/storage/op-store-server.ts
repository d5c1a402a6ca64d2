import type { ShowId } from '../domain/ids';
import { errorText } from '../domain/errors';
import { tagCommits } from './commit-tags';
import type { ShowDb } from './db';
import { DexieOpStore } from './dexie-op-store';
import type { MutedCommits } from './muted-commits';
import {
  SELF_TOLD_METHODS,
  WRITING_METHODS,
  type FromStore,
  type MessageEnd,
  type OpStoreMethod,
  type ToStore,
} from './op-store-messages';

/** Keeps some of this context's commits from the others (muted-commits.ts), as `isMuted` says. */
export type MuteCommits = (isMuted: () => boolean) => MutedCommits;

/**
 * The op store's side of the worker (op-store.worker.ts; a MessagePort in tests): opens
 * the show's database when asked, then answers calls one at a time, in the order they
 * came, so the commits of a writing call carry that call's tag (commit-tags.ts) and no
 * other's. A database deleted or upgraded by another window is closed here at once (it
 * must not block that window, nor be opened again empty): calls after it fail, saying so.
 */
export function serveOpStore(
  end: MessageEnd,
  openDb: (showId: ShowId) => ShowDb,
  /** Where given, a commit the caller is handed back in full is not broadcast while no other window listens. */
  muteCommits?: MuteCommits,
): void {
  let store: DexieOpStore | undefined;
  let closedBecause = '';
  let queue: Promise<void> = Promise.resolve();
  const send = (message: FromStore) => end.postMessage(message);

  /** The writing call being served: its commits carry its tag. */
  let serving: number | undefined;
  let servingMethod: OpStoreMethod | undefined;
  let othersListen = true;
  const muted = muteCommits?.(
    () => !othersListen && servingMethod !== undefined && SELF_TOLD_METHODS.has(servingMethod),
  );
  const open = async (showId: ShowId, tagPrefix: string) => {
    const db = openDb(showId);
    tagCommits(db, () => (serving === undefined ? undefined : `${tagPrefix}${serving}`));
    db.on('versionchange', () => {
      closedBecause = `The show's database was closed: another window deleted or upgraded it.`;
      db.close({ disableAutoOpen: true });
    });
    await db.open();
    store = new DexieOpStore(db);
  };

  const serve = async (message: ToStore): Promise<void> => {
    if (message.kind === 'open') {
      try {
        await open(message.showId as ShowId, message.tagPrefix);
        send({ kind: 'ready' });
      } catch (error) {
        send({ kind: 'failed', message: errorText(error) });
      }
      return;
    }
    if (message.kind === 'others') {
      othersListen = message.isListening;
      // A window that just opened may have read a table before a muted commit wrote it.
      if (othersListen) muted?.announceMuted();
      return;
    }
    const { id, method, args } = message;
    try {
      if (closedBecause) throw new Error(closedBecause);
      if (!store) throw new Error('The op store was called before its database was opened.');
      const call = store[method] as (...args: unknown[]) => Promise<unknown>;
      if (typeof call !== 'function') throw new Error(`The op store has no method "${method}".`);
      serving = WRITING_METHODS.has(method) ? id : undefined;
      servingMethod = method;
      const value = await call.apply(store, args);
      send({ kind: 'reply', id, value });
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      send({ kind: 'error', id, name, message: errorText(error) });
    } finally {
      serving = undefined;
      servingMethod = undefined;
    }
  };

  end.addEventListener('message', (event) => {
    const message = event.data as ToStore;
    queue = queue.then(() => serve(message));
  });
  end.start?.();
}
