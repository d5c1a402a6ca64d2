import type { Clock } from '../../clock/clock';
import type { ShowId, SiteId } from '../../domain/ids';
import type { Role } from '../../domain/model';
import type { Op, VersionVector } from '../../domain/op';
import { opsMessages, snapshotMessages } from '../protocol/chunk';
import type {
  DeniedReason,
  HelloMessage,
  JoinMessage,
  Message,
  OpsMessage,
  SealedMessage,
  ShowMessage,
  SnapshotMessage,
  VersionsMessage,
} from '../protocol/messages';
import type { KioskIdentity } from '../trust/identity';
import type { JoinSecret } from '../trust/join';
import type { SignedPage, WirePage } from '../trust/pages';
import type { LinkAuth } from '../trust/link-auth';
import { joinHandshake, type Handshake, type HandshakeFactory } from './handshake';
import type { OpStore } from './op-store';
import { headsOf } from './bookkeeping';
import { EarlyEnvelopes, seal, unseal, type Unsealed } from './sealing';
import type { PeerId, Transport } from '../network/transport';
import { advancedBy, hasAdvanced, lacking } from '../protocol/version-vector';

// One link to one peer: first the handshake (handshake.ts: the join, where both
// kiosks prove they belong to the show and who they are), then catch-up in
// acknowledged batches and live pushes, every message sealed (sealing.ts). Nothing
// about the show crosses the link, either way, before the handshake opened it.

export interface KioskInfo {
  name: string;
  role: Role;
}

export interface SessionSettings {
  batchSize: number;
  /** Catch-up batches sent ahead of their acknowledgement: the peer applies one while the next travels. */
  catchUpWindow: number;
  /** A peer lacking more ops than this gets a snapshot instead. */
  snapshotThreshold: number;
  /** Exchange ticks a handshake may take before the link is dropped. */
  handshakeTicks: number;
  /** JSON characters of ops or rows per message (tests shrink it to exercise multi-part batches). */
  messageBudget: number;
  /**
   * How long ops pushed live to a peer count as held there (see `expectedVersions`):
   * long enough for its next versions report to confirm them.
   */
  pushTrustMs: number;
}

/** What a session needs from its engine: the shared store and identity, and where to report. */
export interface SessionHost {
  readonly store: OpStore;
  readonly site: SiteId;
  readonly showId: ShowId;
  /** This kiosk's signing key pair; `site` is derived from it. */
  readonly identity: KioskIdentity;
  /** The show's secret for the join (`deriveShowSecret` of the passphrase). */
  readonly secret: JoinSecret;
  readonly kiosk: KioskInfo;
  readonly clock: Clock;
  readonly settings: SessionSettings;
  /** The link to the peers: a session sends on it directly, not back through its engine. */
  readonly transport: Pick<Transport, 'send' | 'hangUp' | 'channelBinding'>;
  /** Our version vector as last read from the database. */
  ourVersions(): VersionVector;
  /** Sites of our authenticated peers. */
  neighbours(): SiteId[];
  /** Apply ops received from peers (several pushes at once when they arrived together), with their pages. */
  applyOps(
    received: ReadonlyArray<{ from: Session; ops: Op[]; pages?: WirePage[] }>,
  ): Promise<void>;
  /** The signed pages of ops about to be sent (signed-pages.ts). */
  pagesFor(ops: readonly Op[]): Promise<SignedPage[]>;
  applySnapshot(
    from: Session,
    tables: SnapshotMessage['tables'],
    versions: VersionVector | undefined,
    proofs?: SnapshotMessage['proofs'],
  ): Promise<void>;
  /** The peer offers a snapshot: whether to ask for it (bookkeeping.ts). */
  snapshotOffered(from: Session, id: number): boolean;
  /** Whether a snapshot part with this id answers our ask to this peer. */
  isSnapshotAsked(from: Session, id: number): boolean;
  opened(session: Session): void;
  /** The peer refused us. */
  refusedBy(session: Session, reason: DeniedReason): void;
  /** We refused the peer. */
  refused(session: Session, reason: DeniedReason, detail: string): void;
  badMessage(session: Session, type: Message['type'], reason: string): void;
  changed(): void;
}

