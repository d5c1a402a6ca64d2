import { errorText } from '../domain/errors';
import type { ChangedRows } from './changed-rows';

type Read<T> = (keys: readonly string[] | undefined) => Promise<(last: T) => T>;

/**
 * A table's entities as a rune: `current` holds the latest result. The whole table is
 * read once; after that `changed` says which rows a write touched (ShowData hears it
 * from Dexie's `storagemutated`, for this window's commits and the other windows' of the
 * same browser) and only those rows are read again.
 *
 * Not a Dexie liveQuery: a liveQuery reads its whole table again after every write to
 * it, and every liveQuery of the window hears every write. On a tablet that re-read, its
 * listener and Dexie's query cache were a tenth of the CPU time of a tap from another
 * kiosk, which changes one row.
 *
 * Reads run one at a time, in order; rows changed while one runs are read together after it.
 */
export class Live<T> {
  // Raw: a new list (of new entities for changed rows) replaces the old one on every
  // change, so deep proxies would only make every read of every field slower.
  current = $state.raw() as T;
  isLoaded = $state(false);
  error = $state<string>('');
  /** The last value set (read outside any effect): a read that finds nothing new returns it to change nothing. */
  #last: T;
  /** Rows to read next, not yet asked for (undefined: no read queued). */
  #wanted: Set<string> | 'all' | undefined;
  #reads: Promise<void> = Promise.resolve();
  #isStopped = false;
  /** Until a whole read has succeeded (at the start, after a failed read), every read is whole. */
  #needsAll = true;
  /** Reads rows (every row when `keys` is undefined) and applies them. No T here: a Live of a narrower entity stays a Live of the wider. */
  readonly #readRows: (keys: readonly string[] | undefined) => Promise<void>;

  /**
   * `read(keys)` reads those rows (every row when `keys` is undefined) and resolves to how
   * they change the value: applied to the value as it is when the read lands, since a
   * patch may have come while it ran.
   */
  constructor(read: Read<T>, initial: T) {
    this.current = initial;
    this.#last = initial;
    this.#readRows = async (keys) => this.#landed(await read(keys), keys === undefined);
    this.changed('all');
  }

  /** Rows that changed in the database: read them again. */
  changed(rows: ChangedRows): void {
    if (this.#isStopped) return;
    const isQueued = this.#wanted !== undefined;
    if (rows === 'all' || this.#wanted === 'all' || this.#needsAll) this.#wanted = 'all';
    else {
      const wanted = this.#wanted ?? new Set<string>();
      for (const key of rows) wanted.add(key);
      this.#wanted = wanted;
    }
    if (!isQueued) this.#reads = this.#reads.then(() => this.#next());
  }

  async #next(): Promise<void> {
    const wanted = this.#wanted;
    this.#wanted = undefined;
    if (this.#isStopped || wanted === undefined) return;
    try {
      await this.#readRows(wanted === 'all' ? undefined : [...wanted]);
    } catch (error) {
      // A failed read must not freeze a wall screen silently: keep the last data, say why.
      this.error = errorText(error);
      console.error('live query failed', error);
      // Rows that changed meanwhile are lost with it: the next change reads them all.
      this.#needsAll = true;
    }
  }

  #landed(update: (last: T) => T, isWhole: boolean): void {
    if (this.#isStopped) return;
    if (isWhole) this.#needsAll = false;
    this.isLoaded = true;
    this.patch(update);
  }

  /** Set a value known ahead of the next read (rows a committed write just changed). */
  patch(update: (last: T) => T): void {
    const value = update(this.#last);
    if (value === this.#last) return;
    this.#last = value;
    this.current = value;
  }

  stop(): void {
    this.#isStopped = true;
  }
}
