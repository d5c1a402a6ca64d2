import { untrack } from 'svelte';
import { bestOffset, offsetSample, type OffsetSample } from '../clock/clock';
import type { ShowId, SiteId } from '../domain/ids';
import { ROLE_LABELS, type Kiosk, type Role } from '../domain/model';
import type { VersionVector } from '../domain/op';
import type { ShowAccess } from '../storage/local';
import { SyncEngine, type SyncStatus } from '../sync/engine';
import { leadWhenElected, meshLockName, type Leadership } from '../sync/leader';
import { onLocalPreviews, publishLocalOps, publishLocalPreviews } from '../sync/local-ops-bus';
import { Mesh } from '../sync/mesh';
import { parseStoredIceServers } from './network-settings';
import {
  PeerjsTransport,
  peerIdFor,
  serverFromUrl,
  siteOfPeer,
  type SignallingStatus,
  type TransportStats,
} from '../sync/peerjs-transport';
import { deriveShowKey, keyCheck } from '../sync/show-key';
import type { PeerId } from '../sync/transport';
import { kiosk } from './app.svelte';
import { catchingUp, hasCaughtUp, missingFromPeers } from './catch-up';
import { linkedBefore, rememberLinked } from './returning';
import { now, showClock } from './now.svelte';
import {
  clockReference,
  presenceList,
  presenceSummary,
  type KioskPresence,
  type LivePeer,
} from './presence';

// Sync for the kiosk's current show: starts the PeerJS transport, the mesh and the
// engine when this kiosk holds the show key (in one window per browser, the
// leader), and turns what they report into runes for the status corner, the kiosks
// panel and the join screen. Other windows of the browser get the leader's status
// over a BroadcastChannel and their edits reach peers through the local-ops bus.

/**
 * A peer's tap is on screen from its preview; its ops are stored this much later, once
 * every kiosk of the show has had its turn to paint the tap (see SyncEngineOptions).
 */
const PREVIEWED_SETTLE_MS = 60;

/** The demo show's passphrase: shown on the producer's screen, typed on the tablets. */
export const DEMO_PASSPHRASE = 'catwalk';
/**
 * The roster row's "last seen" beat. Linked kiosks see each other live (lastLinked);
 * the row serves kiosks that were not linked at the time, to the minute ("Last seen
 * 3 min ago"). Each beat is an op every kiosk stores, so not more often than that.
 */
const ROSTER_EVERY_MS = 60_000;
const STATUS_EVERY_MS = 150;
const CLOCK_SAMPLES = 16;

/** What the leader window tells the others (plain JSON). */
interface SharedStatus {
  showId: string;
  signalling: SignallingStatus;
  live: LivePeer[];
  versions: VersionVector;
  lastKnown: Record<string, VersionVector>;
  lastLinked: Record<string, number>;
  authError: string;
  rejection: string;
  badMessages: number;
  isDiscoverySupported: boolean | null;
}

/** What the UI needs of the show's access record (never the key itself). */
export interface AccessView {
  hasKey: boolean;
  /** This kiosk may edit the show (created it, or unlocked the producer role). */
  isProducer: boolean;
  /** The passphrase, kept on the kiosk that set it so the producer can read it out. */
  passphrase: string;
}

export interface JoinRequest {
  showId: string;
  passphrase: string;
  role: Role;
  name: string;
  /** The inviting kiosk's peer id, from the join link. */
  via?: string;
}

const hasWindow = typeof window !== 'undefined';
const seedsKey = (showId: string) => `seeds:${showId}`;
const isDemoShow = (looks: readonly { id: string }[]) =>
  looks.some((look) => look.id.startsWith('l-demo-'));

/** The parts of a running mesh, in the leader window only. */
interface Running {
  showId: ShowId;
  transport: PeerjsTransport;
  engine: SyncEngine;
  mesh: Mesh;
}

export class SyncState {
  /** The show's access record: undefined while loading, null when there is none (created here, no passphrase yet). */
  access = $state<AccessView | null | undefined>(undefined);
  signalling = $state<SignallingStatus>('down');
  /** Whether this window runs the mesh (one window per browser does). */
  isLeader = $state(false);
  live = $state.raw<LivePeer[]>([]);
  versions = $state.raw<VersionVector>({});
  lastKnown = $state.raw<Record<string, VersionVector>>({});
  lastLinked = $state.raw<Record<string, number>>({});
  /** A peer refused this kiosk (wrong passphrase...): the clear message from the engine. */
  authError = $state('');
  /** This kiosk refused a peer: the last such message. */
  rejection = $state('');
  badMessages = $state(0);
  isDiscoverySupported = $state<boolean | null>(null);
  showId = $state<ShowId | ''>('');

