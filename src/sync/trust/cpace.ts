import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concat, lvCat, prependLen, randomBytes, utf8 } from './bytes';

// CPace, cipher suite CPACE-RISTR255-SHA512 (draft-irtf-cfrg-cpace, checked against
// its test vectors in cpace.test.ts). The group arithmetic, hash-to-group and
// encodings are @noble/curves' ristretto255 (RFC 9496); nothing here touches a
// coordinate. This file is the draft's functions, one for one, with the draft's
// names in the comments; `join.ts` builds the kiosks' exchange on top.
//
// Why ristretto255: a prime-order group, so there are no low-order points to weed
// out and no cofactor to clear; a received share is valid iff it decodes and is not
// the identity.

export type GroupElement = InstanceType<typeof ristretto255.Point>;

const Point = ristretto255.Point;
const ORDER = Point.Fn.ORDER;

/** G.DSI */
export const DSI = utf8('CPaceRistretto255');
/** H.s_in_bytes of SHA-512: the input block the generator string pads to. */
const HASH_BLOCK_BYTES = 128;
/** Encoded group element length. */
export const ELEMENT_BYTES = 32;

function isLexicographicallyLarger(a: Uint8Array, b: Uint8Array): boolean {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return a.length > b.length;
}

/** o_cat: "oc", then the larger string first. The same bytes whichever side computes it. */
export const oCat = (a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> =>
  isLexicographicallyLarger(a, b) ? concat(utf8('oc'), a, b) : concat(utf8('oc'), b, a);

/** generator_string(DSI, PRS, CI, sid, s_in_bytes) */
export function generatorString(
  prs: Uint8Array,
  ci: Uint8Array,
  sid: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const zpad = Math.max(0, HASH_BLOCK_BYTES - 1 - prependLen(prs).length - prependLen(DSI).length);
  return lvCat(DSI, prs, new Uint8Array(zpad), ci, sid);
}

/** G.calculate_generator(H, PRS, CI, sid): the password-dependent generator. */
export const calculateGenerator = (
  prs: Uint8Array,
  ci: Uint8Array,
  sid: Uint8Array,
): GroupElement => elementDerivation(sha512(generatorString(prs, ci, sid)));

/** RFC 9496's element derivation from 64 uniform bytes (the draft's element_derivation). */
function elementDerivation(bytes: Uint8Array): GroupElement {
  const derive = ristretto255_hasher.deriveToCurve;
  if (!derive) throw new Error('this @noble/curves has no ristretto255 element derivation');
  return derive(bytes);
}

/**
 * G.sample_scalar(): uniform in [1, order). 64 random bytes reduced modulo the order
 * (the draft's permitted alternative to bit-masking), so the bias is below 2^-250.
 */
export function sampleScalar(): bigint {
  for (;;) {
    const scalar = bytesToNumberLE(randomBytes(64)) % ORDER;
    if (scalar !== 0n) return scalar;
  }
}

/** A scalar from its 32-byte little-endian encoding (how the draft's vectors give them). */
export const scalarFromBytes = (bytes: Uint8Array): bigint => bytesToNumberLE(bytes) % ORDER;

/** G.scalar_mult(y, g): the public share Y = y·g, encoded. */
export const scalarMult = (y: bigint, g: GroupElement): Uint8Array => g.multiply(y).toBytes();

/**
 * G.scalar_mult_vfy(y, X): y·X for a received encoding X, or undefined (the draft's
 * G.I, "abort") when X is not the canonical encoding of a group element, is the
 * identity, or the product is the identity.
 */
export function scalarMultVfy(y: bigint, encoded: Uint8Array): Uint8Array | undefined {
  if (encoded.length !== ELEMENT_BYTES) return undefined;
  let point: GroupElement;
  try {
    point = Point.fromBytes(encoded);
  } catch {
    return undefined; // not a canonical ristretto255 encoding
  }
  if (point.is0()) return undefined;
  const product = point.multiply(y);
  return product.is0() ? undefined : product.toBytes();
}

/** transcript_oc(Ya, ADa, Yb, ADb): the symmetric transcript, the same on both sides. */
export const transcriptOc = (
  ya: Uint8Array,
  adA: Uint8Array,
  yb: Uint8Array,
  adB: Uint8Array,
): Uint8Array<ArrayBuffer> => oCat(lvCat(ya, adA), lvCat(yb, adB));

/** ISK = H.hash(lv_cat(DSI || "_ISK", sid, K) || transcript): the intermediate session key. */
export const intermediateSessionKey = (
  sid: Uint8Array,
  k: Uint8Array,
  transcript: Uint8Array,
): Uint8Array => sha512(concat(lvCat(concat(DSI, utf8('_ISK')), sid, k), transcript));

/** sid_output = H.hash("CPaceSidOutput" || transcript): public, unique per honest run. */
export const sessionIdOutput = (transcript: Uint8Array): Uint8Array =>
  sha512(concat(utf8('CPaceSidOutput'), transcript));

/**
 * Key confirmation as the draft suggests for the parallel setting:
 * mac_key = H.hash("CPaceMac" || sid || ISK), and each side's tag is
 * HMAC(mac_key, lv_cat(Y, AD)) over the message it sent: tags of the two
 * directions differ, so reflecting a tag back to its sender fails.
 */
export function confirmationTag(
  sid: Uint8Array,
  isk: Uint8Array,
  share: Uint8Array,
  ad: Uint8Array,
): Uint8Array {
  const macKey = sha512(concat(utf8('CPaceMac'), sid, isk));
  return hmac(sha512, macKey, lvCat(share, ad));
}
