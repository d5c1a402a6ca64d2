import type { SiteId } from '../../domain/ids';
import type { Op } from '../../domain/op';

// Two different ops under one site and seq: a kiosk cloned from another's disk image
// (both write as the same site), or a forger. `site + seq` is supposed to name one op
// for good, so the log keeps one and catch-up never carries the other: left alone,
// kiosks that stored different copies never agree. Found by a hash of every op seen.
//
// The rule, the same on every kiosk: of two copies, the one with the lower hash wins.
// A kiosk refuses a copy that loses to one it has seen, and reports every fork
// (see docs/trust.md, "Bookkeeping and floods").

/** Ops remembered (their hashes): a long show's traffic since the engine started. */
export const MAX_REMEMBERED_OPS = 100_000;

export interface Fork {
  site: SiteId;
  seq: number;
  /** The hash of the copy the rule keeps, and of the other. */
  winner: number;
  loser: number;
  /** Whether the copy this kiosk saw first is the loser (and may already be stored here). */
  isFirstLoser: boolean;
}

/** The text an op is hashed by: every field, in a fixed order. */
const canonical = (op: Op): string =>
  JSON.stringify([op.site, op.seq, op.hlc, op.table, op.key, op.field, op.value]);

/**
 * A 53-bit hash of an op's content (cyrb53): the same on every kiosk, cheap enough
 * for every op of a catch-up. Not a defence against a forger, who can pick its copy's
 * hash whatever the function; it only has to be one rule everywhere.
 */
export function opHash(op: Op): number {
  const text = canonical(op);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export class ForkDetector {
  /** `site\0seq` → the lowest hash seen for it (the copy the rule keeps). */
  readonly #seen = new Map<string, number>();
  readonly #found = new Map<string, Fork>();
  readonly #max: number;

  constructor(max = MAX_REMEMBERED_OPS) {
    this.#max = max;
  }

  /**
   * Remember `op`. Returns the fork when another copy was seen under its site and
   * seq, and whether this copy loses (refuse it) or wins.
   */
  check(op: Op): { fork: Fork; isLoser: boolean } | undefined {
    const id = `${op.site}\u0000${op.seq}`;
    const hash = opHash(op);
    const seen = this.#seen.get(id);
    if (seen === undefined) {
      this.#seen.set(id, hash);
      // Forget the oldest: a fork is two kiosks writing at the same time, seen close together.
      if (this.#seen.size > this.#max) this.#seen.delete(this.#seen.keys().next().value as string);
      return undefined;
    }
    if (seen === hash) return undefined;
    const isLoser = hash > seen;
    if (!isLoser) this.#seen.set(id, hash);
    const fork: Fork = this.#found.get(id) ?? {
      site: op.site,
      seq: op.seq,
      winner: Math.min(seen, hash),
      loser: Math.max(seen, hash),
      isFirstLoser: !isLoser,
    };
    this.#found.set(id, fork);
    return { fork, isLoser };
  }

  get found(): Fork[] {
    return [...this.#found.values()];
  }
}