export type SessionPhase = 'handshake' | 'open' | 'refused' | 'closed';

interface Outstanding {
  id: number;
  /** What the peer had when we cut the batch: an ack that shows no progress ends the stream. */
  basis: VersionVector;
  /** What it will have once it applied this batch: where the next batch starts. */
  after: VersionVector;
  isSnapshot: boolean;
}

export class Session {
  phase: SessionPhase = 'handshake';
  /** Their version vector as last reported (raised by what they send us). */
  theirVersions: VersionVector = {};
  /** The sites they are linked to, as last reported. */
  theirPeers: ReadonlySet<SiteId> = new Set();
  lastMessageAt: number | undefined;

  private readonly handshake: Handshake;
  /** The link's seal once the join opened it: every message either way goes through it. */
  private link: LinkAuth | undefined;
  /** Sealed messages that came before our side of the join ended. */
  private readonly early = new EarlyEnvelopes();
  private ticks = 0;
  /** Catch-up batches sent and not yet acknowledged, oldest first. */
  private outstanding: Outstanding[] = [];
  /** Exchange ticks since the last acknowledgement, while batches are outstanding. */
  private stalledTicks = 0;
  private counter = 0;
  /** Live pushes to the peer in the last `pushTrustMs` (see `expectedVersions`). */
  private recentPushes: Array<{ at: number; ops: readonly Op[] }> = [];
  private incoming: { id: number; next: number; intact: boolean } | undefined;
  /** Snapshots offered, and those sent on ask: each at most once. */
  private readonly snapshotsOffered = new Set<number>();
  private readonly snapshotsSent = new Set<number>();
  /** Snapshots of the peer's we asked for: a repeated offer is not asked again (the peer sends each once). */
  private readonly snapshotsAsked = new Set<number>();
  /** Snapshots of the peer's taken whole: a repeated part is a copy, not a part nobody asked for. */
  private readonly snapshotsTaken = new Set<number>();