  readonly kiosks = $derived.by((): KioskPresence[] => {
    const settings = kiosk.settings;
    if (!settings || !this.showId) return [];
    const roster: Kiosk[] = kiosk.data?.kiosks.current ?? [];
    return presenceList({
      self: settings.siteId,
      roster,
      live: this.live,
      lastKnown: this.lastKnown,
      lastLinked: this.lastLinked,
      ours: this.versions,
    });
  });
  readonly summary = $derived(presenceSummary(this.kiosks));
  /** Had what the linked kiosks hold, once since sync started here (or since every link was lost). */
  #hasCaughtUp = $state(false);
  #startedAt = $state(0);
  /** "Catching up" for the status corner: null, or the changes known to be missing (0 = not known yet). */
  readonly catchingUp = $derived(
    catchingUp({
      hasCaughtUp: this.#hasCaughtUp,
      hasOthers: this.summary.total > 1,
      isLinked: this.live.some((peer) => peer.isAuthenticated),
      sinceStartMs: now.current - this.#startedAt,
      missing: missingFromPeers(this.versions, this.live),
    }),
  );
  /** Sync is possible: the show has a key on this kiosk. */
  readonly isShared = $derived(Boolean(this.access?.hasKey));
  /** May this kiosk open the producer screen? 'loading' until the show's access record is read. */
  readonly producerGate = $derived.by((): 'allowed' | 'locked' | 'loading' => {
    const showId = kiosk.settings?.showId;
    if (!showId) return 'allowed';
    if (this.showId !== showId || this.access === undefined) return 'loading';
    return this.access === null || this.access.isProducer ? 'allowed' : 'locked';
  });
  /** This kiosk's peer id in the current show (for the join link), '' without a show. */
  readonly peerId = $derived(
    this.showId && kiosk.settings ? peerIdFor(this.showId, kiosk.settings.siteId) : '',
  );

  #key: CryptoKey | null = null;
  #leadership: Leadership | undefined;
  #running: Running | undefined;
  #channel: BroadcastChannel | undefined;
  #isAttached = false;
  #publishScheduled = false;
  /**
   * Another window of this browser follows this show (it asked for the status). Until
   * one does, the leader publishes nothing: a status per tap, cloned and posted to
   * nobody, is CPU taken from painting the tap.
   */
  #hasFollowers = false;
  #pendingStatus: SyncStatus | undefined;
  #clockSamples: { peer: PeerId; samples: OffsetSample[] } | undefined;
  #hello = { name: '', role: 'wall' as Role };

