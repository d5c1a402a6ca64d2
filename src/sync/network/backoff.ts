/** Retry delays: exponential from `baseMs`, capped, with "full jitter" so kiosks that lost the same server do not retry in step. */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** 0..1, e.g. Math.random. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 10_000, random: Math.random };

/**
 * The delay before retry number `attempt` (0 = the first retry): a random point in
 * the upper half of `min(cap, base·2^attempt)`, so it never collapses to zero and
 * never exceeds the cap.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * options.random());
}