  constructor(
    readonly peer: PeerId,
    private readonly host: SessionHost,
    makeHandshake: HandshakeFactory = joinHandshake,
  ) {
    this.handshake = makeHandshake({
      get showId() {
        return host.showId;
      },
      get identity() {
        return host.identity;
      },
      get secret() {
        return host.secret;
      },
      get kiosk() {
        return host.kiosk;
      },
      channel: () => host.transport.channelBinding(peer),
      phase: () => this.phase,
      send: (message) => this.send(message),
      introduced: () => host.changed(),
      badMessage: (type, reason) => host.badMessage(this, type, reason),
      open: (link) => this.open(link),
      refuse: (reason, detail) => this.refuse(reason, detail),
      refusedBy: (reason) => this.refusedBy(reason),
      hangUp: () => this.hangUp(),
    });
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  /** Their hello, once received: who they say they are. */
  get hello(): HelloMessage | undefined {
    return this.handshake.hello;
  }

  get siteId(): SiteId | undefined {
    return this.hello?.siteId;
  }

  /** Greet the peer: the handshake's first message. */
  start(): void {
    this.handshake.start();
  }

  close(): void {
    this.phase = 'closed';
  }

  /**
   * A sealed envelope from the peer: checked against the link's seal and read, or
   * held while our side of the join is still ending (the peer may open first).
   * `held` when it waits; a refusal (`refused`) means the link must be dropped.
   */
  unseal(envelope: SealedMessage, isSide?: (type: string) => boolean): Unsealed | { ok: 'held' } {
    if (this.link) return unseal(this.link, envelope, isSide);
    if (this.phase === 'handshake' && this.early.hold(envelope)) return { ok: 'held' };
    return {
      ok: false,
      refused: 'malformed',
      reason:
        this.phase === 'handshake'
          ? 'too much sent before the join ended'
          : 'sent on no joined link',
    };
  }

  /** Envelopes held while the join ended, to read now that it has: in arrival order. */
  takeEarly(): SealedMessage[] {
    return this.early.take();
  }

  /** Handle one validated message of the join. The engine calls this for one message at a time. */
  async handleJoin(message: JoinMessage): Promise<void> {
    if (this.phase === 'closed') return;
    this.lastMessageAt = this.host.clock.now();
    if (this.phase === 'open')
      return this.host.badMessage(this, message.type, 'sent bare on a joined link');
    return this.handshake.handle(message);
  }

  /** Handle one message read from a sealed envelope. The engine calls this for one message at a time. */
  async handle(message: ShowMessage): Promise<void> {
    if (this.phase !== 'open') return;
    this.lastMessageAt = this.host.clock.now();
    switch (message.type) {
      case 'versions':
        return this.onVersions(message);
      case 'ops':
        return this.onOps(message);
      case 'snapshot':
        return this.onSnapshot(message);
      case 'snapshot-offer':
        if (this.snapshotsAsked.has(message.id)) return;
        if (this.host.snapshotOffered(this, message.id)) {
          this.snapshotsAsked.add(message.id);
          this.send({ type: 'snapshot-ask', id: message.id });
        }
        return;
      case 'snapshot-ask':
        return this.onSnapshotAsk(message.id);
      case 'preview':
      case 'admissions':
        return; // the engine hands these on as they arrive, never through the queue
    }
  }

  /**
   * Called every exchange interval: tell an open peer what we have (it sends what we
   * lack); give up on a handshake that stalls, or on a refused link once the peer had
   * time to hear why.
   */
  tick(): void {
    if (this.phase === 'open') {
      if (this.outstanding.length > 0 && ++this.stalledTicks > 1) this.outstanding = [];
      this.sendVersions();
      return;
    }
    this.ticks += 1;
    const limit = this.phase === 'refused' ? 1 : this.host.settings.handshakeTicks;
    if (this.phase !== 'closed' && this.ticks >= limit) this.hangUp();
  }

  /** Push ops to an open peer now, with their signed pages, without waiting for the next exchange. */
  push(ops: readonly Op[], pages: readonly SignedPage[]): void {
    if (!this.isOpen || ops.length === 0) return;
    const { messageBudget } = this.host.settings;
    for (const message of opsMessages(ops, false, undefined, messageBudget, pages))
      this.send(message);
    this.recentPushes.push({ at: this.host.clock.now(), ops });
  }

  /**
   * Their versions, raised by what was pushed to them lately: the link is reliable and
   * ordered, so those ops are on their way or waiting to be stored there. A versions
   * report written before they arrived must not send them again, nor show them as
   * waiting. Pushes older than `pushTrustMs` count no more: if the peer still lacks
   * them then (it could not store them), the exchange sends them.
   */
  expectedVersions(): VersionVector {
    const since = this.host.clock.now() - this.host.settings.pushTrustMs;
    this.recentPushes = this.recentPushes.filter((pushed) => pushed.at >= since);
    return this.recentPushes.reduce(
      (versions, pushed) => advancedBy(versions, pushed.ops),
      this.theirVersions,
    );
  }

  // ---- what the handshake decides ----

  /** We refuse the peer: tell it why; the handshake hangs up once it may have heard. */
  private refuse(reason: DeniedReason, detail: string): void {
    this.send({ type: 'denied', reason });
    this.phase = 'refused';
    this.host.refused(this, reason, detail);
  }

  private refusedBy(reason: DeniedReason): void {
    this.phase = 'refused';
    this.host.refusedBy(this, reason);
  }

  private open(link: LinkAuth): void {
    this.link = link;
    this.phase = 'open';
    this.host.opened(this);
    this.sendVersions();
  }

  /** Drop the link: its seal failed, or the peer cannot be trusted any more. */
  drop(): void {
    this.hangUp();
  }

  // ---- catch-up ----

  private sendVersions(ack?: number): void {
    const message: VersionsMessage = {
      type: 'versions',
      versions: this.host.ourVersions(),
      peers: this.host.neighbours(),
    };
    if (ack !== undefined) message.ack = ack;
    this.send(message);
  }

  private async onVersions(message: VersionsMessage): Promise<void> {
    this.theirVersions = message.versions;
    this.theirPeers = new Set(message.peers ?? []);
    this.host.changed();
    if (this.outstanding.length > 0) {
      // Keep to the window: more goes when a batch is acknowledged (links are ordered,
      // so an ack also covers the batches sent before it).
      const index = this.outstanding.findIndex((batch) => batch.id === message.ack);
      if (index < 0) return;
      const acked = this.outstanding[index] as Outstanding;
      this.outstanding.splice(0, index + 1);
      this.stalledTicks = 0;
      // An ack without progress means the peer could not use the batch: stop until the next exchange.
      if (!hasAdvanced(acked.basis, message.versions)) {
        this.outstanding = [];
        return;
      }
    }
    await this.sendWhatTheyLack();
  }

  /**
   * Fill the window with batches of what the peer lacks, for every site, or send a
   * snapshot when ops cannot do it. Each batch starts where the ones still in flight
   * will have left the peer, so nothing is sent twice.
   */
  private async sendWhatTheyLack(): Promise<void> {
    const { batchSize, catchUpWindow, snapshotThreshold, messageBudget } = this.host.settings;
    while (this.outstanding.length < Math.max(1, catchUpWindow)) {
      const last = this.outstanding.at(-1);
      if (last?.isSnapshot) return;
      const expected = this.expectedVersions();
      const theirs = last ? raised(expected, last.after) : expected;
      const missing = lacking(this.host.ourVersions(), theirs);
      if (missing === 0) return;
      // A snapshot goes alone, once the batches before it are acknowledged.
      if (missing > snapshotThreshold) return last ? undefined : this.sendSnapshot(theirs);
      const result = await this.host.store.opsSince(theirs, batchSize);
      const pages = result.kind === 'ops' ? await this.host.pagesFor(result.ops) : [];
      if (!this.isOpen || this.outstanding.at(-1) !== last) return;
      if (result.kind === 'snapshot-needed') return last ? undefined : this.sendSnapshot(theirs);
      if (result.ops.length === 0) return;
      // Every catch-up batch is acknowledged: the acks pace the stream and keep `pending` current.
      const batch = ++this.counter;
      for (const message of opsMessages(result.ops, result.more, batch, messageBudget, pages))
        this.send(message);
      this.outstanding.push({
        id: batch,
        basis: theirs,
        after: advancedBy(theirs, result.ops),
        isSnapshot: false,
      });
      if (!result.more) return;
    }
  }

  /** Offer a snapshot: the peer takes only a snapshot it asked for (bookkeeping.ts). */
  private sendSnapshot(theirs: VersionVector): void {
    const id = ++this.counter;
    this.snapshotsOffered.add(id);
    this.send({ type: 'snapshot-offer', id });
    this.outstanding.push({ id, basis: theirs, after: theirs, isSnapshot: true });
  }

  /** The peer asked for the snapshot we offered: each site's head op first, then the rows. */
  private async onSnapshotAsk(id: number): Promise<void> {
    // Each snapshot goes once: an ask repeated costs the peer nothing, and us no second copy.
    if (this.snapshotsSent.has(id)) return;
    // Answered even once the window gave the offer up (the ask took two exchanges): the
    // peer waits for this snapshot and takes no other offer meanwhile.
    if (!this.snapshotsOffered.has(id))
      return this.host.badMessage(this, 'snapshot-ask', 'asks for a snapshot never offered');
    this.snapshotsSent.add(id);
    const snapshot = await this.host.store.snapshot();
    const heads = await headsOf(this.host.store, snapshot.versions);
    const pages = await this.host.pagesFor(heads);
    // Each field's winning write and its author's page, so the peer can check every field.
    const winners = await this.host.store.winningOps();
    const evidence = { winners, pages: await this.host.pagesFor(winners) };
    if (!this.isOpen) return;
    const { messageBudget } = this.host.settings;
    for (const message of opsMessages(heads, false, undefined, messageBudget, pages))
      this.send(message);
    for (const message of snapshotMessages(snapshot, id, messageBudget, evidence))
      this.send(message);
  }

  private async onOps(message: OpsMessage): Promise<void> {
    this.noteOps(message.ops);
    await this.host.applyOps([{ from: this, ops: message.ops, pages: message.pages }]);
    if (message.batch !== undefined && this.isOpen) this.sendVersions(message.batch);
  }

  /** The peer sent us these ops, so it holds them: count that for the status until its next versions. */
  noteOps(ops: readonly Op[]): void {
    this.lastMessageAt = this.host.clock.now();
    this.theirVersions = advancedBy(this.theirVersions, ops);
  }

  private async onSnapshot(message: SnapshotMessage): Promise<void> {
    if (this.snapshotsTaken.has(message.id)) return;
    if (!this.host.isSnapshotAsked(this, message.id))
      return this.host.badMessage(this, 'snapshot', 'was not asked for');
    // Parts merge one by one (merging is safe in any order), but the versions only
    // count if every part of this snapshot arrived, in order.
    const incoming = this.incoming;
    if (message.part === 0) this.incoming = { id: message.id, next: 1, intact: true };
    else if (incoming && incoming.id === message.id && incoming.next === message.part)
      incoming.next += 1;
    else this.incoming = { id: message.id, next: message.part + 1, intact: false };
    const intact = this.incoming?.intact === true;
    await this.host.applySnapshot(
      this,
      message.tables,
      message.last && intact ? message.versions : undefined,
      message.proofs,
    );
    if (!message.last) return;
    this.incoming = undefined;
    if (intact) this.snapshotsTaken.add(message.id);
    if (intact && this.isOpen) this.sendVersions(message.id);
  }

  /** Nothing of the show is on its way to the peer in batches (catch-up, a snapshot): a side stream may go. */
  get isIdle(): boolean {
    return this.isOpen && this.outstanding.length === 0;
  }

  /** Send a side channel's message (side-channel.ts), sealed like the show's. */
  sendSide(message: { type: string }): boolean {
    if (!this.isOpen || !this.link) return false;
    return this.host.transport.send(this.peer, seal(this.link, message));
  }

  // ---- link ----

  /** Send on the link: sealed once it is joined, and only join messages before. */
  send(message: JoinMessage | ShowMessage): void {
    if (this.phase === 'closed') return;
    if (this.link) {
      if (isShowMessage(message)) this.host.transport.send(this.peer, seal(this.link, message));
      return;
    }
    if (!isShowMessage(message)) this.host.transport.send(this.peer, message);
  }

  private hangUp(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.host.transport.hangUp(this.peer);
  }
}

const SHOW_TYPES: ReadonlySet<Message['type']> = new Set([
  'versions',
  'ops',
  'preview',
  'snapshot',
  'snapshot-offer',
  'snapshot-ask',
  'admissions',
]);
const isShowMessage = (message: JoinMessage | ShowMessage): message is ShowMessage =>
  SHOW_TYPES.has(message.type);

/** Per site, the higher of two vectors. */
function raised(a: VersionVector, b: VersionVector): VersionVector {
  const next = { ...a };
  for (const [site, seq] of Object.entries(b)) if (seq > (next[site] ?? 0)) next[site] = seq;
  return next;
}
