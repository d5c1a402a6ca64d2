import { Emitter } from './emitter';
import { JoinGate } from './join-gate';
import type { ChannelBinding, PeerId, Transport, TransportEvents } from './transport';

// An in-memory network of kiosks for unit tests and simulations. Links behave like
// reliable, ordered data channels; the network around them can be made hostile
// (partitions, loss, duplicates, delay) to test that sync survives it. Every random
// choice comes from one seeded generator and is made while delivering, in a fixed
// order, so a run replays exactly under the same seed.

export interface MemoryNetworkOptions {
  /**
   * 'manual' (default): nothing moves until `step()` or `flush()`; deterministic.
   * 'auto': a flush is scheduled whenever something is queued (for the contract suite).
   */
  delivery?: 'manual' | 'auto';
  /** How 'auto' schedules its flushes; default `queueMicrotask`. */
  schedule?: (run: () => void) => void;
  seed?: number;
  dropRate?: number;
  duplicateRate?: number;
  /** Chance that a message due now waits 1..maxDelayRounds more rounds (its link waits with it). */
  delayRate?: number;
  maxDelayRounds?: number;
}

export interface Chaos {
  dropRate: number;
  duplicateRate: number;
  delayRate: number;
  maxDelayRounds: number;
}

export interface NetworkCounters {
  /** Messages handed to `send` on an open link, and their JSON length. */
  messages: number;
  bytes: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  /** Sent messages by their `type` field, when they have one; a sealed one under its inner type too. */
  byType: Record<string, number>;
}

interface Queued {
  to: PeerId;
  kind: 'message' | 'close';
  json: string;
  due: number;
  rolledDelay: boolean;
}

interface Link {
  key: string;
  /**
   * Each end's id for this link, in place of a DTLS certificate fingerprint: new per
   * link, so a kiosk in the middle of two links shows each side a different pair.
   */
  ends: Map<PeerId, string>;
  /** The sides that still hold the link open: a hang-up closes one side at once, the other when the close arrives. */
  open: Set<PeerId>;
  queue: Queued[];
}

