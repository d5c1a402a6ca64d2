import { decodeHlc, type Hlc } from '../../domain/hlc';
import type { ShowId, SiteId } from '../../domain/ids';
import type { StoredRow } from '../../domain/merge';
import type { TableName } from '../../domain/model';
import type { Json, Op } from '../../domain/op';
import type { SnapshotProofs } from '../protocol/messages';
import type { Authority } from '../trust/authority';
import { equalBytes } from '../trust/bytes';
import {
  isKeyDerivedSiteId,
  verifierFor,
  type KioskIdentity,
  type PublicKeyInfo,
  type Verifier,
} from '../trust/identity';
import {
  fromWire,
  hashAt,
  opHash,
  signPages,
  verifyPage,
  type SignedPage,
  type WirePage,
} from '../trust/pages';
import type { OpStore } from './op-store';

// The engine's side of signed pages (trust/pages.ts): it signs what this kiosk writes
// before it goes out, finds the pages of what it serves (signing its own ops that have
// none yet, and, on a producer, vouching for legacy sites' ops), and checks every op
// from a peer against its author's key before intake: an op no valid page of its
// author covers is refused.

export type PageRefusal = 'unsigned' | 'bad-signature';

export interface DoorRefusal<F> {
  from: F;
  op: Op;
  why: PageRefusal;
}

export interface DoorResult<F> {
  /** Ops a valid page of their author covers, with the peer each came from. */
  passed: Array<{ from: F; ops: Op[] }>;
  refused: Array<DoorRefusal<F>>;
  /** Ops of authors not admitted here (yet): not applied, offered again by catch-up. */
  unknown: number;
  /** The pages that passed, to keep with the log (and relay unchanged). */
  pages: SignedPage[];
}

type Tables = Partial<Record<TableName, StoredRow[]>>;

export interface ProvenSnapshot {
  /** The rows with only the fields whose winning write passed. */
  tables: Tables;
  /** Those winning writes, as ops, and their pages: kept in the log, to prove them onwards. */
  winners: Op[];
  pages: SignedPage[];
  /** Fields refused, by why, and fields of authors not admitted here. */
  refused: Record<PageRefusal, number>;
  unknown: number;
}

export interface SignatureCounts {
  unsigned: number;
  'bad-signature': number;
  /** Ops whose author has no admission here yet (not an attack: they come again). */
  'unknown-author': number;
}

/** Verified pages remembered, so a page gossiped through several peers is checked once. */
const VERIFIED_MEMORY = 4096;

type SignerKey =
  { kind: 'key'; site: SiteId; key: PublicKeyInfo } | { kind: 'unknown' } | { kind: 'bad' };

export class SignedPages {
  /** Local writes being signed, in order: a page never goes out before its signature. */
  #signing: Promise<void> = Promise.resolve();
  readonly #verifiers = new Map<
    SiteId,
    { raw: Uint8Array; verifier: Promise<Verifier | undefined> }
  >();
  readonly #verified = new Map<string, Uint8Array>();

