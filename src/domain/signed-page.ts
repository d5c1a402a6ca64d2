import type { SiteId } from './ids';

// A signed page of an author's log, as every kiosk keeps it beside the ops it signs
// (how it is signed and checked: sync/trust/pages.ts).

/** A large write (an import) is signed as pages of at most this many ops. */
export const MAX_PAGE_OPS = 64;
export const OP_HASH_BYTES = 32;

/** A page: seqs `from..to` of one site, the hash of each op in seq order, and the signature. */
export interface SignedPage {
  site: SiteId;
  from: number;
  to: number;
  /** `to - from + 1` SHA-256 hashes, one after the other. */
  hashes: Uint8Array;
  signature: Uint8Array;
  /** A producer that vouches for a legacy site's page (absent: signed by the site itself). */
  by?: SiteId;
}
