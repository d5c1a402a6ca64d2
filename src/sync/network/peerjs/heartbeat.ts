// Every beat: give up connections that never opened, drop links gone silent (a closed
// page is otherwise noticed only after tens of seconds), and ping the rest.

export interface HeartbeatLimits {
  /** A connection not open after this long is given up. */
  openTimeoutMs: number;
  /** A link with nothing heard for this long is dropped. */
  silenceMs: number;
}

export interface Beat<C, L> {
  timedOut: C[];
  silent: L[];
  alive: L[];
}

/** What one beat does at `now`, given the connections being opened and the open links. */
export function beat<C, L extends { lastHeard: number }>(
  now: number,
  pending: Iterable<[C, { startedAt: number }]>,
  links: Iterable<L>,
  limits: HeartbeatLimits,
): Beat<C, L> {
  const result: Beat<C, L> = { timedOut: [], silent: [], alive: [] };
  for (const [conn, { startedAt }] of pending)
    if (now - startedAt > limits.openTimeoutMs) result.timedOut.push(conn);
  for (const link of links)
    (now - link.lastHeard > limits.silenceMs ? result.silent : result.alive).push(link);
  return result;
}