  /** Start following the kiosk's show (idempotent). Called once the app has loaded the kiosk. */
  attach(): void {
    if (this.#isAttached || !hasWindow) return;
    this.#isAttached = true;
    // Every window announces its writes; the leader's engine pushes them to peers.
    kiosk.onWrite((showId, ops) => publishLocalOps(showId, ops));
    // And its previews, from the windows that do not run the mesh (the leader sends its own).
    kiosk.onPreview((showId, ops) => {
      if (!this.isLeader) publishLocalPreviews(showId, ops);
    });
    $effect.root(() => {
      // Follow the current show: load its access record.
      $effect(() => {
        const showId = kiosk.settings?.showId ?? '';
        untrack(() => void this.#switchShow(showId));
      });
      // The demo gets its fixed passphrase as soon as it is loaded here.
      $effect(() => {
        const data = kiosk.data;
        if (this.access !== null || !data || data.showId !== this.showId) return;
        if (isDemoShow(data.looks.current)) untrack(() => void this.setPassphrase(DEMO_PASSPHRASE));
      });
      // Caught up once the linked kiosks have nothing this one lacks; losing every link starts over.
      $effect(() => {
        const isCaughtUp = hasCaughtUp(this.versions, this.live);
        const isLinked = this.live.some((peer) => peer.isAuthenticated);
        untrack(() => {
          if (isCaughtUp) this.#hasCaughtUp = true;
          else if (!isLinked && this.#hasCaughtUp) {
            // Not "catching up" while cut off (the corner says offline): only once linked again.
            this.#hasCaughtUp = false;
            this.#startedAt = -Infinity;
          }
        });
      });
      // New kiosks in the roster: the mesh dials them.
      $effect(() => {
        const roster = kiosk.data?.kiosks.current ?? [];
        untrack(() => this.#addRoster(roster));
      });
      // The hello carries the current name and role, and the roster gets them now, not at the next beat.
      $effect(() => {
        this.#hello.role = (kiosk.role || 'wall') as Role;
        this.#hello.name = this.#kioskName();
        untrack(() => void this.#writeRoster(false));
      });
    });
  }

  // ---- actions for the screens ----

  /** Join a show from its code and passphrase (join screen). Switches this kiosk to the show and starts sync. */
  async join(request: JoinRequest): Promise<void> {
    const showId = request.showId.trim().toLowerCase() as ShowId;
    const key = await deriveShowKey(request.passphrase, showId);
    const access: ShowAccess = {
      showId,
      key,
      passphraseHint: '',
      isProducer: request.role === 'producer',
    };
    await kiosk.local.access.put(access);
    const via = request.via && siteOfPeer(request.via, showId) ? [request.via] : [];
    if (via.length) await kiosk.local.settings.put({ key: seedsKey(showId), value: via });
    await kiosk.setSetting('kioskName', request.name.trim());
    await kiosk.setRole(request.role);
    this.authError = '';
    if (kiosk.settings?.showId === showId) await this.#switchShow(showId, true);
    else await kiosk.useShow(showId);
  }

  /** The producer sets or changes the show's passphrase: every other kiosk must join again with the new one. */
  async setPassphrase(passphrase: string): Promise<void> {
    const showId = this.showId;
    if (!showId) throw new Error('No show is open on this kiosk');
    const key = await deriveShowKey(passphrase, showId);
    await kiosk.local.access.put({
      showId,
      key,
      passphraseHint: passphrase.trim(),
      isProducer: true,
    });
    await this.#switchShow(showId, true);
  }

  /** Unlock the producer role on a kiosk that joined as something else: the passphrase must match the show key. */
  async unlockProducer(passphrase: string): Promise<boolean> {
    const showId = this.showId;
    if (!showId) return false;
    const row = await kiosk.local.access.get(showId);
    if (!row) return true;
    const typed = await deriveShowKey(passphrase, showId);
    const isRight = row.key ? (await keyCheck(row.key)) === (await keyCheck(typed)) : true;
    if (!isRight) return false;
    await kiosk.local.access.put({ ...row, key: row.key ?? typed, isProducer: true });
    this.access = { ...(this.access ?? { hasKey: true, passphrase: '' }), isProducer: true };
    return true;
  }

  // ---- test and bench hooks (window.__backstage.sync) ----

  /** Test-only: refuse links with these kiosks (site or peer ids) and drop them, as in a network partition. */
  partition(peers: readonly string[]): boolean {
    const running = this.#running;
    if (!running) return false;
    const ids = peers.map(
      (peer) => (peer.startsWith('bk-') ? peer : peerIdFor(running.showId, peer)) as PeerId,
    );
    running.transport.block(ids);
    running.mesh.block(ids);
    return true;
  }

  /** Test-only: end a partition. */
  heal(): boolean {
    const running = this.#running;
    if (!running) return false;
    running.transport.unblock();
    running.mesh.unblock();
    return true;
  }

  /**
   * Point this kiosk at another signalling server and ICE servers (values as
   * network-settings.ts parsed them), and start sync again with them: here when this
   * window syncs, else in the window that does.
   */
  async setNetwork(peerServer: string, iceServers: RTCIceServer[]): Promise<void> {
    await kiosk.setSetting('peerServer', peerServer);
    await kiosk.setSetting('iceServers', iceServers.length ? JSON.stringify(iceServers) : '');
    // Every other window reads the settings again; the one that syncs restarts with them.
    this.#channel?.postMessage({ type: 'network' });
    if (this.isLeader) await this.#restart();
  }

  async #restart(): Promise<void> {
    await kiosk.reloadSettings();
    await this.#switchShow(this.showId, true);
  }

  /** Transport counters of the leader window (bench), undefined elsewhere. */
  get transportStats(): TransportStats | undefined {
    return this.#running?.transport.stats;
  }

  /** The engine of the leader window (bench and tests only). */
  get engine(): SyncEngine | undefined {
    return this.#running?.engine;
  }

  /** The transport of the leader window (bench and tests only). */
  get transport(): PeerjsTransport | undefined {
    return this.#running?.transport;
  }

  // ---- lifecycle ----

  async #switchShow(showId: ShowId | '', force = false): Promise<void> {
    if (!force && showId === this.showId && this.access !== undefined) return;
    await this.#stopLeading();
    // Re-reading the same show (new passphrase, joined again) keeps the old access
    // view until the new one is read, so the producer screen is not torn down and
    // remounted in between, losing what was being typed.
    if (showId !== this.showId) this.access = undefined;
    this.showId = showId;
    this.#key = null;
    this.#resetStatus();
    this.#hasCaughtUp = false;
    this.#startedAt = showClock.now();
    this.#listen(showId);
    if (!showId) return;
    const row = await kiosk.local.access.get(showId);
    if (showId !== this.showId) return; // switched again meanwhile
    this.#key = row?.key ?? null;
    this.access = row
      ? { hasKey: Boolean(row.key), isProducer: row.isProducer, passphrase: row.passphraseHint }
      : null;
    if (this.#key) this.#startLeading(showId);
  }

  #startLeading(showId: ShowId): void {
    this.#leadership = leadWhenElected(
      meshLockName(showId),
      () => this.#lead(showId),
      (isLeader) => {
        this.isLeader = isLeader;
        // A new leader does not know who follows: it asks them to ask again.
        if (isLeader) this.#channel?.postMessage({ type: 'leading' });
        else this.#askLeader();
      },
    );
  }

  async #stopLeading(): Promise<void> {
    const leadership = this.#leadership;
    this.#leadership = undefined;
    await leadership?.stop();
  }

