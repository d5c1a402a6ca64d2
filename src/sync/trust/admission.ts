import * as v from 'valibot';
import { SHOW_ID_PATTERN, SITE_ID_PATTERN, type ShowId, type SiteId } from '../../domain/ids';
import { ROLES, type Role } from '../../domain/model';
import type { Standing } from './authority';
import { fromBase64Url, toBase64Url, toHex, utf8 } from './bytes';
import { lvCat } from './bytes';
import {
  decodePublicKey,
  encodePublicKey,
  isSiteOf,
  signBytes,
  verifierFor,
  type PublicKeyInfo,
  type StoredIdentity,
} from './identity';

// Who belongs to a show, as signed statements: a producer admits a kiosk (its key and
// role) or removes it (its ops above a seq). Each statement is signed by its issuer's
// identity key over a canonical encoding with its own label, so no other signature of
// a kiosk (a link's identity statement, a log page) can pass for one. Trust is rooted
// at the show's founder, the kiosk that created the show: its self-admission is the
// root, and a statement counts only when its issuer was admitted as producer by a
// chain from that root at the time it signed.
//
// The statements a kiosk holds only grow (merge = union), and a site's standing is its
// latest valid statement by (issuedAt, then hash): so a replayed old admission never
// undoes a removal, and re-admission is simply a later admission.

export const STATEMENT_VERSION = 1;
/** Admissions chained from the founder's: deeper chains are refused (a loop or a forger's ladder). */
export const MAX_CHAIN_DEPTH = 8;
/** How long an admission lets its holder sign, by default (a show's run, rehearsals and debrief). */
export const ADMISSION_LIFETIME_MS = 30 * 24 * 3600_000;
/** No admission lives longer than this: a kiosk's clock in 2038 cannot admit for good. */
export const MAX_ADMISSION_LIFETIME_MS = 400 * 24 * 3600_000;
/** Longest name an admission carries (the roster's limit). */
const MAX_NAME_CHARS = 80;

const ADMISSION_LABEL = utf8('backstage-admission/1');
const REMOVAL_LABEL = utf8('backstage-removal/1');

export interface EncodedKey {
  alg: 'Ed25519' | 'ECDSA-P256';
  key: string;
}

export interface Admission {
  v: 1;
  kind: 'admit';
  show: ShowId;
  site: SiteId;
  key: EncodedKey;
  role: Role;
  name: string;
  issuer: SiteId;
  /** Show time, ms. */
  issuedAt: number;
  /** Show time, ms: the issuer may not sign as producer after this. */
  expires: number;
}

export interface Removal {
  v: 1;
  kind: 'remove';
  show: ShowId;
  site: SiteId;
  /** The highest seq of `site` the removing producer held: later ops of it are refused. */
  upTo: number;
  issuer: SiteId;
  issuedAt: number;
}

export type Statement = Admission | Removal;

/** A statement as it travels and is kept: the statement and its issuer's signature (base64url). */
export interface SignedStatement {
  s: Statement;
  sig: string;
}

// ---- shape (hostile input: checked before anything reads it) ----

const siteId = v.pipe(v.string(), v.regex(SITE_ID_PATTERN, 'is not a site id'));
const showId = v.pipe(v.string(), v.regex(SHOW_ID_PATTERN, 'is not a show code'));
const time = v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0));

const admissionSchema = v.strictObject({
  v: v.literal(STATEMENT_VERSION),
  kind: v.literal('admit'),
  show: showId,
  site: siteId,
  key: v.strictObject({
    alg: v.picklist(['Ed25519', 'ECDSA-P256'], 'is not a key algorithm'),
    key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,100}$/, 'is not a public key')),
  }),
  role: v.picklist(ROLES, 'is not a kiosk role'),
  name: v.pipe(v.string(), v.maxLength(MAX_NAME_CHARS, 'is longer than 80 characters')),
  issuer: siteId,
  issuedAt: time,
  expires: time,
});

const removalSchema = v.strictObject({
  v: v.literal(STATEMENT_VERSION),
  kind: v.literal('remove'),
  show: showId,
  site: siteId,
  upTo: v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0)),
  issuer: siteId,
  issuedAt: time,
});

export const signedStatementSchema = v.strictObject({
  s: v.variant('kind', [admissionSchema, removalSchema], 'is not an admission or a removal'),
  sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,200}$/, 'is not a signature')),
});

