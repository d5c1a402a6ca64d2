import { sha256 } from '@noble/hashes/sha2.js';
import { idFromBytes, SITE_ID_PATTERN, type PeerId } from './ids';

// ---- the peer-id scheme: `bk-<show tag>-<siteId>`. The show tag is a hash of the show
// code, so a kiosk's id never changes for its site and the PeerServer's listing tells a
// show's kiosks from anyone else's, while someone who lists the PeerServer's peers reads
// no show code (ids of the first versions were `bk-<showId>-<siteId>`, see peerIdOfStored) ----

/** PeerJS ids: letters and digits, single dashes between them. */
const NOT_ID_PART = /[^a-z0-9]+/g;
const cleanPart = (part: string): string => part.toLowerCase().replace(NOT_ID_PART, '');

/** What the show tag hashes besides the code: no other hash of a show code in the app can equal it. */
const SHOW_TAG_DOMAIN = 'backstage-kiosk peer-id show tag v1\0';
/** 16 letters of the id alphabet, 80 bits: two shows on one PeerServer never share a tag. */
const SHOW_TAG_LENGTH = 16;
const showTags = new Map<string, string>();

/**
 * The show's part of its kiosks' peer ids: SHA-256 of the show code (as peer ids
 * spell it) after a domain label, in 16 letters of the id alphabet. A show code is a
 * join code, not a secret (the passphrase is): the tag keeps codes off the PeerServer's
 * listing, it does not make a code that is already known unguessable.
 */
export function showTag(showId: string): string {
  const show = cleanPart(showId);
  let tag = showTags.get(show);
  if (tag === undefined) {
    const digest = sha256(new TextEncoder().encode(SHOW_TAG_DOMAIN + show));
    tag = idFromBytes(digest).slice(0, SHOW_TAG_LENGTH);
    // A kiosk meets a handful of shows: the memo stays tiny.
    showTags.set(show, tag);
  }
  return tag;
}

/** `bk-<show tag>-<siteId>`, the site without its dashes (PeerJS allows single dashes only between parts). */
export function peerIdFor(showId: string, siteId: string): PeerId {
  const show = cleanPart(showId);
  const site = cleanPart(siteId);
  if (!show || !site)
    throw new Error(`Cannot make a peer id from show "${showId}" and site "${siteId}"`);
  return `bk-${showTag(show)}-${site}` as PeerId;
}

/** Every kiosk of a show has a peer id starting with this. */
export const showPrefix = (showId: string): string => `bk-${showTag(showId)}-`;

const siteAfter = (peer: string, prefix: string): string | undefined => {
  if (!peer.startsWith(prefix)) return undefined;
  const site = peer.slice(prefix.length);
  return /^[a-z0-9]+$/.test(site) && SITE_ID_PATTERN.test(site) ? site : undefined;
};

/** The site part of a peer of this show, or undefined for anything else. */
export function siteOfPeer(peer: string, showId: string): string | undefined {
  return siteAfter(peer, showPrefix(showId));
}

/**
 * A peer id of this show kept by an earlier version of the app (remembered peers, a
 * join link printed before), in today's form: ids of the first versions spelled the
 * show code itself (`bk-<showId>-<siteId>`). Undefined for anything else.
 */
export function peerIdOfStored(peer: string, showId: string): PeerId | undefined {
  if (siteOfPeer(peer, showId) !== undefined) return peer as PeerId;
  const show = cleanPart(showId);
  const site = show ? siteAfter(peer, `bk-${show}-`) : undefined;
  return site === undefined ? undefined : peerIdFor(show, site);
}
