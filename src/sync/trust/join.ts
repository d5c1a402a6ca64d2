import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ShowId, SiteId } from '../../domain/ids';
import { equalBytes, lvCat, utf8 } from './bytes';
import {
  calculateGenerator,
  confirmationTag,
  ELEMENT_BYTES,
  intermediateSessionKey,
  oCat,
  sampleScalar,
  scalarMult,
  scalarMultVfy,
  sessionIdOutput,
  transcriptOc,
} from './cpace';

// The join between two kiosks of one show: CPace (cpace.ts) in its symmetric form,
// so either kiosk may speak first. Each side sends one share, then one confirmation
// tag; both end with the same session key exactly when they used the same
// passphrase AND saw the same link: the show, both site ids and both ends' channel
// fingerprints go into the generator (the draft's CI), and both fresh nonces into
// its sid. What is on the wire (the shares and tags) lets nobody test a passphrase
// guess offline: see join.test.ts, "an offline guesser".
//
// The exchange, per link (hellos carry site ids and nonces; they are not secret):
//   alice → bob   hello {site, nonce}        bob → alice   hello {site, nonce}
//   alice → bob   share Ya (32 bytes)        bob → alice   share Yb
//   alice → bob   tag Ta                     bob → alice   tag Tb
// Each checks the other's tag before sending or accepting anything of the show.

/** Lengths a nonce may have: fresh random bytes per link, one from each side. */
const NONCE_BYTES = { min: 16, max: 64 };
const CHANNEL_LABEL = utf8('backstage-join/1');
const SESSION_KEY_INFO = utf8('backstage-link/1');
const IDENTITY_LABEL = utf8('backstage-link-identity/1');

/** What both kiosks must see alike for the join to succeed. */
export interface JoinContext {
  showId: ShowId;
  ourSite: SiteId;
  theirSite: SiteId;
  /** Fresh random bytes this kiosk chose for this link (sent in its hello). */
  ourNonce: Uint8Array;
  /** The peer's nonce, from its hello. */
  theirNonce: Uint8Array;
  /**
   * The link as this end sees it: the DTLS certificate fingerprints of our end and of
   * the peer's end (RTCCertificateStats.fingerprint, or the SDP's a=fingerprint). A
   * relay between alice and bob holds two DTLS links, so alice and bob see different
   * pairs and the join fails. A transport without DTLS gives each end an id instead.
   */
  channel: { ours: string; theirs: string };
}

/** A secret both kiosks hold: the passphrase as typed, or bytes derived from it (see `derivePrs`). */
export type JoinSecret = string | Uint8Array;

export type JoinRefusal =
  | 'empty-secret'
  | 'own-site' // the peer claims our site id: a reflection
  | 'bad-nonce'
  | 'invalid-share' // not a group element, or the identity
  | 'reflected-share' // our own share sent back to us
  | 'already-finished';

export interface JoinStarted {
  ok: true;
  /** Send this to the peer. */
  share: Uint8Array;
  /** Given the peer's share: the link's keys, or why it is refused. Once only. */
  finish(theirShare: Uint8Array): JoinFinished | JoinFailed;
}

export interface JoinFinished {
  ok: true;
  /** Send this to the peer: proof that we derived the key (not of the passphrase itself). */
  confirmation: Uint8Array;
  /** Whether the peer's tag proves it derived the same key: false for a wrong passphrase or a relay. */
  checkConfirmation(tag: Uint8Array): boolean;
  /** 32 bytes for the link's message authentication (link-auth.ts). Use only after `checkConfirmation`. */
  sessionKey: Uint8Array;
  /** Public and unique per run: what each kiosk's identity key signs to prove who it is on this link. */
  transcriptId: Uint8Array;
}

export interface JoinFailed {
  ok: false;
  reason: JoinRefusal;
}

/** Typed on a tablet: ignore surrounding spaces and Unicode composition differences, keep case. */
const secretBytes = (secret: JoinSecret): Uint8Array =>
  typeof secret === 'string' ? utf8(secret.normalize('NFC').trim()) : secret;

/**
 * The draft's CI: the show, both sites and both channel ends, in site order (the
 * same bytes on both sides). Never sent, but not secret either: a guesser is
 * assumed to know it.
 */