/** A signed statement from another kiosk or storage, or why it is refused. Never throws. */
export function parseSignedStatement(
  raw: unknown,
): { ok: true; statement: SignedStatement } | { ok: false; reason: string } {
  const result = v.safeParse(signedStatementSchema, raw, { abortEarly: true });
  if (result.success) return { ok: true, statement: result.output as SignedStatement };
  const issue = result.issues[0];
  const where = (issue.path ?? []).map((item) => String(item.key)).join('.');
  return { ok: false, reason: `${where ? `${where} ` : ''}${issue.message}` };
}

// ---- encoding, signing, hashing ----

/** The exact bytes a statement's signature covers: every field, in a fixed order, under its label. */
export function canonicalBytes(statement: Statement): Uint8Array {
  const common = [
    utf8(String(statement.v)),
    utf8(statement.show),
    utf8(statement.site),
    utf8(statement.issuer),
    utf8(String(statement.issuedAt)),
  ];
  if (statement.kind === 'remove')
    return lvCat(REMOVAL_LABEL, ...common, utf8(String(statement.upTo)));
  return lvCat(
    ADMISSION_LABEL,
    ...common,
    utf8(statement.key.alg),
    utf8(statement.key.key),
    utf8(statement.role),
    utf8(statement.name),
    utf8(String(statement.expires)),
  );
}

/** A statement's id: SHA-256 of its canonical bytes, hex (never of its signature, which may be malleable). */
export async function statementHash(statement: Statement): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new Uint8Array(canonicalBytes(statement)),
  );
  return toHex(new Uint8Array(digest));
}

export async function signStatement(
  issuer: StoredIdentity,
  statement: Statement,
): Promise<SignedStatement> {
  return { s: statement, sig: toBase64Url(await signBytes(issuer, canonicalBytes(statement))) };
}

export const encodeKey = (key: PublicKeyInfo): EncodedKey => encodePublicKey(key);
export const decodeKey = (key: EncodedKey): PublicKeyInfo | undefined => decodePublicKey(key);

export interface AdmitFields {
  show: ShowId;
  site: SiteId;
  key: PublicKeyInfo;
  role: Role;
  name: string;
  issuer: SiteId;
  issuedAt: number;
  lifetimeMs?: number;
}

export const admission = (fields: AdmitFields): Admission => ({
  v: STATEMENT_VERSION,
  kind: 'admit',
  show: fields.show,
  site: fields.site,
  key: encodeKey(fields.key),
  role: fields.role,
  name: fields.name.slice(0, MAX_NAME_CHARS),
  issuer: fields.issuer,
  issuedAt: Math.round(fields.issuedAt),
  expires: Math.round(fields.issuedAt + (fields.lifetimeMs ?? ADMISSION_LIFETIME_MS)),
});

export const removal = (fields: Omit<Removal, 'v' | 'kind'>): Removal => ({
  v: STATEMENT_VERSION,
  kind: 'remove',
  ...fields,
  issuedAt: Math.round(fields.issuedAt),
});

// ---- checking a set of statements ----

/** A statement that does not count, and why (for the message naming the peer that sent it). */
export interface Refusal {
  hash: string;
  statement: Statement;
  reason: string;
}

export interface Evaluation {
  /** Each site's standing from its latest valid statement. */
  standings: Map<SiteId, Standing>;
  /** Hashes of the statements that count. */
  valid: Set<string>;
  /** Statements that can never count (wrong show, bad signature, a non-producer issuer...). */
  refused: Refusal[];
  /** Statements whose issuer is not known yet: they may count once its admission arrives. */
  waiting: Set<string>;
  /** Name each admission gave a site (for "admitted by ..."). */
  names: Map<SiteId, string>;
  /** Who signed each site's current standing. */
  issuers: Map<SiteId, SiteId>;
  /** When each admitted site's admission ends (it signs nothing after; a producer renews it before). */
  expires: Map<SiteId, number>;
}

interface Entry {
  hash: string;
  signed: SignedStatement;
}

/**
 * Verifications already done, by statement hash and signature: re-evaluating a set on
 * every new statement must not re-check every signature.
 */
export class VerifyCache {
  readonly #results = new Map<string, boolean>();

  async verify(entry: Entry, key: PublicKeyInfo): Promise<boolean> {
    const id = `${entry.hash}:${entry.signed.sig}:${toBase64Url(key.raw)}`;
    const known = this.#results.get(id);
    if (known !== undefined) return known;
    const verifier = await verifierFor(key);
    const signature = fromBase64Url(entry.signed.sig);
    const ok =
      !!verifier &&
      !!signature &&
      (await verifier.verify(canonicalBytes(entry.signed.s), signature));
    if (this.#results.size > 20_000) this.#results.clear();
    this.#results.set(id, ok);
    return ok;
  }
}

const byTime = (a: Entry, b: Entry): number =>
  a.signed.s.issuedAt - b.signed.s.issuedAt || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);

