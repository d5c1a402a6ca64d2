/** Rows put on the page per task when many arrive at once. */
export const CHUNK_ROWS = 25;

/**
 * A long list put on the page a chunk per task when many items arrive at once
 * (opening a big show, an import): building 300 table rows in one task froze the
 * screen for a quarter of a second and more. Between chunks the browser paints and
 * handles input. A few new items (a look added) go on at once. Create it in a
 * component's script (it runs an effect there).
 */
export class Chunked<T> {
  #count = $state(CHUNK_ROWS);
  readonly #list: () => readonly T[];

  /** The items on the page so far: the whole list once every chunk is on. */
  readonly shown = $derived.by(() => {
    const list = this.#list();
    return list.length > this.#count ? list.slice(0, this.#count) : list;
  });

  /** Still putting items on the page. */
  readonly isFilling = $derived.by(() => this.#list().length > this.#count);

  constructor(list: () => readonly T[]) {
    this.#list = list;
    $effect(() => {
      const total = this.#list().length;
      const count = this.#count;
      if (total <= count) return;
      if (total <= count + CHUNK_ROWS) {
        this.#count = total;
        return;
      }
      const timer = setTimeout(() => (this.#count = count + CHUNK_ROWS), 0);
      return () => clearTimeout(timer);
    });
  }
}