export function channelIdentifier(context: JoinContext): Uint8Array {
  const ours = [utf8(context.ourSite), utf8(normaliseFingerprint(context.channel.ours))];
  const theirs = [utf8(context.theirSite), utf8(normaliseFingerprint(context.channel.theirs))];
  const [first, second] = context.ourSite < context.theirSite ? [ours, theirs] : [theirs, ours];
  return lvCat(CHANNEL_LABEL, utf8(context.showId), ...first, ...second);
}

/** Browsers write fingerprints as `sha-256 AB:CD:...`; compare them whatever the case and spacing. */
const normaliseFingerprint = (fingerprint: string): string =>
  fingerprint.trim().replace(/\s+/g, ' ').toLowerCase();

const isFreshNonce = (nonce: Uint8Array): boolean =>
  nonce.length >= NONCE_BYTES.min && nonce.length <= NONCE_BYTES.max;

/** The draft's sid: both nonces, larger first, so both sides agree without an order. */
export const joinSessionId = (context: JoinContext): Uint8Array =>
  oCat(context.ourNonce, context.theirNonce);

/** Begin the join on one link. */
export function startJoin(secret: JoinSecret, context: JoinContext): JoinStarted | JoinFailed {
  const prs = secretBytes(secret);
  if (prs.length === 0) return { ok: false, reason: 'empty-secret' };
  if (context.ourSite === context.theirSite) return { ok: false, reason: 'own-site' };
  if (
    !isFreshNonce(context.ourNonce) ||
    !isFreshNonce(context.theirNonce) ||
    equalBytes(context.ourNonce, context.theirNonce)
  )
    return { ok: false, reason: 'bad-nonce' };

  const sid = joinSessionId(context);
  const generator = calculateGenerator(prs, channelIdentifier(context), sid);
  const scalar = sampleScalar();
  const share = scalarMult(scalar, generator);
  const ourAd = utf8(context.ourSite);
  const theirAd = utf8(context.theirSite);
  let isFinished = false;

  return {
    ok: true,
    share,
    finish(theirShare) {
      if (isFinished) return { ok: false, reason: 'already-finished' };
      isFinished = true;
      if (theirShare.length !== ELEMENT_BYTES) return { ok: false, reason: 'invalid-share' };
      if (equalBytes(theirShare, share)) return { ok: false, reason: 'reflected-share' };
      const k = scalarMultVfy(scalar, theirShare);
      if (!k) return { ok: false, reason: 'invalid-share' };

      const transcript = transcriptOc(share, ourAd, theirShare, theirAd);
      const isk = intermediateSessionKey(sid, k, transcript);
      const expected = confirmationTag(sid, isk, theirShare, theirAd);
      return {
        ok: true,
        confirmation: confirmationTag(sid, isk, share, ourAd),
        checkConfirmation: (tag) => equalBytes(tag, expected),
        sessionKey: hkdf(sha256, isk, sid, SESSION_KEY_INFO, 32),
        transcriptId: sessionIdOutput(transcript),
      };
    },
  };
}

/**
 * What a kiosk signs with its identity key (identity.ts) once the confirmation
 * checked: this run's transcript id and its own site id. The peer verifies the
 * signature with the public key from the hello, and that the key derives that site
 * id: so the link is proven to be that kiosk's, not only some holder of the passphrase.
 */
export const identityStatement = (transcriptId: Uint8Array, site: SiteId): Uint8Array =>
  lvCat(IDENTITY_LABEL, transcriptId, utf8(site));

/** PBKDF2 rounds for `derivePrs`: costly per guess for whoever reads a kiosk's storage. */
export const PRS_ITERATIONS = 200_000;

/**
 * The secret a kiosk keeps to rejoin after a reload, instead of the passphrase:
 * PBKDF2-SHA256 of the passphrase salted with the show. It joins this show as well
 * as the passphrase does (nothing can avoid that), but someone who reads it from a
 * stolen tablet still pays PBKDF2 per guess to learn the passphrase itself, which
 * may be used elsewhere. Every kiosk of a show must derive it the same way.
 */
export async function derivePrs(
  passphrase: string,
  showId: ShowId,
  iterations = PRS_ITERATIONS,
): Promise<Uint8Array> {
  const secret = secretBytes(passphrase);
  if (secret.length === 0) throw new Error('The passphrase is empty');
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey('raw', new Uint8Array(secret), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: utf8(`backstage-prs:${showId}`), iterations },
    material,
    256,
  );
  return new Uint8Array(bits);
}
