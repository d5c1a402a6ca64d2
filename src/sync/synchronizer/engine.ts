import type { Clock } from '../../clock/clock';
import type { ShowId, SiteId } from '../../domain/ids';
import type { Role } from '../../domain/model';
import {
  MAX_PREVIEW_OPS,
  PREVIEW_TIMEOUT_MS,
  type Op,
  type PendingOp,
  type VersionVector,
} from '../../domain/op';
import { PAYLOAD_BUDGET } from '../protocol/chunk';
import { Emitter } from '../network/emitter';
import {
  parseWireMessage,
  type DeniedReason,
  type AdmissionsMessage,
  type JoinMessage,
  type Message,
  type OpsMessage,
  type SealedMessage,
  type ShowMessage,
  type SnapshotMessage,
} from '../protocol/messages';
import type { Authority } from '../trust/authority';
import type { KioskIdentity } from '../trust/identity';
import type { SignedPage, WirePage } from '../trust/pages';
import type { JoinSecret } from '../trust/join';
import { JoinFailures } from './join-failures';
import type { OpStore, RowsChanged } from './op-store';
import { Session, type KioskInfo, type SessionHost, type SessionSettings } from './session';
import type { PeerId, Transport } from '../network/transport';
import { advancedBy, holds, lacking, merged } from '../protocol/version-vector';
import { isTooFarAhead } from '../../domain/clock-guard';
import { withoutFutureFields } from './bookkeeping';
import { messageChars, type FloodLimits } from './flood';
import { Guards, type GuardStatus } from './guards';
import type { Intaken } from './intake';
import { SignedPages, type DoorResult, type ProvenSnapshot } from './signed-pages';
import type { SideChannel, SideLink } from './side-channel';

// The sync engine of one kiosk for one show: a session per linked peer, one queue
// for everything that touches the database, and a status the UI can watch.
//
// How edits travel: local ops are pushed to every authenticated peer at once; ops
// new to us are pushed on (gossip) to peers that cannot have them yet, so a chain
// of kiosks stays fast; and every few seconds each pair exchanges version vectors
// and sends what the other lacks, so whatever gossip missed (a kiosk that was away,
// a healed partition, a lost message) still arrives, through third parties too.