  constructor(
    private readonly config: {
      store: OpStore;
      identity: KioskIdentity;
      showId: ShowId;
      authority: Authority;
      /** False only in test builds, to measure what signing costs. */
      enabled: boolean;
      /** Where refusals are counted (the engine's guards, for the status). */
      counts: SignatureCounts;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  /**
   * Sign ops this kiosk just wrote, then hand them and their pages to `send`: in order
   * with the writes before and after. The pages are not kept here: storing them was a
   * second IndexedDB transaction on every tap, for a signature this kiosk can make again
   * whenever it serves these ops (`pagesFor` signs its own ops that have no page kept).
   */
  signLocal(ops: readonly Op[], send: (pages: SignedPage[]) => void): void {
    const { identity, showId, enabled } = this.config;
    this.#signing = this.#signing
      .then(async () => {
        send(enabled ? await signPages(identity, showId, ops) : []);
      })
      .catch((error: unknown) => this.config.log('signing a page of local ops failed', error));
  }

  /** Resolves once every local write handed over so far is signed, sent and kept. */
  settled(): Promise<void> {
    return this.#signing;
  }

  /**
   * The pages of ops this kiosk is about to send. Its own ops without a page kept (live
   * writes, whose pages went out with them unkept, and writes from before signed pages)
   * are signed now and kept, as are a legacy site's ops when this kiosk is an admitted
   * producer.
   */
  async pagesFor(ops: readonly Op[]): Promise<SignedPage[]> {
    const { store, identity, showId, enabled, authority } = this.config;
    if (!enabled || ops.length === 0) return [];
    const self = identity.site;
    if (ops.some((op) => op.site === self)) await this.#signing;
    const stored = await store.pagesFor(ops);
    // The pages covering each site and seq: usually one, two where a fork's copies each have one.
    const covering = new Map<string, SignedPage[]>();
    for (const page of stored)
      for (let seq = page.from; seq <= page.to; seq++) {
        const key = `${page.site} ${seq}`;
        const list = covering.get(key);
        if (list) list.push(page);
        else covering.set(key, [page]);
      }
    const pages = new Set<SignedPage>();
    const mine: Op[] = [];
    const legacy: Op[] = [];
    for (const op of ops) {
      // Where a fork left two pages for one seq (each copy its own, both kept as they
      // passed the door), the one that holds this very op. Otherwise the one there is:
      // pages are kept with their ops, so no hash is needed for it.
      const candidates = covering.get(`${op.site} ${op.seq}`) ?? [];
      const hash = candidates.length > 1 ? opHash(op) : undefined;
      const page = hash
        ? candidates.find((candidate) => equalBytes(hashAt(candidate, op.seq), hash))
        : candidates[0];
      if (page) pages.add(page);
      else if (op.site === self) mine.push(op);
      else if (!isKeyDerivedSiteId(op.site)) legacy.push(op);
    }
    const standing = authority.standing(self);
    const isProducer = standing.kind === 'admitted' && standing.role === 'producer';
    const signed = [
      ...(mine.length > 0 ? await signPages(identity, showId, mine) : []),
      ...(legacy.length > 0 && isProducer ? await signPages(identity, showId, legacy, self) : []),
    ];
    if (signed.length > 0) await store.storePages(signed);
    return [...pages, ...signed];
  }

  /** Check ops from peers against their authors' pages (all pages at once, in parallel). */
  async check<F>(
    received: ReadonlyArray<{ from: F; ops: readonly Op[]; pages?: readonly WirePage[] }>,
  ): Promise<DoorResult<F>> {
    if (!this.config.enabled)
      return {
        passed: received.map(({ from, ops }) => ({ from, ops: [...ops] })),
        refused: [],
        unknown: 0,
        pages: [],
      };
    const refused: Array<DoorRefusal<F>> = [];
    const pages: SignedPage[] = [];
    let unknown = 0;
    // Per message: which page covers each op, and the signatures to check.
    const checks = received.map(({ from, ops, pages: wire = [] }) => {
      const hashes = ops.map(opHash);
      const groups = new Map<number, number[]>();
      const verdict: Array<PageRefusal | 'unknown' | 'pending'> = ops.map(() => 'pending');
      // Each op's page by site and seq (the first that covers it): one pass, not a search per op.
      const pageAt = new Map<string, number>();
      wire.forEach((page, index) => {
        for (let seq = page.from; seq <= page.to; seq++) {
          const key = `${page.site} ${seq}`;
          if (!pageAt.has(key)) pageAt.set(key, index);
        }
      });
      ops.forEach((op, i) => {
        const index = pageAt.get(`${op.site} ${op.seq}`) ?? -1;
        if (index < 0) {
          verdict[i] = this.#isKnown(op.site) ? 'unsigned' : 'unknown';
          return;
        }
        const group = groups.get(index);
        if (group) group.push(i);
        else groups.set(index, [i]);
      });
      const verifications: Array<Promise<void>> = [];
      for (const [index, members] of groups) {
        const mark = (why: PageRefusal | 'unknown') => {
          for (const i of members) if (verdict[i] === 'pending') verdict[i] = why;
        };
        const wirePage = wire[index] as WirePage;
        const signer = this.#signerOf(wirePage);
        if (signer.kind !== 'key') {
          mark(signer.kind === 'unknown' ? 'unknown' : 'bad-signature');
          continue;
        }
        const bySeq = new Map<number, Uint8Array>();
        for (const i of members) {
          const seq = (ops[i] as Op).seq;
          if (!bySeq.has(seq)) bySeq.set(seq, hashes[i] as Uint8Array);
        }
        const page = fromWire(wirePage, (seq) => bySeq.get(seq));
        if (!page) {
          // Cut without its hashes: the rest of it never came in this message.
          mark(wirePage.hashes === undefined ? 'unsigned' : 'bad-signature');
          continue;
        }
        for (const i of members)
          if (!equalBytes(hashAt(page, (ops[i] as Op).seq), hashes[i] as Uint8Array))
            verdict[i] = 'bad-signature';
        verifications.push(
          this.#verify(signer, page).then((ok) => {
            if (ok) pages.push(page);
            else mark('bad-signature');
          }),
        );
      }
      return { from, ops, verdict, verifications };
    });
    // WebCrypto checks run off the main thread in Chromium: all of a batch's at once.
    await Promise.all(checks.flatMap((check) => check.verifications));
    const passed: DoorResult<F>['passed'] = [];
    for (const { from, ops, verdict } of checks) {
      const ok: Op[] = [];
      ops.forEach((op, i) => {
        const why = verdict[i];
        if (why === 'pending') ok.push(op);
        else if (why === 'unknown') unknown += 1;
        else if (why) refused.push({ from, op, why });
      });
      passed.push({ from, ops: ok });
    }
    for (const { why } of refused) this.config.counts[why] += 1;
    this.config.counts['unknown-author'] += unknown;
    return { passed, refused, unknown, pages };
  }

