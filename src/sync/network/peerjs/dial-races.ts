import type { PeerId } from '../transport';

// Both kiosks of a pair may dial at once, or again: both ends must keep the same link.

/** A connection being opened, by either side. */
export interface Dial {
  peer: PeerId;
  isDialledBySelf: boolean;
  /** The peer's session (random per start), when it said. */
  remoteSession?: string;
}

/** When both dialled at once, the connection dialled by the lower id is the one both keep. */
export const keepsOwnDial = (self: PeerId, peer: PeerId): boolean => self < peer;

/** Does a newly opened connection replace the link already there? Both ends must decide alike. */
export function isBetter(self: PeerId, candidate: Dial, existing: Omit<Dial, 'peer'>): boolean {
  // The peer restarted: its old link is dead, whatever the heartbeat says yet.
  if (
    candidate.remoteSession &&
    existing.remoteSession &&
    candidate.remoteSession !== existing.remoteSession
  )
    return true;
  // The same side dialled again: it no longer believes in the old link.
  if (candidate.isDialledBySelf === existing.isDialledBySelf) return true;
  return candidate.isDialledBySelf === keepsOwnDial(self, candidate.peer);
}
