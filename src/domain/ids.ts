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
