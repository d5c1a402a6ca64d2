import type { ShowId, SiteId } from '../../domain/ids';
import type { Role } from '../../domain/model';
import type { Authority, Standing } from './authority';
import {
  admission,
  canonicalBytes,
  evaluate,
  parseSignedStatement,
  removal,
  signStatement,
  statementHash,
  VerifyCache,
  type Evaluation,
  type SignedStatement,
} from './admission';
import { fromBase64Url } from './bytes';
import {
  decodePublicKey,
  isSiteOf,
  verifierFor,
  type KioskIdentity,
  type PublicKeyInfo,
} from './identity';

// The show's admissions as this kiosk holds them: the statements it learned (kept in
// its local database through a port), the founder it trusts, and each site's standing,
// answered synchronously for every check at the door. Statements only accumulate;
// each new one re-evaluates the set (admission.ts `evaluate`).

/** Where the statements and the pinned founder are kept (the local database in the app, memory in tests). */
export interface StatementStore {
  load(show: ShowId): Promise<{ founder: SiteId | undefined; statements: SignedStatement[] }>;
  add(
    show: ShowId,
    statements: ReadonlyArray<{ hash: string; signed: SignedStatement }>,
  ): Promise<void>;
  setFounder(show: ShowId, founder: SiteId): Promise<void>;
}

/** Statements a kiosk keeps for a show, at most (valid ones; a show has tens). */
export const MAX_STATEMENTS = 4096;
/** Statements waiting for their issuer's admission, at most (kept in memory only). */
const MAX_WAITING = 512;

export interface Received {
  /** Statements new here that count: pass them on to the other peers. */
  fresh: SignedStatement[];
  /** Why statements were refused, ready to show with the sender's name. */
  refused: string[];
}

export interface SiteInfo {
  standing: Standing;
  /** The name its latest admission gave it. */
  name: string | undefined;
  /** Who signed its current standing. */
  issuer: SiteId | undefined;
  /** When its admission ends, if it is admitted. */
  expires: number | undefined;
}

/** An admission this close to its end is renewed by the producer that sees the kiosk. */
export const RENEW_BEFORE_MS = 7 * 24 * 3600_000;

export class AdmissionBook implements Authority {
  readonly show: ShowId;
  readonly #store: StatementStore;
  readonly #cache = new VerifyCache();
  readonly #listeners = new Set<() => void>();
  readonly #learners = new Set<(statements: SignedStatement[], from?: string) => void>();
  /** Every statement held, valid or waiting, by hash. */
  readonly #held = new Map<string, SignedStatement>();
  #founder: SiteId | undefined;
  #evaluation: Evaluation | undefined;
  /** One change at a time: each evaluates the set as the last one left it. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(show: ShowId, store: StatementStore) {
    this.show = show;
    this.#store = store;
  }

  /** The book of `show`, with what the store kept (each stored statement checked again). */
  static async open(show: ShowId, store: StatementStore): Promise<AdmissionBook> {
    const book = new AdmissionBook(show, store);
    const kept = await store.load(show);
    book.#founder = kept.founder;
    for (const raw of kept.statements) {
      const parsed = parseSignedStatement(raw);
      if (parsed.ok) book.#held.set(await statementHash(parsed.statement.s), parsed.statement);
    }
    await book.#evaluate();
    return book;
  }

  get founder(): SiteId | undefined {
    return this.#founder;
  }

  standing(site: SiteId): Standing {
    return this.#evaluation?.standings.get(site) ?? { kind: 'unknown' };
  }

  info(site: SiteId): SiteInfo {
    return {
      standing: this.standing(site),
      name: this.#evaluation?.names.get(site),
      issuer: this.#evaluation?.issuers.get(site),
      expires: this.#evaluation?.expires.get(site),
    };
  }