  /** Run the mesh for `showId` in this window: until the returned stop is called. */
  async #lead(showId: ShowId): Promise<() => Promise<void>> {
    // The show's settings change a moment before its data opens (kiosk.useShow).
    for (let i = 0; i < 100 && kiosk.data?.showId !== showId; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const settings = kiosk.settings;
    const data = kiosk.data;
    const key = this.#key;
    if (!settings || !data || data.showId !== showId || !key) return async () => {};
    const site = settings.siteId;
    const transport = new PeerjsTransport({
      showId,
      siteId: site,
      server: settings.peerServer ? serverFromUrl(settings.peerServer) : undefined,
      iceServers: parseStoredIceServers(settings.iceServers),
      clock: () => showClock.now(),
    });
    const engine = new SyncEngine({
      db: data.db,
      site,
      showId,
      key,
      kiosk: this.#hello,
      transport,
      clock: showClock,
      options: {
        previewedSettleMs: PREVIEWED_SETTLE_MS,
        log: (message, error) => console.warn(`[sync] ${message}`, error ?? ''),
      },
    });
    const mesh = new Mesh(transport);
    const running: Running = { showId, transport, engine, mesh };
    this.#running = running;
    const offs = [
      transport.onExtra('status', (status) => {
        this.signalling = status;
        this.#publish();
      }),
      transport.onExtra('discovery', (isSupported) => {
        this.isDiscoverySupported = isSupported;
        this.#publish();
      }),
      engine.on('status', (status) => this.#statusLater(running, status)),
      // A peer's tap, shown before it is stored here (and before the peer stored it).
      engine.on('preview', ({ ops }) => {
        if (kiosk.data !== data) return;
        kiosk.noteClocks(ops);
        data.preview(ops);
      }),
      kiosk.onPreview((previewed, ops) => {
        if (previewed === showId) engine.previewLocal(ops);
      }),
      // Another window of this browser is writing: peers see it now, and so does this window.
      onLocalPreviews(showId, (ops) => {
        engine.previewLocal(ops);
        if (kiosk.data !== data) return;
        kiosk.noteClocks(ops);
        data.preview(ops);
      }),
      engine.on('auth-failed', (failure) => {
        this.authError = failure.message;
        this.#publish();
      }),
      engine.on('peer-authenticated', (peer) => {
        this.authError = '';
        this.#publish();
        void rememberLinked(kiosk.local, showId, [peer.peerId]).catch(() => {
          // Only a faster start next time is lost.
        });
      }),
      engine.on('peer-rejected', (rejection) => {
        this.rejection = rejection.message;
        this.#publish();
      }),
      engine.on('bad-message', () => {
        this.badMessages += 1;
        this.#publish();
      }),
      // Clock samples from the transport's heartbeat: answered as soon as the data
      // channel delivers the ping, not after the engine's database queue, so the
      // round trips are short and symmetric (the engine's ping/pong is not needed).
      transport.onExtra('heartbeat', (peer, sample) =>
        this.#clockPong(peer, sample.t0, sample.t1, sample.t2),
      ),
    ];
    void transport.start();
    // Dial the kiosks this one was linked to before at once (queued until signalling is up).
    const returning = linkedBefore(kiosk.local, showId);
    await engine.start();
    mesh.start();
    mesh.add(await returning, { isReturning: true });
    const seeds = await kiosk.local.settings.get(seedsKey(showId));
    if (Array.isArray(seeds?.value))
      mesh.add(
        (seeds.value as unknown[]).filter(
          (id): id is PeerId => typeof id === 'string' && !!siteOfPeer(id, showId),
        ),
      );
    this.#addRoster(data.kiosks.current);
    const roster = setInterval(() => void this.#writeRoster(), ROSTER_EVERY_MS);
    void this.#writeRoster();
    return async () => {
      clearInterval(roster);
      offs.forEach((off) => off());
      if (this.#running === running) this.#running = undefined;
      mesh.stop();
      await engine.stop();
      await transport.stop();
      this.signalling = 'down';
      this.live = [];
    };
  }

  /**
   * The engine reports after every stored batch; the kiosks panel and status corner
   * need it a few times a second, not in the middle of painting a tap.
   */
  #statusLater(from: Running, status: SyncStatus): void {
    const isScheduled = this.#pendingStatus !== undefined;
    this.#pendingStatus = status;
    if (isScheduled) return;
    setTimeout(() => {
      const latest = this.#pendingStatus;
      this.#pendingStatus = undefined;
      // A mesh stopped meanwhile: its last words would bring back peers it left.
      if (latest && this.#running === from) this.#engineStatus(latest);
    }, STATUS_EVERY_MS);
  }

  #engineStatus(status: SyncStatus): void {
    const now = showClock.now();
    const lastKnown = { ...this.lastKnown };
    const lastLinked = { ...this.lastLinked };
    this.live = status.peers.flatMap((peer): LivePeer[] => {
      if (!peer.siteId) return [];
      if (peer.authenticated) {
        lastKnown[peer.siteId] = peer.theirVersions;
        lastLinked[peer.siteId] = now;
      }
      return [
        {
          siteId: peer.siteId,
          name: peer.name ?? '',
          role: peer.role ?? '',
          isAuthenticated: peer.authenticated,
          versions: peer.theirVersions,
          badMessages: peer.badMessages,
        },
      ];
    });
    this.versions = status.versions;
    this.lastKnown = lastKnown;
    this.lastLinked = lastLinked;
    this.#publish();
  }

  #addRoster(roster: readonly Kiosk[]): void {
    const running = this.#running;
    const self = kiosk.settings?.siteId;
    if (!running || !self) return;
    running.mesh.add(
      roster.filter((row) => row.id !== self).map((row) => peerIdFor(running.showId, row.id)),
    );
  }

  #kioskName(): string {
    const settings = kiosk.settings;
    if (!settings) return '';
    if (settings.kioskName) return settings.kioskName;
    const role = settings.role;
    return `${role ? ROLE_LABELS[role] : 'Kiosk'} ${settings.siteId.slice(0, 4)}`;
  }