export interface SyncEngineOptions {
  /** Ops per catch-up batch (default 1000). */
  batchSize?: number;
  /** Catch-up batches in flight before the first is acknowledged (default 2). */
  catchUpWindow?: number;
  /** Version exchange interval (default 3000 ms); 0 = only when `exchange()` is called. */
  exchangeIntervalMs?: number;
  /** Exchange ticks a handshake may take (default 3). */
  handshakeTicks?: number;
  /** A batch with more new ops than this is not gossiped; the exchange carries it (default 200). */
  gossipLimit?: number;
  /** A peer lacking more ops than this gets a snapshot (default 20,000). */
  snapshotThreshold?: number;
  /** JSON characters of ops or rows per message (default: as much as the 1 MiB cap allows). */
  messageBudget?: number;
  /**
   * How long live ops already shown by their preview wait before they are stored
   * (default 0). Storing them is not urgent (their writer holds them, the screen shows
   * them), and right after a tap every kiosk of the show is painting it: on a device
   * that shares its cores (or a test machine running many kiosks), storing at once
   * takes CPU from those paints. Ops that arrive meanwhile join the same transaction.
   */
  previewedSettleMs?: number;
  timers?: {
    setInterval(run: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
    /** For the settle wait (default the global one). */
    setTimeout?(run: () => void, ms: number): unknown;
  };
  log?: (message: string, error?: unknown) => void;
  /** Per-peer message budgets and the drop back-off (flood.ts defaults). */
  flood?: Partial<FloodLimits>;
  /**
   * Sign this kiosk's ops and check every op's page signature (default true). Test
   * builds turn it off to measure what signing costs; nothing else may.
   */
  signedPages?: boolean;
}

export interface SyncEngineConfig {
  store: OpStore;
  /** This kiosk's signing key pair: its site id is the key's. */
  identity: KioskIdentity;
  showId: ShowId;
  /** The show's secret for the join: `deriveShowSecret` of the passphrase (never the passphrase itself in the app). */
  secret: JoinSecret;
  kiosk: KioskInfo;
  transport: Transport;
  clock: Clock;
  /**
   * Who is admitted to the show with which role and key (the show's admissions): every
   * op's page is checked against its author's key, and every op against its role.
   */
  authority: Authority;
  options?: SyncEngineOptions;
}

export interface PeerStatus {
  peerId: PeerId;
  siteId: SiteId | undefined;
  name: string | undefined;
  role: Role | undefined;
  authenticated: boolean;
  /** Its public key from the hello, once the link proved it (its site id derives from it). */
  key: { alg: string; key: string } | undefined;
  lastMessageAt: number | undefined;
  badMessages: number;
  theirVersions: VersionVector;
  /** Our ops this peer lacks, as of its last report. */
  pending: number;
  /** Its ops we lack, as of its last report. */
  behind: number;
}

export interface SyncStatus {
  running: boolean;
  versions: VersionVector;
  peers: PeerStatus[];
  authenticatedPeers: number;
  /** Ops held back for wrong clocks, what was refused, peers dropped for a while (guards.ts). */
  guards: GuardStatus;
}

export interface AuthFailure {
  peer: PeerId;
  peerName: string | undefined;
  reason: Exclude<DeniedReason, 'other-show'>;
  /** Ready to show: "This kiosk's passphrase does not match the show abc's ...". */
  message: string;
}

export interface PeerRejection {
  peer: PeerId;
  peerName: string | undefined;
  reason: DeniedReason;
  message: string;
}

export interface BadMessage {
  peer: PeerId;
  reason: string;
}

export interface SyncEvents {
  status: (status: SyncStatus) => void;
  /**
   * The status changed (as `status`, without building it): read `engine.status` when
   * it is needed. A screen that shows it a few times a second need not pay for a
   * status object at every change (several a tap).
   */
  changed: () => void;
  'peer-authenticated': (peer: PeerStatus) => void;
  /** A peer refused us: most often this kiosk has the wrong passphrase. */
  'auth-failed': (failure: AuthFailure) => void;
  /** We refused a peer (wrong passphrase, another show, another protocol). */
  'peer-rejected': (rejection: PeerRejection) => void;
  'bad-message': (bad: BadMessage) => void;
  /** Rows that ops from peers changed, as stored: the screens show them without reading them back. */
  'rows-changed': (changed: RowsChanged) => void;
  /** Ops received from a peer were applied; `fresh` of them were new here. */
  'ops-applied': (event: { peer: PeerId; received: number; fresh: number }) => void;
  /**
   * A peer is writing these ops right now (validated, its own, from an open session):
   * show them; the ops themselves follow once they are stored there.
   */
  preview: (event: { peer: PeerId; ops: PendingOp[] }) => void;
  /** Admission statements from an open peer (shape checked; the admission book checks the rest). */
  admissions: (event: { peer: PeerId; statements: AdmissionsMessage['statements'] }) => void;
}

const LABELS: Partial<Record<Message['type'], string>> = {
  ops: 'ops batch',
  preview: 'preview',
  snapshot: 'snapshot part',
  versions: 'version vector',
};
const shortPeer = (peer: PeerId): string => (peer.length > 12 ? `${peer.slice(0, 10)}…` : peer);

export class SyncEngine implements SessionHost {
  readonly store: OpStore;
  readonly site: SiteId;
  readonly identity: KioskIdentity;
  readonly showId: ShowId;
  readonly secret: JoinSecret;
  readonly kiosk: KioskInfo;
  readonly clock: Clock;
  readonly settings: SessionSettings;
  readonly transport: Transport;
  private readonly options: Required<
    Pick<SyncEngineOptions, 'exchangeIntervalMs' | 'gossipLimit'>
  > &
    SyncEngineOptions;
  private readonly sessions = new Map<PeerId, Session>();
  private readonly badCounts = new Map<PeerId, number>();
  /** Joins each peer failed: each is one online guess at the passphrase, so each makes it wait longer. */
  private readonly joinFailures: JoinFailures;
  /** Fields recently previewed by peers (see `previewedSettleMs`), with when. */
  private readonly previewedFields = new Map<string, number>();
  private readonly events: Emitter<SyncEvents>;
  private versions: VersionVector = {};
  private running = false;
  private offs: Array<() => void> = [];
  private timer: unknown;
  private inbox: InboxItem[] = [];
  private draining: Promise<void> | undefined;
  private statusScheduled = false;
  private readonly authority: Authority;
  private readonly guards: Guards;
  /** Show time a release of held ops is set for (one timer at a time). */
  private releaseAt: number | undefined;
  /** Signing what this kiosk writes and checking what arrives (signed-pages.ts). */
  private readonly pages: SignedPages;
  /** A stream beside the show's messages on every joined link (the photos; side-channel.ts). */
  private side: SideChannel | undefined;

