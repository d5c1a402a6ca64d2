import type { ShowId, SiteId } from '../domain/ids';
import type { Role } from '../domain/model';
import type { VersionVector } from '../domain/op';
import type { LocalDb } from '../storage/local';
import type { PeerStatus } from '../sync/synchronizer/engine';
import type { AdmissionBook } from '../sync/trust/admission-book';
import type { Standing } from '../sync/trust/authority';
import { decodePublicKey, type KioskIdentity } from '../sync/trust/identity';
import { ROLE_LABELS } from '../domain/model';
import {
  admissionView,
  admittedText,
  decideAdmission,
  selfAdmission,
  type AdmissionAction,
  type AdmissionView,
  type SelfAdmission,
} from './admission-flow';
import { toasts } from './toasts.svelte';

// The show's admissions on this kiosk, as runes for the screens: this kiosk's own
// standing (waiting, admitted, removed), each kiosk's admitted role for the kiosks
// panel, the producer's requests to decide and what was admitted as it happens. On a
// producer's kiosk it admits joining kiosks (admission-flow.ts decides). The book
// itself (sync/trust/admission-book.ts) is opened by the sync state for each run.

export interface AdmissionRow {
  kind: Standing['kind'];
  role: Role | '';
  name: string;
}

export interface ProducerRequest {
  site: SiteId;
  name: string;
}

export interface AdmissionNotice {
  id: number;
  site: SiteId;
  text: string;
}

/** What the admission state needs to know of the running sync, read when it acts. */
export interface AdmissionContext {
  identity: KioskIdentity;
  /** Show time now. */
  now(): number;
  /** The highest seq of each site held here (a removal's `upTo`). */
  versions(): VersionVector;
  /** The role each kiosk asks for in its roster row (more current than its hello). */
  rosterRole(site: SiteId): Role | '';
}

const NOTICES_KEPT = 5;

export class AdmissionsState {
  /** This kiosk's own standing, for the waiting banner and the removed screen. */
  self = $state.raw<SelfAdmission>({ kind: 'idle' });
  /** Every kiosk with a standing: its admitted (or removed) role and the name its admission gave. */
  rows = $state.raw<Record<string, AdmissionRow>>({});
  /** Kiosks asking to be producers, for a producer to decide. */
  requests = $state.raw<ProducerRequest[]>([]);
  /** What this kiosk admitted lately ("Kiosk 'Station 2' admitted as makeup"). */
  notices = $state.raw<AdmissionNotice[]>([]);
  /** The last statements a peer sent that did not count. */
  refusal = $state('');
  founder = $state<SiteId | ''>('');
  /** This kiosk is admitted as a producer: it may admit and remove. */
  isProducer = $state(false);

  #book: AdmissionBook | undefined;
  #context: AdmissionContext | undefined;
  #peers: readonly PeerStatus[] = [];
  #refused = new Set<SiteId>();
  #admitting = new Set<string>();
  #noticeId = 0;
  #asks: Role | '' = '';
  #isRunning = false;
  /** How long before an admission expires it is renewed (admission-book.ts), once loaded. */
  #renewBeforeMs = 0;