  /**
   * This kiosk's roster row, written by the leader window only: its name and role when
   * they changed, and on a beat, when it was last seen.
   */
  async #writeRoster(isBeat = true): Promise<void> {
    const data = kiosk.data;
    const settings = kiosk.settings;
    if (!data || !settings || !this.#running || !kiosk.role) return;
    const site = settings.siteId;
    const row = data.kiosks.current.find((k) => k.id === site);
    const name = this.#kioskName();
    const changes = [];
    if (row?.name !== name)
      changes.push({ table: 'kiosks' as const, key: site, field: 'name', value: name });
    if (row?.role !== kiosk.role)
      changes.push({ table: 'kiosks' as const, key: site, field: 'role', value: kiosk.role });
    if (!isBeat && changes.length === 0) return;
    changes.push({
      table: 'kiosks' as const,
      key: site,
      field: 'lastSeen',
      value: showClock.now(),
    });
    try {
      await kiosk.write(changes);
    } catch {
      // kiosk.writeError already says why; the next beat tries again.
    }
  }

  // ---- show clock ----

  #reference(): { site: SiteId; isSelf: boolean } | undefined {
    const self = kiosk.settings?.siteId;
    if (!self) return undefined;
    const reference = clockReference({ siteId: self, role: kiosk.role }, this.live);
    return { site: reference.siteId, isSelf: reference.isSelf };
  }

  #clockPong(peer: PeerId, t0: number, t1: number, t2: number): void {
    const running = this.#running;
    const reference = this.#reference();
    if (
      !running ||
      !reference ||
      reference.isSelf ||
      peerIdFor(running.showId, reference.site) !== peer
    )
      return;
    if (this.#clockSamples?.peer !== peer) this.#clockSamples = { peer, samples: [] };
    // Samples are residuals against our show clock; store them against the local clock so older ones stay valid.
    const sample = offsetSample(t0, t1, t2);
    const samples = this.#clockSamples.samples;
    samples.push({ rtt: sample.rtt, offset: sample.offset + showClock.currentOffset });
    if (samples.length > CLOCK_SAMPLES) samples.shift();
    const offset = bestOffset(samples);
    if (offset !== undefined) showClock.setOffset(Math.round(offset));
  }

  // ---- status shared between windows ----

  #resetStatus(): void {
    this.signalling = 'down';
    this.live = [];
    this.versions = {};
    this.lastKnown = {};
    this.lastLinked = {};
    this.authError = '';
    this.rejection = '';
    this.badMessages = 0;
    this.isDiscoverySupported = null;
  }

  #listen(showId: string): void {
    this.#channel?.close();
    this.#channel = undefined;
    this.#hasFollowers = false;
    if (!showId || typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(`backstage-sync-status-${showId}`);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown; status?: SharedStatus } | null;
      if (data?.type === 'ask') {
        this.#hasFollowers = true;
        if (this.isLeader) this.#publish();
      } else if (data?.type === 'leading' && !this.isLeader) this.#askLeader();
      else if (data?.type === 'network')
        void (this.isLeader ? this.#restart() : kiosk.reloadSettings());
      else if (data?.type === 'status' && !this.isLeader && data.status?.showId === this.showId)
        this.#adopt(data.status);
    };
    this.#channel = channel;
    this.#askLeader();
  }

  #askLeader(): void {
    this.#channel?.postMessage({ type: 'ask' });
  }

  #adopt(status: SharedStatus): void {
    // Another window's data: check the shape before using it (it may run an older version).
    if (typeof status !== 'object' || !Array.isArray(status.live)) return;
    this.signalling = status.signalling;
    this.live = status.live;
    this.versions = status.versions;
    this.lastKnown = status.lastKnown;
    this.lastLinked = status.lastLinked;
    this.authError = status.authError;
    this.rejection = status.rejection;
    this.badMessages = status.badMessages;
    this.isDiscoverySupported = status.isDiscoverySupported;
  }

  #publish(): void {
    if (this.#publishScheduled || !this.#channel || !this.#hasFollowers) return;
    this.#publishScheduled = true;
    setTimeout(() => {
      this.#publishScheduled = false;
      if (!this.isLeader || !this.#channel) return;
      const status: SharedStatus = $state.snapshot({
        showId: this.showId,
        signalling: this.signalling,
        live: this.live,
        versions: this.versions,
        lastKnown: this.lastKnown,
        lastLinked: this.lastLinked,
        authError: this.authError,
        rejection: this.rejection,
        badMessages: this.badMessages,
        isDiscoverySupported: this.isDiscoverySupported,
      });
      this.#channel.postMessage({ type: 'status', status });
    }, 100);
  }
}

export const sync = new SyncState();