  constructor(config: SyncEngineConfig) {
    ({
      store: this.store,
      identity: this.identity,
      showId: this.showId,
      secret: this.secret,
      kiosk: this.kiosk,
      clock: this.clock,
    } = config);
    this.site = this.identity.site;
    this.joinFailures = new JoinFailures(this.clock);
    this.transport = config.transport;
    const options = config.options ?? {};
    this.options = {
      exchangeIntervalMs: 3000,
      gossipLimit: 200,
      ...options,
    };
    this.settings = {
      batchSize: options.batchSize ?? 1000,
      catchUpWindow: options.catchUpWindow ?? 2,
      snapshotThreshold: options.snapshotThreshold ?? 20_000,
      handshakeTicks: options.handshakeTicks ?? 3,
      messageBudget: Math.min(options.messageBudget ?? PAYLOAD_BUDGET, PAYLOAD_BUDGET),
      // Two exchanges: the peer's next report confirms what was pushed (or shows it lacking).
      pushTrustMs: Math.max(2_000, 2 * this.options.exchangeIntervalMs),
    };
    this.events = new Emitter((error) => this.log('a sync event listener threw', error));
    this.authority = config.authority;
    this.guards = new Guards(options.flood, config.authority);
    this.pages = new SignedPages({
      store: this.store,
      identity: this.identity,
      showId: this.showId,
      authority: config.authority,
      enabled: options.signedPages ?? true,
      counts: this.guards.signatures,
      log: (message, error) => this.log(message, error),
    });
  }

  // ---- public API ----

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.versions = await this.store.versions();
    const { transport } = this;
    this.offs = [
      transport.on('peer-joined', (peer) => this.guard(() => this.peerJoined(peer))),
      transport.on('peer-left', (peer) => this.guard(() => this.peerLeft(peer))),
      transport.on('message', (peer, raw) => this.guard(() => this.received(peer, raw))),
      transport.on('refused', (peer, why) =>
        this.guard(() => this.countBad(peer, `messages from peer ${shortPeer(peer)}: ${why}`)),
      ),
      // An admission, a removal: ops waiting for their author's standing go on (role-door.ts).
      this.authority.subscribe(() => this.releaseHeld()),
    ];
    for (const peer of transport.connectedPeers) this.peerJoined(peer);
    const timers = this.options.timers ?? globalThis;
    if (this.options.exchangeIntervalMs > 0) {
      this.timer = timers.setInterval(
        () => this.guard(() => this.exchange()),
        this.options.exchangeIntervalMs,
      );
    }
    this.changed();
  }

  /** Stop syncing: hang up every peer (the transport stays up; it belongs to the mesh). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.offs.forEach((off) => off());
    this.offs = [];
    if (this.timer !== undefined)
      (this.options.timers ?? globalThis).clearInterval(this.timer as never);
    this.timer = undefined;
    for (const session of this.sessions.values()) {
      session.close();
      this.transport.hangUp(session.peer);
    }
    this.sessions.clear();
    await this.idle();
    this.changed();
  }

  /** Push ops just written on this kiosk to every authenticated peer, now. */
  pushLocal(ops: readonly Op[]): void {
    if (!this.running || ops.length === 0) return;
    this.guards.intake.noteOwn(ops);
    const guess = advancedBy(this.versions, ops);
    const isExact = ops.every((op) => (guess[op.site] ?? 0) >= op.seq);
    this.versions = guess;
    // Out once signed (signed-pages.ts): a page never travels without its signature.
    this.pages.signLocal(ops, (pages) => {
      for (const session of this.openSessions()) session.push(ops, pages);
    });
    // Our own ops continue our vector; anything else (a gap, a stale vector) asks the database.
    if (!isExact) this.enqueue(() => this.refreshVersions());
    this.changed();
  }

  /**
   * Tell every authenticated peer, before this kiosk's own commit, what it is writing:
   * they paint it at once and store it when `pushLocal` brings the ops. Large writes
   * (imports, restores) go out as ops only.
   */
  previewLocal(ops: readonly PendingOp[]): void {
    if (!this.running || ops.length === 0 || ops.length > MAX_PREVIEW_OPS) return;
    const message: ShowMessage = { type: 'preview', ops: [...ops] };
    for (const session of this.openSessions()) session.send(message);
  }

  /**
   * Send one message to an open peer, sealed like every message of the link. The
   * engine's own traffic goes through its sessions; tests use this to play a kiosk
   * that sends what it should not (its seal is right, its content is not).
   */
  sendTo(peer: PeerId, message: ShowMessage): boolean {
    const session = this.sessions.get(peer);
    if (!session?.isOpen) return false;
    session.send(message);
    return true;
  }

  /**
   * Carry a side channel's messages on every joined link (sealed, handed over unread);
   * links already joined are offered to it now. Returns how to stop.
   */
  useSide(channel: SideChannel): () => void {
    this.side = channel;
    for (const session of this.openSessions()) channel.opened(this.sideLink(session));
    return () => {
      if (this.side === channel) this.side = undefined;
    };
  }

  private sideLink(session: Session): SideLink {
    const name = session.hello?.name;
    return {
      peer: session.peer,
      label: name
        ? `kiosk "${name}" (peer ${shortPeer(session.peer)})`
        : `peer ${shortPeer(session.peer)}`,
      send: (message) => this.sessions.get(session.peer) === session && session.sendSide(message),
      isIdle: () => this.sessions.get(session.peer) === session && session.isIdle,
      bufferedAmount: () => this.transport.bufferedAmount?.(session.peer) ?? 0,
      bad: (reason) => this.countBad(session.peer, reason),
    };
  }

