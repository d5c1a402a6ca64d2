import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { SiteId } from '../../domain/ids';
import { equalBytes, fromBase64Url, toBase64Url, utf8 } from './bytes';
import { lvCat } from './bytes';

// Every message on a joined link carries a tag: HMAC-SHA-256 under a key for its
// direction, over a counter and the message's exact text. The receiver checks the
// tag before it parses the text, and wants the counter to be exactly one more than
// the last: the data channel is reliable and ordered, so a changed, replayed,
// reordered or dropped message can only be an attacker's (or a bug), and the link
// is refused. Previews are messages like any other: they are tagged too.
//
// Synchronous HMAC (@noble/hashes), not WebCrypto: no await between receiving and
// checking, so messages are checked in the order they arrived without a queue, and
// the key is precomputed once per direction (one SHA-256 block saved per message).

const DIRECTION_LABEL = utf8('backstage-link-direction/1');
/** Tag length: 128 bits, as in most AEADs; 22 characters of base64url. */
const TAG_BYTES = 16;
const TAG_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** What travels beside a message's text. */
export interface LinkSeal {
  /** 1 for the first message in a direction, one more for each. */
  n: number;
  /** base64url HMAC tag. */
  tag: string;
}

export type LinkRefusal = 'malformed' | 'tampered' | 'replayed' | 'out-of-order';

export type LinkCheck = { ok: true } | { ok: false; reason: LinkRefusal };

/**
 * The key for messages from `from` to `to`, from the join's session key. Two
 * directions, two keys: a message reflected back to its sender fails.
 */
export const directionKey = (sessionKey: Uint8Array, from: SiteId, to: SiteId): Uint8Array =>
  hkdf(sha256, sessionKey, undefined, lvCat(DIRECTION_LABEL, utf8(from), utf8(to)), 32);

/** The 8-byte big-endian counter (counters stay below 2^53). */
function counterBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(n));
  return bytes;
}

/** One link's sealing and checking, both directions. One per joined link; never reused. */
export class LinkAuth {
  private readonly sendMac;
  private readonly receiveMac;
  private sent = 0;
  private received = 0;

  constructor(sessionKey: Uint8Array, ourSite: SiteId, theirSite: SiteId) {
    this.sendMac = hmac.create(sha256, directionKey(sessionKey, ourSite, theirSite));
    this.receiveMac = hmac.create(sha256, directionKey(sessionKey, theirSite, ourSite));
  }

  /** The seal for the next outgoing message; send it with exactly this text. */
  seal(text: string | Uint8Array): LinkSeal {
    this.sent += 1;
    return { n: this.sent, tag: toBase64Url(this.tag(this.sendMac, this.sent, text)) };
  }

  /**
   * Check an incoming message before reading it. Only a message that passes moves
   * the counter on: a forged one cannot push the real ones out.
   */
  open(text: string | Uint8Array, seal: LinkSeal): LinkCheck {
    if (!Number.isSafeInteger(seal.n) || seal.n < 1 || !TAG_PATTERN.test(seal.tag))
      return { ok: false, reason: 'malformed' };
    const tag = fromBase64Url(seal.tag);
    if (!tag || !equalBytes(tag, this.tag(this.receiveMac, seal.n, text)))
      return { ok: false, reason: 'tampered' };
    if (seal.n <= this.received) return { ok: false, reason: 'replayed' };
    if (seal.n !== this.received + 1) return { ok: false, reason: 'out-of-order' };
    this.received = seal.n;
    return { ok: true };
  }

  private tag(base: ReturnType<typeof hmac.create>, n: number, text: string | Uint8Array) {
    const mac = base.clone();
    mac.update(counterBytes(n));
    mac.update(typeof text === 'string' ? utf8(text) : text);
    return mac.digest().subarray(0, TAG_BYTES);
  }
}
