import type { ShowDb } from './db';
import { openOpStore, type OpenedOpStore, type OpenOptions } from './open-op-store';
import { serveOpStore, type MuteCommits } from './op-store-server';

/**
 * For tests: the op store of `db` as the app runs it in a worker, its two ends joined by
 * a MessageChannel in one thread (structured clone, and the worker's own connection to
 * the database, opened by `openDb`).
 */
export function openOpStoreOnChannel(
  db: ShowDb,
  openDb: (showId: ShowDb['showId']) => ShowDb,
  log: OpenOptions['log'] = () => {},
  muteCommits?: MuteCommits,
): Promise<OpenedOpStore> {
  const { port1, port2 } = new MessageChannel();
  serveOpStore(port2, openDb, muteCommits);
  return openOpStore(db, {
    log,
    start: () => ({
      end: port1,
      onFailure: () => {},
      stop: () => {
        port1.close();
        port2.close();
      },
    }),
  });
}
