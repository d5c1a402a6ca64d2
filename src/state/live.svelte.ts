import { liveQuery } from 'dexie';

/**
 * A Dexie liveQuery as a rune: `current` holds the latest result, re-read whenever
 * the tables it read change, in this window or another window of the same browser.
 */
export class Live<T> {
  current = $state() as T;
  isLoaded = $state(false);
  error = $state<string>('');
  readonly #subscription: { unsubscribe(): void };

  constructor(query: () => Promise<T>, initial: T) {
    this.current = initial;
    this.#subscription = liveQuery(query).subscribe({
      next: (value) => {
        this.current = value;
        this.isLoaded = true;
      },
      error: (error: unknown) => {
        // A failed read must not freeze a wall screen silently: keep the last data, say why.
        this.error = error instanceof Error ? error.message : String(error);
        console.error('live query failed', error);
      },
    });
  }

  stop(): void {
    this.#subscription.unsubscribe();
  }
}