  /**
   * Open the show's book for a sync run. A kiosk that holds the show as its producer
   * (created it, loaded the demo, imported it, or a show from before admissions) founds
   * it when no founder is known, whatever screen it shows: its own admission is the
   * root of the show's trust.
   */
  async open(
    local: LocalDb,
    showId: ShowId,
    context: AdmissionContext,
    kiosk: { isProducerKiosk: boolean; role: Role | ''; name: string },
  ): Promise<AdmissionBook> {
    // Loaded with sync, after the first paint: the screens need only the standing.
    const [{ AdmissionBook, RENEW_BEFORE_MS }, { DexieStatementStore }] = await Promise.all([
      import('../sync/trust/admission-book'),
      import('../storage/statements'),
    ]);
    this.#renewBeforeMs = RENEW_BEFORE_MS;
    const book = await AdmissionBook.open(showId, new DexieStatementStore(local));
    const site = context.identity.site;
    if (kiosk.isProducerKiosk && (book.founder ?? site) === site)
      await book.found(context.identity, kiosk.name || 'Producer', context.now());
    this.#book = book;
    this.#context = context;
    this.#asks = kiosk.role;
    this.#isRunning = true;
    book.subscribe(() => this.#refresh());
    this.#refresh();
    return book;
  }

  /** Sync stopped: nothing more is decided here until it starts again. */
  close(): void {
    this.#book = undefined;
    this.#context = undefined;
    this.#peers = [];
    this.#isRunning = false;
    this.requests = [];
    this.self = { kind: 'idle' };
  }

  /** The role this kiosk asks for (its role setting): it waits until admitted with it. */
  set asks(role: Role | '') {
    this.#asks = role;
    this.#refresh();
  }

  /** The engine's peers changed: admit what should be, list what a producer must decide. */
  peers(peers: readonly PeerStatus[]): void {
    this.#peers = peers.filter((peer) => peer.authenticated && peer.siteId && peer.key);
    this.#decide();
  }

  standing(site: SiteId): Standing {
    return this.#book?.standing(site) ?? { kind: 'unknown' };
  }

  // ---- producer actions ----

  async admit(site: SiteId, role: Role): Promise<void> {
    const book = this.#book;
    const context = this.#context;
    if (!book || !context) throw new Error('Sync is not running on this kiosk');
    const peer = this.#peers.find((p) => p.siteId === site);
    const key = peer ? decodePublicKey(peer.key) : this.#keyOf(site);
    if (!key) throw new Error('That kiosk must be online to be admitted');
    const name = peer?.name ?? this.rows[site]?.name ?? '';
    await book.admit(context.identity, { site, key, role, name }, context.now());
    this.#refused.delete(site);
    this.#notice(site, admittedText(name, ROLE_LABELS[role]));
  }

  /** What the kiosks panel says of a kiosk's admission, and what a producer may do. */
  view(site: SiteId, says: Role | '', isSelf: boolean): AdmissionView {
    return admissionView({
      says,
      standing: this.rows[site],
      isSelf,
      isProducerHere: this.isProducer,
      hasFounder: Boolean(this.founder),
    });
  }

  /** The kiosks panel's rows with each kiosk's admitted role, its standing and a producer's actions. */
  annotate<R extends { siteId: string; roleLabel: string; isSelf: boolean }>(
    rows: readonly R[],
    says: ReadonlyMap<string, Role | ''>,
    labels: Readonly<Record<string, string>>,
  ): Array<R & { standingText: string; actions: AdmissionAction[] }> {
    return rows.map((row) => {
      const said = says.get(row.siteId) ?? '';
      const view = this.view(row.siteId as SiteId, said, row.isSelf);
      const roleLabel =
        view.role && view.role !== said ? (labels[view.role] ?? view.role) : row.roleLabel;
      return { ...row, roleLabel, standingText: view.standingText, actions: view.actions };
    });
  }

  /** A producer's action from the kiosks panel. */
  act(site: SiteId, action: AdmissionAction): Promise<void> {
    if (action === 'remove') return this.remove(site);
    if (action === 'readmit') return this.readmit(site);
    return this.admit(site, 'producer');
  }

  /** Remove a kiosk (a lost tablet): its changes after what this kiosk holds of it are refused everywhere. */
  async remove(site: SiteId): Promise<void> {
    const book = this.#book;
    const context = this.#context;
    if (!book || !context) throw new Error('Sync is not running on this kiosk');
    await book.remove(context.identity, site, context.versions()[site] ?? 0, context.now());
  }

  /** Admit a removed kiosk again, with the role it had. */
  async readmit(site: SiteId): Promise<void> {
    const standing = this.standing(site);
    if (standing.kind === 'unknown') throw new Error('That kiosk was never admitted');
    await this.admit(site, standing.role);
  }

  /** Say no to a kiosk asking to be a producer (it keeps its current standing). */
  refuse(site: SiteId): void {
    this.#refused.add(site);
    this.requests = this.requests.filter((request) => request.site !== site);
  }

  // ---- internals ----

  #keyOf(site: SiteId) {
    const standing = this.standing(site);
    return standing.kind === 'unknown' ? undefined : standing.key;
  }

  #decide(): void {
    const book = this.#book;
    const context = this.#context;
    if (!book || !context) return;
    const isProducerHere = book.isProducer(context.identity.site);
    const requests: ProducerRequest[] = [];
    for (const peer of this.#peers) {
      const site = peer.siteId!;
      const asks = context.rosterRole(site) || peer.role || '';
      const expires = book.info(site).expires;
      const decision = decideAdmission({
        isProducerHere,
        asks,
        standing: book.standing(site),
        isRefused: this.#refused.has(site),
        isExpiring: expires !== undefined && expires - context.now() < this.#renewBeforeMs,
      });
      if (decision.kind === 'ask') requests.push({ site, name: peer.name ?? '' });
      if (decision.kind !== 'admit') continue;
      const id = `${site}:${decision.role}`;
      if (this.#admitting.has(id)) continue;
      this.#admitting.add(id);
      void this.admit(site, decision.role)
        .catch(() => {
          // Its key or our standing changed meanwhile: the next status decides again.
        })
        .finally(() => this.#admitting.delete(id));
    }
    if (JSON.stringify(requests) !== JSON.stringify(this.requests)) this.requests = requests;
  }

  #notice(site: SiteId, text: string): void {
    this.notices = [...this.notices, { id: ++this.#noticeId, site, text }].slice(-NOTICES_KEPT);
    // Said on the producer's screen as it happens, with the way back.
    if (this.#asks === 'producer')
      toasts.show(text, {
        durationMs: 10_000,
        action: {
          label: 'Remove',
          run: () => this.remove(site).catch(toasts.failed('remove the kiosk')),
        },
      });
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  #refresh(): void {
    const book = this.#book;
    const context = this.#context;
    if (!book || !context) return;
    const rows: Record<string, AdmissionRow> = {};
    for (const site of book.sites()) {
      const standing = book.standing(site);
      if (standing.kind === 'unknown') continue;
      rows[site] = { kind: standing.kind, role: standing.role, name: book.info(site).name ?? '' };
    }
    this.rows = rows;
    this.founder = book.founder ?? '';
    const self = context.identity.site;
    this.isProducer = book.isProducer(self);
    const issuer = book.info(self).issuer;
    const before = this.self;
    this.self = selfAdmission({
      standing: book.standing(self),
      asks: this.#asks,
      hasFounder: Boolean(book.founder),
      isRunning: this.#isRunning,
      removedBy: (issuer && book.info(issuer).name) || 'a producer',
    });
    // A kiosk that waited says who admitted it (it may have joined by typed code).
    if (before.kind === 'waiting' && this.self.kind === 'admitted')
      toasts.show(
        `Admitted as ${ROLE_LABELS[this.self.role]} by ${issuer && issuer !== self ? `'${book.info(issuer).name || 'a producer'}'` : 'this kiosk'}`,
      );
    this.#decide();
  }
}

export const admissions = new AdmissionsState();