  /** One exchange round now (the timer calls this): versions to every peer, handshake timeouts. */
  exchange(): void {
    for (const session of [...this.sessions.values()]) session.tick();
    this.releaseHeld();
  }

  get status(): SyncStatus {
    const peers = [...this.sessions.values()].map((session) => this.peerStatus(session));
    return {
      running: this.running,
      versions: { ...this.versions },
      peers,
      authenticatedPeers: peers.filter((peer) => peer.authenticated).length,
      guards: this.guards.status(this.clock.now()),
    };
  }

  on<E extends keyof SyncEvents>(event: E, listener: SyncEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Resolves once every local write pushed so far is signed and sent (`pushLocal` signs first). */
  sent(): Promise<void> {
    return this.pages.settled();
  }

  /** Resolves once every received message has been handled (for tests and simulations). */
  async idle(): Promise<void> {
    await this.pages.settled();
    while (this.draining) await this.draining;
  }

  // ---- transport events ----

  /** A throw inside a transport listener escapes its dispatch and can break every link: log and drop. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.log('sync engine: a transport event failed', error);
    }
  }

  private peerJoined(peer: PeerId): void {
    // Dropped for a while (it kept sending bad messages): not even greeted.
    if (this.guards.flood.isDropped(peer, this.clock.now())) return this.transport.hangUp(peer);
    this.sessions.get(peer)?.close();
    if (this.joinFailures.isWaiting(peer)) {
      // It failed a join lately: it waits before it may guess again.
      this.sessions.delete(peer);
      this.transport.hangUp(peer);
      this.changed();
      return;
    }
    const session = new Session(peer, this);
    this.sessions.set(peer, session);
    session.start();
    this.changed();
  }

  private peerLeft(peer: PeerId): void {
    this.side?.closed(peer);
    const session = this.sessions.get(peer);
    if (!session) return;
    session.close();
    this.sessions.delete(peer);
    this.guards.asks.forget(peer);
    this.changed();
  }

  /**
   * A message off the wire: a message of the join (small, parsed whatever the link's
   * state), or a sealed envelope, opened with the link's seal before its body is read.
   */
  private received(peer: PeerId, raw: unknown): void {
    const verdict = this.guards.flood.admit(peer, messageChars(raw), this.clock.now());
    if (verdict === 'dropped') return;
    if (verdict === 'over-budget')
      return this.countBad(
        peer,
        `message from peer ${shortPeer(peer)}: sent faster than any kiosk does (a flood), not read`,
      );
    const session = this.sessions.get(peer);
    const parsed = parseWireMessage(raw);
    if (!parsed.ok) {
      this.countBad(
        peer,
        `${(parsed.type && LABELS[parsed.type]) ?? parsed.type ?? 'message'} from peer ${shortPeer(peer)}: ${parsed.reason}`,
      );
      return;
    }
    if (!session) return;
    if (parsed.message.type === 'sealed') return this.unsealed(session, parsed.message);
    this.inbox.push({ session, join: parsed.message });
    this.runInbox();
  }

  private unsealed(session: Session, envelope: SealedMessage): void {
    const opened = session.unseal(envelope, (type) => this.side?.carries(type) ?? false);
    if (opened.ok === 'held') return;
    if (opened.ok === 'side') return this.side?.received(session.peer, opened.body);
    if (!opened.ok) {
      const type = 'type' in opened ? opened.type : undefined;
      const what = type ? (LABELS[type] ?? type) : 'sealed message';
      this.countBad(session.peer, `${what} from peer ${shortPeer(session.peer)}: ${opened.reason}`);
      // A seal that fails is an attack or a broken link: nothing more from it is trusted.
      if ('refused' in opened) {
        session.drop();
        this.sessions.delete(session.peer);
        this.changed();
      }
      return;
    }
    // Previews skip the queue: they touch no database, and waiting behind a commit is
    // what they exist to avoid.
    if (opened.message.type === 'preview') return this.previewed(session, opened.message.ops);
    if (opened.message.type === 'admissions')
      return this.events.emit('admissions', {
        peer: session.peer,
        statements: opened.message.statements,
      });
    this.inbox.push({ session, message: opened.message });
    this.runInbox();
  }

  private previewed(session: Session, ops: PendingOp[]): void {
    // A kiosk previews only what it writes itself; anything else is relayed or forged.
    if (ops.some((op) => op.site !== session.siteId))
      return this.countBad(
        session.peer,
        `preview from peer ${shortPeer(session.peer)}: holds ops of another kiosk`,
      );
    // A wrong clock's edit would show now and vanish: its ops are held back (intake.ts).
    const now = this.clock.now();
    if (ops.some((op) => isTooFarAhead(op, now))) return;
    // Outside its author's role, or by an author not admitted (yet): never on a screen.
    const door = this.guards.intake.door.isPreviewShown(ops);
    if (!door.isShown) {
      if (door.refused) {
        this.log(`refused a preview from peer ${shortPeer(session.peer)}: ${door.refused}`);
        this.changed();
      }
      return;
    }
    if (this.options.previewedSettleMs) {
      const at = this.clock.now();
      for (const op of ops) this.previewedFields.set(fieldOf(op), at);
    }
    this.events.emit('preview', { peer: session.peer, ops });
  }

  /** Every op of these pushes was previewed here (its screen change is already shown). */
  private isPreviewed(live: ReadonlyArray<{ ops: readonly Op[] }>): boolean {
    if (!this.options.previewedSettleMs || this.previewedFields.size === 0) return false;
    const since = this.clock.now() - PREVIEW_TIMEOUT_MS;
    for (const [field, at] of this.previewedFields)
      if (at < since) this.previewedFields.delete(field);
    return live.every(({ ops }) => ops.every((op) => this.previewedFields.has(fieldOf(op))));
  }

  // ---- SessionHost ----

  ourVersions(): VersionVector {
    return this.versions;
  }

  neighbours(): SiteId[] {
    return this.openSessions().flatMap((session) => (session.siteId ? [session.siteId] : []));
  }

  async applyOps(
    received: ReadonlyArray<{ from: Session; ops: Op[]; pages?: WirePage[] }>,
  ): Promise<void> {
    // Only ops their author signed go on (signed-pages.ts).
    const door = this.refusedAtDoor(await this.pages.check(received));
    // Forks, new sites and clocks too far ahead are sorted out first (intake.ts): only
    // what is ready is stored, and so counted in our versions.
    const intaken = this.guards.intake.take(
      door.passed.map(({ from, ops }) => ({ from: from.peer, ops })),
      this.versions,
      this.clock.now(),
    );
    for (const fork of intaken.forks)
      this.log(`two different ops share site ${fork.site} seq ${fork.seq} (a fork)`);
    this.logDoorRefusals(intaken.refused);
    const ready = intaken.ready.flatMap((r) => r.ops);
    const { fresh, versions, changed } = await this.storeRemote(ready, keptPages(door, intaken));
    // Told at once, in the task of the commit: the screens show these rows as stored
    // and so need not read them back (state/show-data.svelte.ts).
    if (changed.size > 0) this.events.emit('rows-changed', changed);
    if (intaken.forks.length > 0) await this.settleForks(intaken);
    // Ready ops are in the log now (new, or held already), and parked ones wait above a
    // gap: either backs a snapshot's floors (its heads wait for the floor below them).
    for (const { from, ops } of [...intaken.ready, ...intaken.parked])
      this.guards.asks.stored(from, ops);
    // Merged, not replaced: a local write committed while this transaction was settling
    // has already raised our vector (pushLocal), and this one was read before it.
    this.versions = merged(this.versions, versions);
    this.scheduleRelease();
    this.changed();
    for (const { from, ops } of received) {
      const mine = ops.filter((op) => fresh.delete(opId(op)));
      this.events.emit('ops-applied', {
        peer: from.peer,
        received: ops.length,
        fresh: mine.length,
      });
      if (mine.length > 0 && mine.length <= this.options.gossipLimit)
        this.gossip(from, mine, door.pages);
    }
  }

  /** Ops refused at the door (role-door.ts), said once per peer and author: a forged batch is one line. */
  private logDoorRefusals(refused: Intaken['refused']): void {
    const byWho = new Map<string, Intaken['refused']>();
    for (const refusal of refused) {
      if (refusal.why !== 'out-of-role' && refusal.why !== 'removed') continue;
      const who = `${refusal.from}\u0000${refusal.op.site}`;
      byWho.set(who, [...(byWho.get(who) ?? []), refusal]);
    }
    for (const [first, ...more] of byWho.values()) {
      if (!first) continue;
      const { op, from, detail } = first;
      const others = more.length > 0 ? ` (and ${more.length} more of its ops)` : '';
      this.log(
        `refused an ops batch from peer ${shortPeer(from)}: op ${op.table} ${op.key} ${op.field} by ${op.site} seq ${op.seq}: ${detail}${others}`,
      );
    }
  }

  pagesFor(ops: readonly Op[]): Promise<SignedPage[]> {
    return this.pages.pagesFor(ops);
  }

  /** Snapshot fields refused at the door: told with the peer; forged ones count against it. */
  private provenAtDoor(from: Session, proven: ProvenSnapshot): ProvenSnapshot {
    const { unsigned, 'bad-signature': forged } = proven.refused;
    const what = `snapshot part from peer ${shortPeer(from.peer)}`;
    if (unsigned > 0)
      this.log(`${what}: left out ${unsigned} fields no page of their author signs`);
    if (forged > 0)
      this.countBad(from.peer, `${what}: ${forged} fields fail their author's signature`);
    return proven;
  }

  /** Ops refused at the door are counted (signed-pages.ts) and told, per message and peer. */
  private refusedAtDoor(door: DoorResult<Session>): DoorResult<Session> {
    const byPeer = new Map<Session, typeof door.refused>();
    for (const refusal of door.refused)
      byPeer.set(refusal.from, [...(byPeer.get(refusal.from) ?? []), refusal]);
    for (const [from, refusals] of byPeer) {
      const forged = refusals.filter((refusal) => refusal.why === 'bad-signature');
      const ops = (list: typeof refusals) =>
        list
          .slice(0, 3)
          .map(({ op }) => `${op.site} seq ${op.seq}`)
          .join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
      const unsigned = refusals.filter((refusal) => refusal.why === 'unsigned');
      if (unsigned.length > 0)
        this.log(
          `ops batch from peer ${shortPeer(from.peer)}: refused ${unsigned.length} ops no page of their author signs (${ops(unsigned)})`,
        );
      // An honest kiosk relays signatures unchanged: a wrong one is forged or tampered with.
      if (forged.length > 0)
        this.countBad(
          from.peer,
          `ops batch from peer ${shortPeer(from.peer)}: ${forged.length} ops fail their author's signature (${ops(forged)})`,
        );
    }
    return door;
  }

  /**
   * Forks go the same way everywhere (forks.ts: the lower hash wins): a winning copy
   * takes the loser's place here, and every peer is sent the winner, so kiosks that
   * stored the loser replace it too (catch-up alone never would: they hold that seq).
   */
  private async settleForks(intaken: Intaken): Promise<void> {
    const now = this.clock.now();
    const winners: Op[] = [];
    for (const winner of intaken.winners) {
      if (isTooFarAhead(winner, now)) continue; // comes again once its time is near
      const { replaced, changed } = await this.store.replaceOp(winner, now);
      if (!replaced) await this.store.storeRemoteOps([winner], now);
      if (changed.size > 0) this.events.emit('rows-changed', changed);
      winners.push(winner);
    }
    // A loser was refused: its sender holds it, so send it the copy held here.
    for (const { op } of intaken.refused.filter((refusal) => refusal.why === 'fork')) {
      const found = await this.store.opsSince({ ...this.versions, [op.site]: op.seq - 1 }, 50);
      const held =
        found.kind === 'ops' && found.ops.find((o) => o.site === op.site && o.seq === op.seq);
      if (held && !winners.includes(held)) winners.push(held);
    }
    const pages = await this.pages.pagesFor(winners);
    for (const session of this.openSessions()) session.push(winners, pages);
    await this.refreshVersions();
  }

  /**
   * Push ops that were new to us on to the other peers. Each op is new here once,
   * so this cannot loop. Skip peers that hold it, wrote it, or are linked to its
   * writer (who pushed it to them itself).
   */
  private gossip(from: Session, fresh: readonly Op[], pages: readonly SignedPage[]): void {
    for (const session of this.openSessions()) {
      if (session === from) continue;
      const forward = fresh.filter(
        (op) =>
          op.site !== session.siteId &&
          !holds(session.theirVersions, op) &&
          !session.theirPeers.has(op.site),
      );
      session.push(forward, pages);
    }
  }

  async applySnapshot(
    from: Session,
    tables: SnapshotMessage['tables'],
    versions: VersionVector | undefined,
    proofs?: SnapshotMessage['proofs'],
  ): Promise<void> {
    const now = this.clock.now();
    // Each field's winning write must be signed by its author (signed-pages.ts); the
    // proven ones are kept in the log, so this kiosk can prove them in its own snapshots.
    const proven = this.provenAtDoor(from, await this.pages.checkSnapshot(tables, proofs));
    const winners = proven.winners.filter((op) => !isTooFarAhead(op, now));
    if (winners.length > 0) await this.store.storeRemoteOps(winners, now, proven.pages);
    // Fields clocked too far ahead would win every later edit: left out, as held ops are.
    const future = withoutFutureFields(proven.tables, now);
    this.guards.futureFields += future.dropped;
    // Fields whose winning write is outside its author's role are refused; the rest merge.
    const clean = this.guards.intake.door.snapshotFields(future.tables);
    for (const refused of clean.refused)
      this.log(`refused a snapshot field from peer ${shortPeer(from.peer)}: ${refused}`);
    // Floors only as far as each site's head op stored here shows (bookkeeping.ts).
    const floors = versions ? this.guards.asks.floors(from.peer, versions).floors : {};
    await this.store.applySnapshot({ tables: clean.tables, versions: floors }, now);
    await this.refreshVersions();
    // Ops parked above a gap the snapshot filled go on now.
    if (versions) this.releaseHeld();
  }

  snapshotOffered(from: Session, id: number): boolean {
    return this.guards.asks.offered(from.peer, id, this.clock.now());
  }

  isSnapshotAsked(from: Session, id: number): boolean {
    const isAsked = this.guards.asks.isAsked(from.peer, id);
    if (!isAsked) this.guards.unaskedSnapshots += 1;
    return isAsked;
  }

  opened(session: Session): void {
    this.joinFailures.forget(session.peer);
    this.events.emit('peer-authenticated', this.peerStatus(session));
    this.changed();
    // What the peer sealed after its side opened and before ours did, in order: the small
    // envelopes held here first, then what the transport held unread (join-gate.ts).
    for (const envelope of session.takeEarly()) this.unsealed(session, envelope);
    if (session.isOpen) this.transport.joined(session.peer);
    if (session.isOpen) this.side?.opened(this.sideLink(session));
  }

  refusedBy(session: Session, reason: DeniedReason): void {
    const peerName = session.hello?.name;
    const who = peerName ? `kiosk "${peerName}"` : `peer ${shortPeer(session.peer)}`;
    if (reason === 'other-show') {
      this.events.emit('peer-rejected', {
        peer: session.peer,
        peerName,
        reason,
        message: `${who} belongs to another show`,
      });
    } else {
      const message =
        reason === 'wrong-passphrase'
          ? `This kiosk's passphrase does not match the show ${this.showId}'s (${who} refused it). Check the passphrase with the producer and join again.`
          : reason === 'forged-site'
            ? `${who} did not accept this kiosk's identity. Reload this kiosk; if it persists, join the show again.`
            : `This kiosk and ${who} run different versions of Backstage and cannot sync. Update both and reload.`;
      this.events.emit('auth-failed', { peer: session.peer, peerName, reason, message });
    }
    this.changed();
  }

  refused(session: Session, reason: DeniedReason, detail: string): void {
    if (reason === 'wrong-passphrase' || reason === 'forged-site')
      this.joinFailures.failed(session.peer);
    const peerName = session.hello?.name;
    const who = peerName ? `Kiosk "${peerName}"` : `Peer ${shortPeer(session.peer)}`;
    this.events.emit('peer-rejected', {
      peer: session.peer,
      peerName,
      reason,
      message: `${who} was refused: ${detail}`,
    });
    this.changed();
  }

  badMessage(session: Session, type: Message['type'], reason: string): void {
    this.countBad(
      session.peer,
      `${LABELS[type] ?? type} from peer ${shortPeer(session.peer)}: ${reason}`,
    );
  }

  /** Status changes come in bursts (a batch, a handshake): tell subscribers once per burst. */
  changed(): void {
    if (this.statusScheduled) return;
    this.statusScheduled = true;
    queueMicrotask(() => {
      this.statusScheduled = false;
      this.events.emit('changed');
      if (this.events.has('status')) this.events.emit('status', this.status);
    });
  }

  // ---- internals ----

  private openSessions(): Session[] {
    return [...this.sessions.values()].filter((session) => session.isOpen);
  }

  private peerStatus(session: Session): PeerStatus {
    const expected = session.expectedVersions();
    return {
      peerId: session.peer,
      siteId: session.siteId,
      name: session.hello?.name,
      role: session.hello?.role,
      authenticated: session.isOpen,
      key: session.isOpen ? session.hello?.key : undefined,
      lastMessageAt: session.lastMessageAt,
      badMessages: this.badCounts.get(session.peer) ?? 0,
      theirVersions: { ...expected },
      pending: lacking(this.versions, expected),
      behind: lacking(session.theirVersions, this.versions),
    };
  }

  private countBad(peer: PeerId, reason: string): void {
    this.badCounts.set(peer, (this.badCounts.get(peer) ?? 0) + 1);
    this.log(`dropped a bad message: ${reason}`);
    this.events.emit('bad-message', { peer, reason });
    const drop = this.guards.flood.bad(peer, reason, this.clock.now());
    if (drop) this.dropPeer(peer, reason);
    this.changed();
  }

  /** A peer that kept sending bad messages: hang up; it is refused until its back-off ends. */
  private dropPeer(peer: PeerId, reason: string): void {
    const session = this.sessions.get(peer);
    this.guards.remember(peer, session?.siteId, session?.hello?.name);
    this.log(`dropped peer ${shortPeer(peer)} for a while: ${reason}`);
    session?.close();
    this.sessions.delete(peer);
    this.guards.asks.forget(peer);
    this.transport.hangUp(peer);
  }

  /** Ops held back for a wrong clock: store those whose time has come, then set the next timer. */
  private releaseHeld(): void {
    const { intake } = this.guards;
    if (
      intake.nextReleaseAt === undefined &&
      intake.parkedCount === 0 &&
      intake.door.waitingCount === 0
    )
      return;
    this.enqueue(async () => {
      const ready = intake.release(this.clock.now(), this.versions);
      if (ready.length > 0) {
        const { versions, changed } = await this.storeRemote(ready);
        this.versions = versions;
        if (changed.size > 0) this.events.emit('rows-changed', changed);
      }
      this.scheduleRelease();
      this.changed();
    });
  }

  /**
   * One timer, at the show time the first held op becomes due (not a check every
   * frame). Waits at most a minute at a time: the show clock may be corrected meanwhile.
   */
  private scheduleRelease(): void {
    const due = this.guards.intake.nextReleaseAt;
    if (due === undefined || !this.running) return;
    if (this.releaseAt !== undefined && this.releaseAt <= due) return;
    this.releaseAt = due;
    const wait = Math.min(60_000, Math.max(0, due - this.clock.now()));
    const timeout = this.options.timers?.setTimeout ?? globalThis.setTimeout;
    timeout(() => {
      this.releaseAt = undefined;
      if (this.running) this.releaseHeld();
    }, wait);
  }

  /**
   * Messages are handled one at a time, in arrival order: simple, and deterministic
   * under test. Live pushes that arrived together (from one peer or several) are
   * applied in one transaction: in a busy show that is most of the traffic.
   */
  private runInbox(): void {
    if (this.draining) return;
    this.draining = (async () => {
      while (this.inbox.length > 0) {
        let live = this.takeLivePushes();
        if (live.length > 0 && this.isPreviewed(live)) {
          const settle = this.options.previewedSettleMs ?? 0;
          const timeout = this.options.timers?.setTimeout ?? globalThis.setTimeout;
          await new Promise<void>((resolve) => timeout(resolve, settle));
          // What came meanwhile, in front of anything else queued, goes in the same transaction.
          live = [...live, ...this.takeLivePushes()];
        }
        const next = live.length > 0 ? undefined : this.inbox.shift();
        try {
          if (live.length > 0) await this.applyOps(live);
          else if (next && 'task' in next) await next.task();
          else if (next && 'join' in next) await next.session.handleJoin(next.join);
          else if (next) await next.session.handle(next.message);
        } catch (error) {
          this.log('sync engine: handling a message failed', error);
        }
      }
      this.draining = undefined;
    })();
  }

  /** The live pushes (ops without a batch id, from open sessions) at the head of the inbox. */
  private takeLivePushes(): Array<{ from: Session; ops: Op[]; pages?: WirePage[] }> {
    const live: Array<{ from: Session; ops: Op[]; pages?: WirePage[] }> = [];
    for (let head = this.inbox[0]; head && isLivePush(head); head = this.inbox[0]) {
      this.inbox.shift();
      head.session.noteOps(head.message.ops);
      live.push({ from: head.session, ops: head.message.ops, pages: head.message.pages });
    }
    return live;
  }

  /** Local database work, run in turn with the messages. */
  private enqueue(task: () => Promise<void>): void {
    this.inbox.push({ task });
    this.runInbox();
  }

  private async refreshVersions(): Promise<void> {
    this.versions = merged(this.versions, await this.store.versions());
    this.changed();
  }

  /**
   * Apply remote ops; return those that were new here (for gossip) and our versions
   * after them, from the one transaction that stores them.
   */
  private async storeRemote(
    ops: Op[],
    pages: readonly SignedPage[] = [],
  ): Promise<{ fresh: Set<string>; versions: VersionVector; changed: RowsChanged }> {
    const result = await this.store.storeRemoteOps(ops, this.clock.now(), pages);
    return {
      fresh: new Set(result.fresh.map(opId)),
      versions: result.versions,
      changed: result.changed,
    };
  }

  private log(message: string, error?: unknown): void {
    if (this.options.log) this.options.log(message, error);
    else if (error !== undefined) console.error(message, error);
  }
}

const opId = (op: Op): string => `${op.site}\u0000${op.seq}`;

/**
 * The pages to keep of those that passed the door: not the page of a fork's losing copy,
 * which would take the place of the kept copy's page (both cover the same seqs).
 */
function keptPages(door: DoorResult<Session>, intaken: Intaken): SignedPage[] {
  const lost = intaken.refused.filter((refusal) => refusal.why === 'fork').map(({ op }) => op);
  if (lost.length === 0) return door.pages;
  return door.pages.filter(
    (page) => !lost.some((op) => op.site === page.site && page.from <= op.seq && op.seq <= page.to),
  );
}
/** One field of one row, as written by one kiosk: what a preview and its op share. */
const fieldOf = (op: PendingOp): string =>
  `${op.site}\u0000${op.table}\u0000${op.key}\u0000${op.field}`;

type InboxItem =
  | { session: Session; join: JoinMessage }
  | { session: Session; message: ShowMessage }
  | { task: () => Promise<void> };

const isLivePush = (item: InboxItem): item is { session: Session; message: OpsMessage } =>
  'message' in item &&
  item.message.type === 'ops' &&
  item.message.batch === undefined &&
  item.session.isOpen;
