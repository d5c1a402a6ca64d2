import { errorText } from '../domain/errors';
import { liveQuery } from 'dexie';

/**
 * A Dexie liveQuery as a rune: `current` holds the latest result, re-read whenever
 * the tables it read change, in this window or another window of the same browser.
 */
export class Live<T> {
  // Raw: a new list (of new entities for changed rows) replaces the old one on every
  // change, so deep proxies would only make every read of every field slower.
  current = $state.raw() as T;
  isLoaded = $state(false);
  error = $state<string>('');
  readonly #subscription: { unsubscribe(): void };
  /** The last value set (read outside any effect): a query that finds nothing new returns it to change nothing. */
  #last: T;

  constructor(query: (last: T) => Promise<T>, initial: T) {
    this.current = initial;
    this.#last = initial;
    this.#subscription = liveQuery(() => query(this.#last)).subscribe({
      next: (value) => {
        this.isLoaded = true;
        if (value === this.#last) return;
        this.#last = value;
        this.current = value;
      },
      error: (error: unknown) => {
        // A failed read must not freeze a wall screen silently: keep the last data, say why.
        this.error = errorText(error);
        console.error('live query failed', error);
      },
    });
  }

  /** Set a value known ahead of the next query (rows a committed write just changed). */
  patch(update: (last: T) => T): void {
    const value = update(this.#last);
    if (value === this.#last) return;
    this.#last = value;
    this.current = value;
  }

  stop(): void {
    this.#subscription.unsubscribe();
  }
}
