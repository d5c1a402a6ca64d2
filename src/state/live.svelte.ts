import { errorText } from '../domain/errors';
import { liveQuery } from 'dexie';
import { RENEW_EVERY, renewEvery } from './live-renewal';

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
  #subscription: { unsubscribe(): void };
  readonly #stopRenewal: () => void;
  /** The last value set (read outside any effect): a query that finds nothing new returns it to change nothing. */
  #last: T;

  constructor(query: (last: T) => Promise<T>, initial: T) {
    this.current = initial;
    this.#last = initial;
    this.#subscription = this.#subscribe(query);
    // See live-renewal.ts: a subscription that never re-runs keeps every write's keys.
    this.#stopRenewal = renewEvery(RENEW_EVERY, () => {
      this.#subscription.unsubscribe();
      this.#subscription = this.#subscribe(query);
    });
  }

  #subscribe(query: (last: T) => Promise<T>): { unsubscribe(): void } {
    return liveQuery(() => query(this.#last)).subscribe({
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
    this.#stopRenewal();
    this.#subscription.unsubscribe();
  }
}
