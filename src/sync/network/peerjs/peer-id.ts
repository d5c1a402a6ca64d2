import type { PeerId } from '../transport';

// The peer-id scheme: `bk-<showId>-<siteId>`, so a kiosk's id never changes for its
// site, and the PeerServer's listing tells a show's kiosks from anyone else's.

/** PeerJS ids: letters and digits, single dashes between them. */
const ID_PART = /[^a-z0-9]+/g;
const cleanPart = (part: string): string => part.toLowerCase().replace(ID_PART, '');

/** `bk-<showId>-<siteId>`: the id encodes the show and the kiosk, so it never changes for a site. */
export function peerIdFor(showId: string, siteId: string): PeerId {
  const show = cleanPart(showId);
  const site = cleanPart(siteId);
  if (!show || !site) throw new Error(`Cannot make a peer id from show "${showId}" and site "${siteId}"`);
  return `bk-${show}-${site}` as PeerId;
}

/** Every kiosk of a show has a peer id starting with this. */
export const showPrefix = (showId: string): string => `bk-${cleanPart(showId)}-`;

/** The site of a peer of this show, or undefined for anything else. */
export function siteOfPeer(peer: string, showId: string): string | undefined {
  const prefix = showPrefix(showId);
  if (!peer.startsWith(prefix)) return undefined;
  const site = peer.slice(prefix.length);
  return /^[a-z0-9]{1,40}$/.test(site) ? site : undefined;
}
