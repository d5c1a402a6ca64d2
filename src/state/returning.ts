import type { ShowId } from '../domain/ids';
import type { LocalDb } from '../storage/local';
import { peerIdOfStored } from '../domain/peer-ids';
import type { PeerId } from '../sync/network/transport';

// A kiosk switched off and on again comes back to the kiosks it was linked to: it
// keeps their peer ids on the kiosk (not synced), and dials them as soon as it starts,
// before the PeerServer's listing or the roster are read, and without the polite delay
// two new kiosks give each other (the others do not know it is back until it calls).

const keyFor = (showId: ShowId) => `linked:${showId}`;
/** Enough for any show's kiosks; the oldest are forgotten first. */
const MAX_REMEMBERED = 32;

/** The peers this kiosk was linked to in this show, most recent first. */
export async function linkedBefore(local: LocalDb, showId: ShowId): Promise<PeerId[]> {
  const row = await local.settings.get(keyFor(showId));
  const value: unknown = row?.value;
  // Stored by an older version, or edited by hand: keep only this show's peer ids, in
  // today's form (the first versions spelled the show code in them).
  if (!Array.isArray(value)) return [];
  const ids = value.flatMap((id: unknown) =>
    typeof id === 'string' ? (peerIdOfStored(id, showId) ?? []) : [],
  );
  return [...new Set(ids)];
}

/** Remember these peers as linked now (written only when the list changes). */
export async function rememberLinked(
  local: LocalDb,
  showId: ShowId,
  peers: readonly PeerId[],
): Promise<void> {
  if (peers.length === 0) return;
  const before = await linkedBefore(local, showId);
  const next = [...new Set([...peers, ...before])].slice(0, MAX_REMEMBERED);
  if (next.length === before.length && next.every((id, i) => id === before[i])) return;
  await local.settings.put({ key: keyFor(showId), value: next });
}