  /**
   * Check each row field of a snapshot part against its proof: the op it stands for (its
   * author from the clock, its seq from the proof) must be in its author's signed page.
   * A field that fails is left out; the rest of its row merges.
   */
  async checkSnapshot(tables: Tables, proofs: SnapshotProofs | undefined): Promise<ProvenSnapshot> {
    const refused: Record<PageRefusal, number> = { unsigned: 0, 'bad-signature': 0 };
    if (!this.config.enabled) return { tables, winners: [], pages: [], refused, unknown: 0 };
    const wire = proofs?.pages ?? [];
    const decoded = wire.map((page) => fromWire(page, () => undefined));
    const checked = new Map<number, Promise<boolean>>();
    const candidates: Array<{
      table: TableName;
      index: number;
      field: string;
      op: Op;
      page: number;
    }> = [];
    let unknown = 0;
    for (const [table, rows = []] of Object.entries(tables) as Array<[TableName, StoredRow[]]>)
      rows.forEach((row, index) => {
        for (const [field, hlc] of Object.entries(row._clocks)) {
          const site = decodeHlc(hlc as Hlc).site;
          const proof = proofs?.fields[table]?.[index]?.[field];
          const wirePage = proof ? wire[proof[1]] : undefined;
          const page = proof ? decoded[proof[1]] : undefined;
          if (!proof || !wirePage) {
            if (this.#isKnown(site)) refused.unsigned += 1;
            else unknown += 1;
            continue;
          }
          const [seq, at] = proof;
          const op: Op = {
            site,
            seq,
            hlc: hlc as Hlc,
            table,
            key: row.id,
            field,
            value: row[field] as Json,
          };
          const signer = this.#signerOf(wirePage);
          if (signer.kind === 'unknown') {
            unknown += 1;
            continue;
          }
          if (
            signer.kind === 'bad' ||
            !page ||
            page.site !== site ||
            seq < page.from ||
            seq > page.to ||
            !equalBytes(hashAt(page, seq), opHash(op))
          ) {
            refused['bad-signature'] += 1;
            continue;
          }
          if (!checked.has(at)) checked.set(at, this.#verify(signer, page));
          candidates.push({ table, index, field, op, page: at });
        }
      });
    const verdicts = new Map<number, boolean>();
    await Promise.all([...checked].map(async ([at, ok]) => verdicts.set(at, await ok)));
    const passed = new Map<string, Op>();
    for (const candidate of candidates) {
      if (verdicts.get(candidate.page))
        passed.set(`${candidate.table} ${candidate.index} ${candidate.field}`, candidate.op);
      else refused['bad-signature'] += 1;
    }
    const kept: Tables = {};
    for (const [table, rows = []] of Object.entries(tables) as Array<[TableName, StoredRow[]]>)
      kept[table] = rows.flatMap((row, index) => {
        const clocks: Record<string, Hlc> = {};
        const clean: StoredRow = { id: row.id, _clocks: clocks };
        for (const [field, hlc] of Object.entries(row._clocks)) {
          if (!passed.has(`${table} ${index} ${field}`)) continue;
          clocks[field] = hlc;
          clean[field] = row[field];
        }
        return Object.keys(clocks).length > 0 ? [clean] : [];
      });
    this.config.counts.unsigned += refused.unsigned;
    this.config.counts['bad-signature'] += refused['bad-signature'];
    this.config.counts['unknown-author'] += unknown;
    const pages = [...verdicts].flatMap(([at, ok]) => (ok ? [decoded[at] as SignedPage] : []));
    return { tables: kept, winners: [...passed.values()], pages, refused, unknown };
  }

  #isKnown(site: SiteId): boolean {
    return this.config.authority.standing(site).kind !== 'unknown';
  }

  /** Whose key signs a page: its site's own, or an admitted producer vouching for a legacy site. */
  #signerOf(page: WirePage): SignerKey {
    const { authority } = this.config;
    if (page.by !== undefined) {
      // Only a legacy site (no key of its own) may be vouched for.
      if (isKeyDerivedSiteId(page.site)) return { kind: 'bad' };
      const producer = authority.standing(page.by);
      if (producer.kind === 'unknown') return { kind: 'unknown' };
      if (producer.kind !== 'admitted' || producer.role !== 'producer') return { kind: 'bad' };
      return { kind: 'key', site: page.by, key: producer.key };
    }
    const author = authority.standing(page.site);
    return author.kind === 'unknown'
      ? { kind: 'unknown' }
      : { kind: 'key', site: page.site, key: author.key };
  }

  async #verify(signer: { site: SiteId; key: PublicKeyInfo }, page: SignedPage): Promise<boolean> {
    const memo = `${page.site}|${page.by ?? ''}|${page.from}|${page.to}|${signer.site}|${String(page.signature)}`;
    const known = this.#verified.get(memo);
    if (known && equalBytes(known, page.hashes)) return true;
    let cached = this.#verifiers.get(signer.site);
    if (!cached || !equalBytes(cached.raw, signer.key.raw)) {
      cached = { raw: signer.key.raw, verifier: verifierFor(signer.key) };
      this.#verifiers.set(signer.site, cached);
    }
    const verifier = await cached.verifier;
    const ok = verifier !== undefined && (await verifyPage(verifier, this.config.showId, page));
    if (ok) {
      if (this.#verified.size >= VERIFIED_MEMORY) this.#verified.clear();
      this.#verified.set(memo, page.hashes);
    }
    return ok;
  }
}
