import { sha256 } from '@noble/hashes/sha2.js';
import type { ShowId, SiteId } from '../../domain/ids';
import { MAX_PAGE_OPS, OP_HASH_BYTES, type SignedPage } from '../../domain/signed-page';
import type { Json, Op } from '../../domain/op';
import { concat, fromBase64Url, toBase64Url, utf8 } from './bytes';
import { lvCat } from './bytes';
import { signBytes, type PublicKeyInfo, type StoredIdentity, type Verifier } from './identity';

// Signed log pages: every op travels with its author's signature, so no kiosk can
// write under another's name, even one admitted to the show. A page is the ops one
// kiosk wrote in one local write (a tap is a page of one or a few ops): seqs
// `from..to` of one site. The author signs a list of per-op hashes, not the ops, so
// one op of a page can be checked with the page's other hashes alone (a snapshot's
// winning write, a page cut between two catch-up messages), and a whole page costs
// one signature however many ops it holds.
//
// Signed bytes: lv_cat("backstage-page/1", show, site, by, from, to, h_from..h_to),
// each h = SHA-256 of the UTF-8 of "backstage-op/1\n" + JSON [site, seq, hlc, table,
// key, field] + "\n" + canonical JSON of the value. `by` is empty for the author's own pages; a
// producer vouching for a legacy site (no key of its own: docs/trust.md) names itself.
// Hashed by content, never by signature (ECDSA signatures are malleable).

export { MAX_PAGE_OPS, OP_HASH_BYTES, type SignedPage };

/** A page on the wire: `hashes` only when the message does not hold every op of it. */
export interface WirePage {
  site: SiteId;
  from: number;
  to: number;
  sig: string;
  hashes?: string;
  by?: SiteId;
}

const OP_LABEL = 'backstage-op/1';
const PAGE_LABEL = utf8('backstage-page/1');

/** JSON with object keys sorted, so two kiosks hash one value alike whatever its key order. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Json)}`).join(',')}}`;
}

/**
 * The hash of one op's whole content. One string, encoded once: the label, then a JSON
 * array of the op's fields (a JSON array reads back one way only), then its value as
 * canonical JSON (JSON escapes line breaks inside strings, so the separators are
 * unambiguous). A catch-up hashes thousands of ops: no byte juggling per field.
 */
export function opHash(op: Op): Uint8Array {
  const fields = JSON.stringify([op.site, op.seq, op.hlc, op.table, op.key, op.field]);
  return sha256(utf8(`${OP_LABEL}\n${fields}\n${canonicalJson(op.value)}`));
}

/** What the author signs for a page. */
export function pageBytes(
  showId: ShowId,
  page: Pick<SignedPage, 'site' | 'from' | 'to' | 'hashes' | 'by'>,
): Uint8Array {
  return lvCat(
    PAGE_LABEL,
    utf8(showId),
    utf8(page.site),
    utf8(page.by ?? ''),
    utf8(String(page.from)),
    utf8(String(page.to)),
    page.hashes,
  );
}

/** The hash of seq `seq` in a page. */
export const hashAt = (page: Pick<SignedPage, 'from' | 'hashes'>, seq: number): Uint8Array =>
  page.hashes.subarray((seq - page.from) * OP_HASH_BYTES, (seq - page.from + 1) * OP_HASH_BYTES);

/**
 * Ops as runs to sign: per site, consecutive seqs, at most MAX_PAGE_OPS each. One
 * local write gives one run (or a few, for a large write).
 */
export function pageRuns(ops: readonly Op[]): Op[][] {
  const sorted = [...ops].sort((a, b) =>
    a.site < b.site ? -1 : a.site > b.site ? 1 : a.seq - b.seq,
  );
  const runs: Op[][] = [];
  for (const op of sorted) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (
      run &&
      last &&
      last.site === op.site &&
      last.seq + 1 === op.seq &&
      run.length < MAX_PAGE_OPS
    )
      run.push(op);
    else runs.push([op]);
  }
  return runs;
}

/**
 * Sign ops as pages with this kiosk's key: its own ops (`by` absent), or a legacy
 * site's that a producer vouches for (`by` = the producer's site). Signed in parallel.
 */
export function signPages(
  identity: StoredIdentity & { publicKeyInfo?: PublicKeyInfo },
  showId: ShowId,
  ops: readonly Op[],
  by?: SiteId,
): Promise<SignedPage[]> {
  return Promise.all(
    pageRuns(ops).map(async (run) => {
      const first = run[0] as Op;
      const page = {
        site: first.site,
        from: first.seq,
        to: first.seq + run.length - 1,
        hashes: concat(...run.map(opHash)),
        ...(by ? { by } : {}),
      };
      const signature = await signBytes(identity, pageBytes(showId, page));
      return { ...page, signature };
    }),
  );
}

/** Whether `verifier` (the signer's key) signed this page for this show. */
export const verifyPage = (
  verifier: Verifier,
  showId: ShowId,
  page: SignedPage,
): Promise<boolean> => verifier.verify(pageBytes(showId, page), page.signature);

/** A page for the wire, with its hashes when the receiver will not hold all its ops. */
export function toWire(page: SignedPage, withHashes: boolean): WirePage {
  const wire: WirePage = {
    site: page.site,
    from: page.from,
    to: page.to,
    sig: toBase64Url(page.signature),
  };
  if (withHashes) wire.hashes = toBase64Url(page.hashes);
  if (page.by) wire.by = page.by;
  return wire;
}

/**
 * A wire page with its hashes: those it carries, else those of the message's ops
 * (`hashOf` by seq, which must hold every seq of it). Undefined when neither gives the
 * whole list, or the encoding is bad.
 */
export function fromWire(
  wire: WirePage,
  hashOf: (seq: number) => Uint8Array | undefined,
): SignedPage | undefined {
  const signature = fromBase64Url(wire.sig);
  if (!signature) return undefined;
  const length = wire.to - wire.from + 1;
  let hashes: Uint8Array | undefined;
  if (wire.hashes !== undefined) {
    hashes = fromBase64Url(wire.hashes);
    if (!hashes || hashes.length !== length * OP_HASH_BYTES) return undefined;
  } else {
    const parts: Uint8Array[] = [];
    for (let seq = wire.from; seq <= wire.to; seq++) {
      const hash = hashOf(seq);
      if (!hash) return undefined;
      parts.push(hash);
    }
    hashes = concat(...parts);
  }
  const page: SignedPage = { site: wire.site, from: wire.from, to: wire.to, hashes, signature };
  if (wire.by) page.by = wire.by;
  return page;
}

/**
 * The pages that cover `ops`, for one message: each once, with its hashes when the
 * message does not hold every op of it. A page is looked up by site and seq, so a
 * catch-up batch of thousands of ops costs one pass.
 */
export function pagesOfMessage(ops: readonly Op[], pages: readonly SignedPage[]): WirePage[] {
  const bySeq = new Map<string, SignedPage>();
  for (const page of pages)
    for (let seq = page.from; seq <= page.to; seq++) {
      const key = `${page.site} ${seq}`;
      if (!bySeq.has(key)) bySeq.set(key, page);
    }
  const used = new Map<SignedPage, Set<number>>();
  for (const op of ops) {
    const page = bySeq.get(`${op.site} ${op.seq}`);
    if (page) used.set(page, (used.get(page) ?? new Set()).add(op.seq));
  }
  return [...used].map(([page, seqs]) => toWire(page, seqs.size < page.to - page.from + 1));
}