interface Held {
  statement: Statement;
  /** For an admission: its key, decoded, and its chain depth. */
  key?: PublicKeyInfo;
  depth: number;
}

/**
 * Decide which statements count, in one pass in (issuedAt, hash) order: each
 * statement's issuer must hold, from the statements before it, a live producer
 * admission (or be the founder signing its own admission: the root). So the result is
 * the same on every kiosk holding the same set, whatever order they arrived in.
 */
export async function evaluate(
  signed: readonly SignedStatement[],
  context: { show: ShowId; founder: SiteId | undefined; cache?: VerifyCache },
): Promise<Evaluation> {
  const cache = context.cache ?? new VerifyCache();
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const item of signed) {
    const hash = await statementHash(item.s);
    if (seen.has(hash)) continue;
    seen.add(hash);
    entries.push({ hash, signed: item });
  }
  entries.sort(byTime);

  const result: Evaluation = {
    standings: new Map(),
    valid: new Set(),
    refused: [],
    waiting: new Set(),
    names: new Map(),
    issuers: new Map(),
    expires: new Map(),
  };
  /** Each site's latest valid statement so far (the pass runs in time order). */
  const latest = new Map<SiteId, Held>();
  /** Each site's latest valid admission so far (a removal keeps its role and key). */
  const admitted = new Map<SiteId, Held>();
  const refuse = (entry: Entry, reason: string) =>
    result.refused.push({ hash: entry.hash, statement: entry.signed.s, reason });

  for (const entry of entries) {
    const s = entry.signed.s;
    if (s.show !== context.show) {
      refuse(entry, `is for another show (${s.show})`);
      continue;
    }
    let key: PublicKeyInfo | undefined;
    if (s.kind === 'admit') {
      key = decodeKey(s.key);
      if (!key) {
        refuse(entry, 'carries a malformed key');
        continue;
      }
      if (!(await isSiteOf(s.site, key))) {
        refuse(entry, `admits site ${s.site} with a key that is not its own`);
        continue;
      }
      if (s.expires <= s.issuedAt || s.expires - s.issuedAt > MAX_ADMISSION_LIFETIME_MS) {
        refuse(entry, 'has an expiry out of bounds');
        continue;
      }
    }
    if (!context.founder) {
      result.waiting.add(entry.hash);
      continue;
    }
    const isRoot =
      s.kind === 'admit' &&
      s.issuer === context.founder &&
      s.site === context.founder &&
      s.role === 'producer';
    let issuerKey: PublicKeyInfo | undefined;
    let depth = 0;
    if (isRoot) {
      issuerKey = key;
    } else {
      const issuerNow = latest.get(s.issuer);
      if (!issuerNow) {
        // Its issuer's admission may still be on its way: not refused, not counted.
        result.waiting.add(entry.hash);
        continue;
      }
      const statement = issuerNow.statement;
      if (statement.kind !== 'admit' || statement.role !== 'producer') {
        refuse(entry, `is signed by ${s.issuer}, which was not a producer then`);
        continue;
      }
      if (s.issuedAt > statement.expires) {
        refuse(entry, `is signed by ${s.issuer} after its admission expired`);
        continue;
      }
      issuerKey = issuerNow.key;
      depth = issuerNow.depth + 1;
      if (depth > MAX_CHAIN_DEPTH) {
        refuse(entry, `comes from a chain of more than ${MAX_CHAIN_DEPTH} admissions`);
        continue;
      }
    }
    if (!issuerKey || !(await cache.verify(entry, issuerKey))) {
      refuse(entry, `has a signature that is not ${s.issuer}'s`);
      continue;
    }
    result.valid.add(entry.hash);
    const held: Held = { statement: s, key: key ?? admitted.get(s.site)?.key, depth };
    latest.set(s.site, held);
    if (s.kind === 'admit') admitted.set(s.site, held);
  }
  // Statements waiting on an issuer that never came: still waiting (may come later).

  for (const [site, held] of latest) {
    const s = held.statement;
    const last = admitted.get(site);
    result.issuers.set(site, s.issuer);
    if (last?.statement.kind === 'admit') result.names.set(site, last.statement.name);
    if (s.kind === 'admit' && held.key) {
      result.expires.set(site, s.expires);
      result.standings.set(site, { kind: 'admitted', role: s.role, key: held.key });
    } else if (s.kind === 'remove' && last?.statement.kind === 'admit' && last.key) {
      result.standings.set(site, {
        kind: 'removed',
        role: last.statement.role,
        key: last.key,
        upTo: s.upTo,
      });
    }
  }
  return result;
}
