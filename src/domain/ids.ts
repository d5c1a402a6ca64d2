import { sha256 } from '@noble/hashes/sha2.js';

// Branded ids: a LookId can never be passed where a ModelId is wanted.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** One kiosk (one browser profile); the author of operations. */
export type SiteId = Brand<string, 'SiteId'>;
/** A show, also its join code: short, typed by hand, printed on the QR link. */
export type ShowId = Brand<string, 'ShowId'>;
export type ModelId = Brand<string, 'ModelId'>;
export type LookId = Brand<string, 'LookId'>;
export type CallId = Brand<string, 'CallId'>;
export type NoteId = Brand<string, 'NoteId'>;
export type RunId = Brand<string, 'RunId'>;
/** A kiosk's address on a transport: for PeerJS, `bk-<show tag>-<site>` (see peerIdFor). */
export type PeerId = Brand<string, 'PeerId'>;

// ---- id syntax: one rule each, for what this kiosk creates and what it accepts ----
// The app makes site ids and show codes from ID_ALPHABET below (lowercase letters
// and digits); dashes are accepted too (older shows, tests, hand-typed codes).

/** The letters of every id the app makes: no l/1/o/0, so ids are read aloud and typed on tablets. 32 letters, 5 bits each. */
export const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A site id's syntax, unanchored, for patterns that embed one (a clock stamp ends in its site). */
export const SITE_ID_SYNTAX = '[a-z0-9-]{1,40}';
/** A site id: lowercase letters, digits and dashes, at most 40. */
export const SITE_ID_PATTERN = new RegExp(`^${SITE_ID_SYNTAX}$`);
/** A show code: lowercase letters, digits and dashes, at most 64. */
export const SHOW_ID_PATTERN = /^[a-z0-9-]{1,64}$/;

export const isSiteId = (value: unknown): value is SiteId =>
  typeof value === 'string' && SITE_ID_PATTERN.test(value);
export const isShowId = (value: unknown): value is ShowId =>
  typeof value === 'string' && SHOW_ID_PATTERN.test(value);

/** A show code as a person types it to join (normalised: no spaces, dashes or capitals): 4 to 32 letters and digits. */
export const isJoinCode = (code: string): boolean => /^[a-z0-9]{4,32}$/.test(code);

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

/** A random id from the unambiguous alphabet, using WebCrypto where there is one. */
export function randomId(length = 12): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** Bytes (a digest) as id letters: 5 bits a letter, most significant first, the last letter zero-padded. */
export function idFromBytes(bytes: Uint8Array): string {
  let id = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      id += ID_ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) id += ID_ALPHABET[(buffer << (5 - bits)) & 31];
  return id;
}

export const newSiteId = (): SiteId => randomId(10) as SiteId;
export const newShowId = (): ShowId => randomId(8) as ShowId;
export const newModelId = (): ModelId => `m-${randomId()}` as ModelId;
export const newLookId = (): LookId => `l-${randomId()}` as LookId;
export const newCallId = (): CallId => `c-${randomId()}` as CallId;
export const newNoteId = (): NoteId => `n-${randomId()}` as NoteId;
export const newRunId = (): RunId => `r-${randomId()}` as RunId;