  /** Every site with a standing. */
  sites(): SiteId[] {
    return [...(this.#evaluation?.standings.keys() ?? [])];
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Statements new here that count, signed here or received (`from` names the peer):
   * what gossip passes on to the other peers.
   */
  onLearned(listener: (statements: SignedStatement[], from?: string) => void): () => void {
    this.#learners.add(listener);
    return () => this.#learners.delete(listener);
  }

  /** The statements that count here: what this kiosk tells a peer when a link opens. */
  statements(): SignedStatement[] {
    const valid = this.#evaluation?.valid ?? new Set<string>();
    return [...this.#held].filter(([hash]) => valid.has(hash)).map(([, signed]) => signed);
  }

  /**
   * Pin the founder: from the join link, or this kiosk when it founds the show. A
   * founder pinned already stays (a link cannot move trust elsewhere later).
   */
  pinFounder(founder: SiteId): Promise<boolean> {
    return this.#serial(async () => {
      if (this.#founder) return this.#founder === founder;
      this.#founder = founder;
      await this.#store.setFounder(this.show, founder);
      await this.#evaluate();
      return true;
    });
  }

  /**
   * Statements from a peer (hostile): parsed, checked as a whole with what is held,
   * kept when they count. With no founder pinned yet (a kiosk that joined by typed
   * code), the founder of the first valid root is pinned: trust on first use.
   */
  receive(raw: readonly unknown[], from?: string): Promise<Received> {
    return this.#serial(async () => {
      const refused: string[] = [];
      const incoming: Array<{ hash: string; signed: SignedStatement }> = [];
      for (const [index, item] of raw.entries()) {
        const parsed = parseSignedStatement(item);
        if (!parsed.ok) {
          refused.push(`statement ${index + 1}: ${parsed.reason}`);
          continue;
        }
        const hash = await statementHash(parsed.statement.s);
        if (!this.#held.has(hash)) incoming.push({ hash, signed: parsed.statement });
      }
      if (incoming.length === 0) return { fresh: [], refused };
      if (!this.#founder) await this.#pinFirstRoot(incoming.map((item) => item.signed));
      const before = new Set(this.#evaluation?.valid ?? []);
      for (const { hash, signed } of incoming) this.#held.set(hash, signed);
      const evaluation = await this.#evaluate();
      const refusedHere = new Set<string>();
      for (const refusal of evaluation.refused) {
        if (!incoming.some((item) => item.hash === refusal.hash)) continue;
        refusedHere.add(refusal.hash);
        refused.push(`${describe(refusal.statement)} ${refusal.reason}`);
      }
      // Refused for good: not kept. Waiting ones stay in memory, bounded.
      for (const hash of refusedHere) this.#held.delete(hash);
      this.#trimWaiting(evaluation);
      const fresh = incoming.filter(({ hash }) => evaluation.valid.has(hash) && !before.has(hash));
      if (fresh.length > 0) {
        await this.#store.add(this.show, fresh);
        this.#learned(
          fresh.map((item) => item.signed),
          from,
        );
      }
      return { fresh: fresh.map((item) => item.signed), refused };
    });
  }

  /**
   * Found the show on this kiosk: pin itself as founder and sign its own admission as
   * producer (the root every chain starts from). Nothing when a founder is pinned.
   */
  found(identity: KioskIdentity, name: string, now: number): Promise<SignedStatement | undefined> {
    return this.#serial(async () => {
      if (this.#founder && this.#founder !== identity.site) return undefined;
      if (!this.#founder) {
        this.#founder = identity.site;
        await this.#store.setFounder(this.show, identity.site);
      }
      await this.#evaluate();
      const standing = this.standing(identity.site);
      const expires = this.#evaluation?.expires.get(identity.site) ?? 0;
      if (
        standing.kind === 'admitted' &&
        standing.role === 'producer' &&
        expires - now > RENEW_BEFORE_MS
      )
        return undefined;
      return this.#signAndKeep(
        identity,
        admission({
          show: this.show,
          site: identity.site,
          key: identity.publicKeyInfo,
          role: 'producer',
          name,
          issuer: identity.site,
          issuedAt: this.#after(identity.site, now),
        }),
      );
    });
  }

  /** A producer admits a kiosk with a role (its key from the link's verified hello). */
  admit(
    identity: KioskIdentity,
    subject: { site: SiteId; key: PublicKeyInfo; role: Role; name: string },
    now: number,
  ): Promise<SignedStatement> {
    return this.#serial(async () => {
      if (!(await isSiteOf(subject.site, subject.key)))
        throw new Error(`The key given is not ${subject.site}'s`);
      return this.#signAndKeep(
        identity,
        admission({
          show: this.show,
          site: subject.site,
          key: subject.key,
          role: subject.role,
          name: subject.name,
          issuer: identity.site,
          issuedAt: this.#after(subject.site, this.#after(identity.site, now)),
        }),
      );
    });
  }

  /** A producer removes a kiosk: its ops above `upTo` (the highest seq held here) are refused. */
  remove(
    identity: KioskIdentity,
    site: SiteId,
    upTo: number,
    now: number,
  ): Promise<SignedStatement> {
    return this.#serial(() =>
      this.#signAndKeep(
        identity,
        removal({
          show: this.show,
          site,
          upTo,
          issuer: identity.site,
          issuedAt: this.#after(site, this.#after(identity.site, now)),
        }),
      ),
    );
  }

  /** Whether `identity` may sign statements now (admitted as producer). */
  isProducer(site: SiteId): boolean {
    const standing = this.standing(site);
    return standing.kind === 'admitted' && standing.role === 'producer';
  }

  async #signAndKeep(identity: KioskIdentity, statement: SignedStatement['s']) {
    const signed = await signStatement(identity, statement);
    const hash = await statementHash(statement);
    this.#held.set(hash, signed);
    const evaluation = await this.#evaluate();
    if (!evaluation.valid.has(hash)) {
      this.#held.delete(hash);
      await this.#evaluate();
      const why = evaluation.refused.find((r) => r.hash === hash)?.reason ?? 'has no valid issuer';
      throw new Error(`This kiosk cannot sign that: the statement ${why}`);
    }
    await this.#store.add(this.show, [{ hash, signed }]);
    this.#learned([signed]);
    return signed;
  }

  /**
   * A time later than every statement about `site`, so a new one is its latest even
   * when this kiosk's clock is behind the one that signed the last.
   */
  #after(site: SiteId, now: number): number {
    let latest = 0;
    for (const signed of this.#held.values())
      if (signed.s.site === site) latest = Math.max(latest, signed.s.issuedAt);
    return Math.max(Math.round(now), latest + 1);
  }

  async #pinFirstRoot(incoming: readonly SignedStatement[]): Promise<void> {
    for (const signed of incoming) {
      const s = signed.s;
      if (
        s.kind !== 'admit' ||
        s.site !== s.issuer ||
        s.role !== 'producer' ||
        s.show !== this.show
      )
        continue;
      const key = decodePublicKey(s.key);
      const signature = fromBase64Url(signed.sig);
      if (!key || !signature || !(await isSiteOf(s.site, key))) continue;
      const verifier = await verifierFor(key);
      if (!verifier || !(await verifier.verify(canonicalBytes(s), signature))) continue;
      this.#founder = s.site;
      await this.#store.setFounder(this.show, s.site);
      return;
    }
  }

  #trimWaiting(evaluation: Evaluation): void {
    const waiting = [...evaluation.waiting];
    for (const hash of waiting.slice(0, Math.max(0, waiting.length - MAX_WAITING)))
      this.#held.delete(hash);
    while (this.#held.size > MAX_STATEMENTS + MAX_WAITING) {
      const first = this.#held.keys().next().value;
      if (first === undefined) break;
      this.#held.delete(first);
    }
  }

  async #evaluate(): Promise<Evaluation> {
    const before = this.#evaluation;
    const evaluation = await evaluate([...this.#held.values()], {
      show: this.show,
      founder: this.#founder,
      cache: this.#cache,
    });
    this.#evaluation = evaluation;
    if (!sameStandings(before?.standings, evaluation.standings)) this.#notify();
    return evaluation;
  }

  #learned(statements: SignedStatement[], from?: string): void {
    for (const listener of this.#learners) {
      try {
        listener(statements, from);
      } catch {
        // As #notify.
      }
    }
  }

  #notify(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the others still hear.
      }
    }
  }

  #serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => {});
    return next;
  }
}

const describe = (s: SignedStatement['s']): string =>
  s.kind === 'admit'
    ? `the admission of ${s.site} as ${s.role} by ${s.issuer}`
    : `the removal of ${s.site} by ${s.issuer}`;

function sameStandings(
  a: ReadonlyMap<SiteId, Standing> | undefined,
  b: ReadonlyMap<SiteId, Standing>,
): boolean {
  if (!a || a.size !== b.size) return false;
  for (const [site, standing] of b) {
    const other = a.get(site);
    if (!other || other.kind !== standing.kind) return false;
    if (other.kind === 'unknown' || standing.kind === 'unknown') continue;
    if (other.role !== standing.role) return false;
    if (other.kind === 'removed' && standing.kind === 'removed' && other.upTo !== standing.upTo)
      return false;
  }
  return true;
}