const linkKey = (a: PeerId, b: PeerId): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** A message's `type`, and for a sealed envelope the type its body starts with (the engine writes `type` first). */
function typesOf(message: unknown): string[] {
  const { type, body } = (message ?? {}) as { type?: unknown; body?: unknown };
  if (typeof type !== 'string') return [];
  const inner = typeof body === 'string' ? /^\{"type":"([a-z-]+)"/.exec(body)?.[1] : undefined;
  return inner ? [type, inner] : [type];
}

/** mulberry32: small, fast, good enough to drive chaos reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class MemoryNetwork {
  private readonly transports = new Map<PeerId, MemoryTransport>();
  private readonly links = new Map<string, Link>();
  private dials: Array<{ from: PeerId; to: PeerId }> = [];
  private group: Map<PeerId, number> | undefined;
  private round = 0;
  private flushScheduled = false;
  private readonly random: () => number;
  private readonly delivery: 'manual' | 'auto';
  private readonly schedule: (run: () => void) => void;
  chaos: Chaos;
  readonly counters: NetworkCounters = {
    messages: 0,
    bytes: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    byType: {},
  };

  constructor(options: MemoryNetworkOptions = {}) {
    this.delivery = options.delivery ?? 'manual';
    this.schedule = options.schedule ?? ((run) => queueMicrotask(run));
    this.random = seededRandom(options.seed ?? 1);
    this.chaos = {
      dropRate: options.dropRate ?? 0,
      duplicateRate: options.duplicateRate ?? 0,
      delayRate: options.delayRate ?? 0,
      maxDelayRounds: options.maxDelayRounds ?? 3,
    };
  }

  createTransport(id: string): MemoryTransport {
    const peer = id as PeerId;
    if (this.transports.has(peer))
      throw new Error(`A transport "${id}" already exists on this network`);
    const transport = new MemoryTransport(this, peer);
    this.transports.set(peer, transport);
    return transport;
  }

  get peers(): PeerId[] {
    return [...this.transports.keys()];
  }

  /** Split the network: links between groups close at once (peer-left on both sides). Peers in no group are cut off alone. */
  partition(groups: ReadonlyArray<ReadonlyArray<PeerId | string>>): void {
    this.group = new Map();
    groups.forEach((members, index) =>
      members.forEach((peer) => this.group?.set(peer as PeerId, index)),
    );
    for (const link of [...this.links.values()]) {
      const [a, b] = this.ends(link);
      if (!this.canReach(a, b)) this.cut(link);
    }
  }

  /** Lift the partition. Links come back when someone dials again (as a mesh would). */
  heal(): void {
    this.group = undefined;
  }

  canReach(a: PeerId, b: PeerId): boolean {
    if (!this.group) return true;
    const ga = this.group.get(a);
    return ga !== undefined && ga === this.group.get(b);
  }

  /** Dial every pair of started transports that can reach each other and has no link: a test's stand-in for the mesh. */
  dialAll(): void {
    const started = [...this.transports.values()].filter((t) => t.isStarted);
    for (let i = 0; i < started.length; i++) {
      for (let j = i + 1; j < started.length; j++) {
        const [a, b] = [started[i], started[j]];
        if (a && b && !this.links.has(linkKey(a.self, b.self)) && this.canReach(a.self, b.self))
          a.dial(b.self);
      }
    }
  }

  /** True while a dial or a message is waiting to be delivered. */
  get isBusy(): boolean {
    return this.dials.length > 0 || [...this.links.values()].some((link) => link.queue.length > 0);
  }

  /**
   * One round: deliver every message that is due (one hop; replies go out next round),
   * then open the links that were dialled. Returns how many items moved.
   */
  step(): number {
    this.round += 1;
    let moved = 0;
    const keys = [...this.links.keys()].sort();
    for (const key of keys) {
      const link = this.links.get(key);
      if (link) moved += this.deliverDue(link);
    }
    const dials = this.dials;
    this.dials = [];
    for (const { from, to } of dials) {
      moved += 1;
      this.openLink(from, to);
    }
    return moved;
  }

  /** Step until nothing is waiting (or `maxRounds`, to stop a chatty loop). Returns the rounds taken. */
  flush(maxRounds = 10_000): number {
    let rounds = 0;
    while (this.isBusy && rounds < maxRounds) {
      this.step();
      rounds += 1;
    }
    return rounds;
  }

  // ---- used by MemoryTransport ----

  /** @internal */
  requestDial(from: PeerId, to: PeerId): void {
    if (from === to || !this.transports.has(to)) return;
    this.dials.push({ from, to });
    this.wake();
  }

  /** @internal */
  send(from: PeerId, to: PeerId, message: unknown): boolean {
    const link = this.links.get(linkKey(from, to));
    if (!link || !link.open.has(from)) return false;
    const json = JSON.stringify(message);
    if (json === undefined) return false;
    this.counters.messages += 1;
    this.counters.bytes += json.length;
    for (const type of typesOf(message))
      this.counters.byType[type] = (this.counters.byType[type] ?? 0) + 1;
    link.queue.push({ to, kind: 'message', json, due: this.round + 1, rolledDelay: false });
    this.wake();
    return true;
  }

  /** @internal JSON characters `from` sent to `to` that have not arrived yet: the channel's buffer. */
  bufferedAmount(from: PeerId, to: PeerId): number {
    const link = this.links.get(linkKey(from, to));
    if (!link || !link.open.has(from)) return 0;
    let chars = 0;
    for (const item of link.queue) if (item.to === to) chars += item.json.length;
    return chars;
  }

  /** @internal */
  channelBinding(self: PeerId, peer: PeerId): ChannelBinding | undefined {
    const link = this.links.get(linkKey(self, peer));
    const ours = link?.ends.get(self);
    const theirs = link?.ends.get(peer);
    return link?.open.has(self) && ours && theirs ? { ours, theirs } : undefined;
  }

  /** @internal A side hangs up: it leaves at once; the other side hears it after what is already in flight. */
  hangUp(from: PeerId, to: PeerId): void {
    const link = this.links.get(linkKey(from, to));
    if (!link || !link.open.has(from)) return;
    link.open.delete(from);
    link.queue = link.queue.filter((item) => item.to !== from);
    this.transports.get(from)?.linkClosed(to);
    if (link.open.size === 0) this.links.delete(link.key);
    else link.queue.push({ to, kind: 'close', json: '', due: this.round + 1, rolledDelay: true });
    this.wake();
  }

  /** @internal */
  stopped(peer: PeerId): void {
    for (const link of [...this.links.values()]) {
      const [a, b] = this.ends(link);
      if (a === peer) this.hangUp(a, b);
      else if (b === peer) this.hangUp(b, a);
    }
    this.dials = this.dials.filter((dial) => dial.from !== peer && dial.to !== peer);
  }

  // ---- internals ----

  private ends(link: Link): [PeerId, PeerId] {
    const [a, b] = link.key.split('|') as [PeerId, PeerId];
    return [a, b];
  }

  /** A link end's id, random like a certificate (not from the seeded generator: chaos must replay alike). */
  private endId(): string {
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    return `memory ${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':')}`;
  }

  private wake(): void {
    if (this.delivery !== 'auto' || this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private openLink(from: PeerId, to: PeerId): void {
    const a = this.transports.get(from);
    const b = this.transports.get(to);
    if (!a?.isStarted || !b?.isStarted || !this.canReach(from, to)) return;
    // Both sides dialling at once must end with one link, as with PeerJS.
    if (this.links.has(linkKey(from, to))) return;
    const link: Link = {
      key: linkKey(from, to),
      ends: new Map([
        [from, this.endId()],
        [to, this.endId()],
      ]),
      open: new Set([from, to]),
      queue: [],
    };
    this.links.set(link.key, link);
    a.linkOpened(to);
    b.linkOpened(from);
  }

  /** A partition: both sides lose the link at once and whatever was in flight. */
  private cut(link: Link): void {
    this.links.delete(link.key);
    const [a, b] = this.ends(link);
    if (link.open.has(a)) this.transports.get(a)?.linkClosed(b);
    if (link.open.has(b)) this.transports.get(b)?.linkClosed(a);
  }

  private deliverDue(link: Link): number {
    let moved = 0;
    /** Senders that had messages delivered: told when their side of the link is empty. */
    const senders = new Set<PeerId>();
    while (this.links.get(link.key) === link) {
      const item = link.queue[0];
      if (!item || item.due > this.round) break;
      if (!item.rolledDelay) {
        item.rolledDelay = true;
        if (this.chaos.delayRate > 0 && this.random() < this.chaos.delayRate) {
          item.due = this.round + 1 + Math.floor(this.random() * this.chaos.maxDelayRounds);
          // Everything behind it on this link waits too: a channel never reorders.
          break;
        }
      }
      link.queue.shift();
      moved += 1;
      const [a, b] = this.ends(link);
      const from = item.to === a ? b : a;
      if (item.kind === 'close') {
        link.open.delete(item.to);
        if (link.open.size === 0) this.links.delete(link.key);
        this.transports.get(item.to)?.linkClosed(from);
        continue;
      }
      if (!link.open.has(item.to)) continue;
      senders.add(from);
      if (this.chaos.dropRate > 0 && this.random() < this.chaos.dropRate) {
        this.counters.dropped += 1;
        continue;
      }
      const copies =
        this.chaos.duplicateRate > 0 && this.random() < this.chaos.duplicateRate ? 2 : 1;
      if (copies === 2) this.counters.duplicated += 1;
      for (let i = 0; i < copies; i++) {
        this.counters.delivered += 1;
        this.transports.get(item.to)?.deliver(from, item.json);
      }
    }
    for (const from of senders) {
      const [a, b] = this.ends(link);
      const to = from === a ? b : a;
      if (link.open.has(from) && !link.queue.some((item) => item.to === to))
        this.transports.get(from)?.drained(to);
    }
    return moved;
  }
}

export class MemoryTransport implements Transport {
  private readonly events = new Emitter<TransportEvents>((error) =>
    console.error(`memory transport ${this.self}: a listener threw`, error),
  );
  /** The open links, each with its gate: what is passed on before the engine joined it. */
  private readonly peers = new Map<PeerId, JoinGate<string>>();
  private started = false;

  constructor(
    private readonly network: MemoryNetwork,
    readonly self: PeerId,
  ) {}

  get connectedPeers(): ReadonlySet<PeerId> {
    return new Set(this.peers.keys());
  }

  get isStarted(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const others = this.network.peers.filter((peer) => peer !== this.self);
    this.events.emit('discovered', others);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.network.stopped(this.self);
  }

  dial(peer: PeerId): void {
    if (!this.started || this.peers.has(peer)) return;
    this.network.requestDial(this.self, peer);
  }

  hangUp(peer: PeerId): void {
    this.network.hangUp(this.self, peer);
  }

  send(peer: PeerId, message: unknown): boolean {
    return this.started && this.network.send(this.self, peer, message);
  }

  async channelBinding(peer: PeerId): Promise<ChannelBinding | undefined> {
    return this.network.channelBinding(this.self, peer);
  }

  bufferedAmount(peer: PeerId): number {
    return this.network.bufferedAmount(this.self, peer);
  }

  joined(peer: PeerId): void {
    const gate = this.peers.get(peer);
    for (const json of gate?.join() ?? []) {
      if (this.peers.get(peer) !== gate) return; // a listener hung up on what came first
      this.emitMessage(peer, json);
    }
  }

  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** @internal */
  linkOpened(peer: PeerId): void {
    this.peers.set(peer, new JoinGate());
    this.events.emit('peer-joined', peer);
  }

  /** @internal */
  linkClosed(peer: PeerId): void {
    if (!this.peers.delete(peer)) return;
    this.events.emit('peer-left', peer);
  }

  /** @internal What this end sent to `peer` has all arrived. */
  drained(peer: PeerId): void {
    if (this.peers.has(peer)) this.events.emit('drained', peer);
  }

  /** @internal A message as the JSON text that crossed the link: measured before it is parsed. */
  deliver(from: PeerId, json: string): void {
    const verdict = this.peers.get(from)?.admit(json, json.length);
    if (verdict === 'pass') return this.emitMessage(from, json);
    if (verdict !== 'overflow') return;
    this.events.emit('refused', from, 'sent too much before the join; not read');
    this.hangUp(from);
  }

  /** A fresh parse per delivery: receivers never share objects with the sender, as over a wire. */
  private emitMessage(from: PeerId, json: string): void {
    this.events.emit('message', from, JSON.parse(json));
  }
}
