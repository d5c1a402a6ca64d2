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

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no l/1/o/0: read aloud and typed on tablets

/** A random id from an unambiguous alphabet, using WebCrypto where there is one. */
export function randomId(length = 12): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

export const newSiteId = (): SiteId => randomId(10) as SiteId;
export const newShowId = (): ShowId => randomId(8) as ShowId;
export const newModelId = (): ModelId => `m-${randomId()}` as ModelId;
export const newLookId = (): LookId => `l-${randomId()}` as LookId;
export const newCallId = (): CallId => `c-${randomId()}` as CallId;
export const newNoteId = (): NoteId => `n-${randomId()}` as NoteId;
export const newRunId = (): RunId => `r-${randomId()}` as RunId;
