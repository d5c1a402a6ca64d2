import { untrack } from 'svelte';
import type { ShowId, SiteId } from '../domain/ids';
import type { RosterEntry, Role } from '../domain/model';
import type { PendingOp, VersionVector } from '../domain/op';
import type { SignallingStatus } from '../sync/network/peerjs/signalling';
import type { PeerjsTransport, TransportStats } from '../sync/network/peerjs/transport';
import type { PeerId } from '../sync/network/transport';
import type { RunningSync } from '../sync/start-sync';
import type { SyncEngine, SyncStatus } from '../sync/synchronizer/engine';
import type { BlockingTransport } from '../sync/testing/blocking-transport';
import type { Leadership } from '../sync/windows/leader';
import { DEMO_PASSPHRASE, producerGate, type AccessView, type JoinRequest } from './access-view';
import { admissions } from './admissions.svelte';
import { clockSync } from './clock-sync.svelte';
import { kiosk } from './kiosk.svelte';
import { catchingUp, hasCaughtUp, missingFromPeers } from './catch-up';
import { now } from './now.svelte';
import { showClock } from './show-clock';
import {
  clockReference,
  presenceList,
  presenceSummary,
  type KioskPresence,
  type LivePeer,
} from './presence';
import { kioskName, ROSTER_EVERY_MS } from './roster';
import type { StatusRelay, SharedStatus } from './status-relay';
import { noWarnings, type KioskWarnings } from './kiosk-warnings';
import { keepUnchanged } from '../domain/keep-unchanged';
import type { ExchangeStatus } from '../photos/transfer/exchange';
import type { PhotoSync } from './photo-sync';

type SyncParts = typeof import('./sync-parts');

/**
 * Sync's parts (sync-parts.ts), loaded once: after the first paint (src/main.ts attaches
 * sync then), or by a join or a passphrase set before.
 */
let parts: SyncParts | undefined;
const loadParts = async (): Promise<SyncParts> => (parts ??= await import('./sync-parts'));
/** Sync's parts with the kiosk's storage open: what reading or writing a show's access needs. */
const accessParts = async (): Promise<SyncParts> => {
  await kiosk.openStorage();
  return loadParts();
};

export { DEMO_PASSPHRASE, type AccessView, type JoinRequest };

// Sync for the kiosk's current show, as runes for the status corner, the kiosks panel
// and the join screen. In the one window per browser that leads (windows/leader.ts)
// it starts sync (sync/start-sync.ts) on the show's store and a PeerJS transport;
// the other windows get its status through the relay (status-relay.ts). Access,
// the roster row and the clock's reference each have their own module.

/**
 * A peer's tap is on screen from its preview; its ops are stored this much later, once
 * every kiosk of the show has had its turn to paint the tap (see SyncEngineOptions).
 */
const PREVIEWED_SETTLE_MS = 60;

/** `npm run bench`'s switch for the figures without signed pages (read in test builds only). */
const isBenchUnsigned = (): boolean => {
  try {
    return localStorage.getItem('backstage-bench-unsigned-pages') === '1';
  } catch {
    return false;
  }
};
const STATUS_EVERY_MS = 150;
/** A linked kiosk's "last linked" moves on by whole steps of this (it is shown to the minute). */
const LINKED_STEP_MS = 1000;

const hasWindow = typeof window !== 'undefined';
const isDemoShow = (looks: readonly { id: string }[]) =>
  looks.some((look) => look.id.startsWith('l-demo-'));

/** Sync as it runs in the leader window. */
interface Running extends RunningSync {
  showId: ShowId;
  peerjs: PeerjsTransport;
  /** The PeerJS transport behind the test hooks' partition switch. */
  transport: BlockingTransport;
  photos: PhotoSync;
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
  /** Kiosks with a wrong clock or dropped for a while (the sync guards). */
  warnings = $state.raw<KioskWarnings>(noWarnings());
  isDiscoverySupported = $state<boolean | null>(null);
  showId = $state<ShowId | ''>('');

  /** The last list of kiosks, handed out again while nothing in it changes (a tap changes versions only). */
  #kiosks: KioskPresence[] = [];
  readonly kiosks = $derived.by((): KioskPresence[] => {
    const settings = kiosk.settings;
    if (!settings || !this.showId) return [];
    const roster: RosterEntry[] = kiosk.data?.kiosks.current ?? [];
    return (this.#kiosks = keepUnchanged(
      this.#kiosks,
      presenceList({
        self: settings.siteId,
        roster,
        live: this.live,
        lastKnown: this.lastKnown,
        lastLinked: this.lastLinked,
        ours: this.versions,
        warnings: this.warnings,
      }),
    ));
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
  readonly producerGate = $derived(producerGate(kiosk.settings?.showId, this.showId, this.access));
  /** This kiosk's peer id in the current show (for the join link), '' without a show. */
  peerId = $state('');

  /** The show's secret for the join, as this kiosk keeps it (state/access.ts). */
  #secret: Uint8Array | null = null;
  #leadership: Leadership | undefined;
  /** The show switch under way, if any: the next one waits for it (see #switchShow). */
  #switching: Promise<void> = Promise.resolve();
  /** The demo show whose passphrase is being set: once, though its looks load in several steps. */
  #settingDemoPassphraseFor = '';
  #running: Running | undefined;
  #relay: StatusRelay | undefined;
  #isAttached = false;
  #isStatusScheduled = false;
  /** Tells the op store's worker that other windows follow the show (set while sync runs with a worker). */
  #othersListen: ((isListening: boolean) => void) | undefined;
  /** What the hello says of this kiosk: kept current, read at each handshake. */
  readonly #hello = { name: '', role: 'wall' as Role };

  /** Start following the kiosk's show (idempotent). src/main.ts calls it at start. */
  attach(): void {
    if (this.#isAttached || !hasWindow) return;
    this.#isAttached = true;
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
        const showId = data.showId;
        if (!isDemoShow(data.looks.current) || this.#settingDemoPassphraseFor === showId) return;
        this.#settingDemoPassphraseFor = showId;
        untrack(
          () =>
            void this.setPassphrase(DEMO_PASSPHRASE).finally(() => {
              if (this.#settingDemoPassphraseFor === showId) this.#settingDemoPassphraseFor = '';
            }),
        );
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
      // Admitted as producer (it founded the show, or a producer made it one): the
      // producer screen opens here from now on, offline too.
      $effect(() => {
        const showId = this.showId;
        if (!admissions.isProducer || !showId || !this.access || this.access.isProducer) return;
        untrack(() => void this.#becomeProducer(showId));
      });
      // New kiosks in the roster: the mesh dials them.
      $effect(() => {
        const roster = kiosk.data?.kiosks.current ?? [];
        untrack(() => this.#addRoster(roster));
      });
      // The hello carries the current name and role, and the roster gets them now, not at the next beat.
      $effect(() => {
        this.#hello.role = (kiosk.role || 'wall') as Role;
        this.#hello.name = kioskName(kiosk.settings);
        const role = kiosk.role;
        // Written outside the effect's tracking: the admission state reads and sets its own runes.
        untrack(() => (admissions.asks = role));
        untrack(() => void this.#writeRoster(false));
      });
    });
  }

  // ---- actions for the screens ----

  /** Join a show from its code and passphrase (join screen). Switches this kiosk to the show and starts sync. */
  async join(request: JoinRequest): Promise<void> {
    const { saveJoin } = await accessParts();
    const showId = await saveJoin(kiosk.local, request);
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
    const { savePassphrase } = await accessParts();
    await savePassphrase(kiosk.local, showId, passphrase);
    await this.#switchShow(showId, true);
  }

  /**
   * Ask for the producer role on a kiosk that joined as something else: the passphrase
   * must match the show's, and then a producer must admit it (its role becomes
   * producer, which the producers' kiosks see and ask a person about).
   */
  async askProducer(passphrase: string): Promise<boolean> {
    const showId = this.showId;
    if (!showId) return false;
    const { checkShowPassphrase } = await accessParts();
    if (!(await checkShowPassphrase(kiosk.local, showId, passphrase))) return false;
    await kiosk.setRole('producer');
    return true;
  }

  async #becomeProducer(showId: ShowId): Promise<void> {
    const { markProducer } = await loadParts();
    await markProducer(kiosk.local, showId);
    if (this.showId === showId && this.access) this.access = { ...this.access, isProducer: true };
  }

  /**
   * Point this kiosk at another signalling server and ICE servers (values as
   * network-settings.ts parsed them), and start sync again with them: here when this
   * window syncs, else in the window that does.
   */
  async setNetwork(peerServer: string, iceServers: RTCIceServer[]): Promise<void> {
    await kiosk.setSetting('peerServer', peerServer);
    await kiosk.setSetting('iceServers', iceServers.length ? JSON.stringify(iceServers) : '');
    // Every window starts again with them: the one that syncs reconnects through the new
    // servers, the others queue for the lock again. Not only when this window leads at
    // this moment: while leadership is changing hands (a restart a moment ago) no window
    // leads, and a restart keyed on that moment left sync on the old servers for good.
    this.#relay?.announceNetwork();
    await this.#restart();
  }

  // ---- test and bench hooks (window.__backstage.sync) ----

  /** Test-only: refuse links with these kiosks (site or peer ids) and drop them, as in a network partition. */
  partition(peers: readonly string[]): boolean {
    const running = this.#running;
    if (!running || !parts) return false;
    const { peerIdFor } = parts;
    const ids = peers.map(
      (peer) => (peer.startsWith('bk-') ? peer : peerIdFor(running.showId, peer)) as PeerId,
    );
    running.transport.block(ids);
    return true;
  }

  /** Test-only: end a partition. */
  heal(): boolean {
    const running = this.#running;
    if (!running) return false;
    running.transport.unblock();
    return true;
  }

  /** Transport counters of the leader window (bench), undefined elsewhere. */
  get transportStats(): TransportStats | undefined {
    return this.#running?.peerjs.stats;
  }

  /** Photos fetched from and sent to peers by the leader window (bench and tests only). */
  get photoStatus(): ExchangeStatus | undefined {
    return this.#running?.photos.exchange.status;
  }

  /** The engine of the leader window (bench and tests only). */
  get engine(): SyncEngine | undefined {
    return this.#running?.engine;
  }

  /** The transport of the leader window (bench and tests only). */
  get transport(): BlockingTransport | undefined {
    return this.#running?.transport;
  }

  // ---- lifecycle ----

  async #restart(): Promise<void> {
    await kiosk.reloadSettings();
    await this.#switchShow(this.showId, true);
  }

  /**
   * Follow `showId` (again, with `force`), one switch after the other. Two switches that
   * overlapped (the demo's passphrase set twice while its looks loaded, a join or a
   * network change during a restart) each started a leadership, and the first one, no
   * longer referenced, was never stopped: it kept the mesh lock and ran sync on the
   * settings of that moment for good, while every later restart only queued behind it.
   */
  #switchShow(showId: ShowId | '', force = false): Promise<void> {
    const next = this.#switching.then(() => this.#switchNow(showId, force));
    this.#switching = next.catch(() => {});
    return next;
  }

  async #switchNow(showId: ShowId | '', force: boolean): Promise<void> {
    if (!force && showId === this.showId && this.access !== undefined) return;
    const loaded = await loadParts();
    const { StatusRelay, peerIdFor, readAccess } = loaded;
    await this.#stopLeading();
    // Re-reading the same show (new passphrase, joined again) keeps the old access
    // view until the new one is read, so the producer screen is not torn down and
    // remounted in between, losing what was being typed.
    if (showId !== this.showId) this.access = undefined;
    this.showId = showId;
    this.#secret = null;
    this.#resetStatus();
    this.#hasCaughtUp = false;
    this.#startedAt = showClock.now();
    this.#follow(showId, StatusRelay);
    const site = kiosk.settings?.siteId;
    this.peerId = showId && site ? peerIdFor(showId, site) : '';
    if (!showId) return clockSync.useShow('', false);
    const access = await readAccess(kiosk.local, showId);
    if (showId !== this.showId) return; // switched again meanwhile
    this.#secret = access?.secret ?? null;
    clockSync.useShow(showId, Boolean(this.#secret));
    this.access = access?.view ?? null;
    if (this.#secret) this.#startLeading(showId, loaded);
  }

  #startLeading(showId: ShowId, { leadWhenElected, meshLockName }: SyncParts): void {
    this.#leadership = leadWhenElected(
      meshLockName(showId),
      () => this.#lead(showId),
      (isLeader) => {
        this.isLeader = isLeader;
        // A new leader does not know who follows: it asks them to ask again.
        if (isLeader) this.#relay?.announceLeading();
        else this.#relay?.ask();
      },
    );
  }

  async #stopLeading(): Promise<void> {
    const leadership = this.#leadership;
    this.#leadership = undefined;
    await leadership?.stop();
  }

  /** Run sync for `showId` in this window: until the returned stop is called. */
  async #lead(showId: ShowId): Promise<() => Promise<void>> {
    // Loaded here, after the first paint: the first screen's load holds none of it.
    const {
      BlockingTransport,
      PeerjsTransport,
      dexiePhotoKeeper,
      inBackground,
      linkedBefore,
      openOpStore,
      parseStoredIceServers,
      photosByUrgency,
      readSeeds,
      rememberLinked,
      serverFromUrl,
      siteOfPeer,
      startPhotoSync,
      startSync,
    } = await loadParts();
    // The show's settings change a moment before its data opens (kiosk.useShow).
    for (let i = 0; i < 100 && kiosk.data?.showId !== showId; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const settings = kiosk.settings;
    const data = kiosk.data;
    const outbox = kiosk.outbox;
    const secret = this.#secret;
    const identity = kiosk.identity;
    if (!settings || !identity || !data || !outbox || data.showId !== showId || !secret)
      return async () => {};
    const site = identity.site;
    const versions = () => this.versions;
    const book = await admissions.open(
      kiosk.local,
      showId,
      {
        identity,
        now: () => showClock.now(),
        versions,
        rosterRole: (of) => data.kiosks.current.find((row) => row.id === of)?.role ?? '',
      },
      {
        isProducerKiosk: this.access?.isProducer ?? false,
        role: kiosk.role,
        name: kioskName(settings),
      },
    );
    const peerjs = new PeerjsTransport({
      showId,
      siteId: site,
      server: settings.peerServer ? serverFromUrl(settings.peerServer) : undefined,
      iceServers: parseStoredIceServers(settings.iceServers),
      clock: () => showClock.now(),
    });
    const transport = new BlockingTransport(peerjs);
    // Peers' ops are stored in a worker, off the thread that paints them (docs/architecture.md).
    const db = await data.opened();
    const opStore = await openOpStore(db, {
      log: (message, error) => console.warn(`[sync] ${message}`, error ?? ''),
    });
    const following = opStore.commits ? data.followCommits(opStore.commits) : () => {};
    // The kiosk's own taps are stored there too (kiosk.writeThrough).
    const writing = opStore.writer ? kiosk.writeThrough(showId, opStore.writer) : () => {};
    /** The show data back on its own: no worker's commits followed, no writes through it. */
    const detachData = () => {
      writing();
      following();
    };
    // The worker broadcasts a peer's stored tap only while other windows follow the show.
    this.#othersListen = opStore.othersListen;
    opStore.othersListen?.(this.#relay?.hasFollowers ?? true);
    let sync: Awaited<ReturnType<typeof startSync>>;
    try {
      sync = await startSync({
        store: opStore.store,
        identity,
        showId,
        secret,
        transport,
        kiosk: this.#hello,
        clock: showClock,
        peers: await readSeeds(kiosk.local, showId),
        // The kiosks this one was linked to before: dialled at once (queued until signalling is up).
        returning: await linkedBefore(kiosk.local, showId),
        engine: {
          previewedSettleMs: PREVIEWED_SETTLE_MS,
          // The bench measures what signed pages cost by running without them (test builds only).
          signedPages: !(import.meta.env.MODE === 'test' && isBenchUnsigned()),
          log: (message, error) => console.warn(`[sync] ${message}`, error ?? ''),
        },
        admissions: book,
        onRefusedStatements: (refused) => {
          admissions.refusal = refused.message;
          console.warn(`[sync] ${refused.message}`);
        },
      });
    } catch (error) {
      detachData();
      opStore.close();
      throw error;
    }
    const { engine } = sync;
    // Photos travel beside the show on the same sealed links (docs/photos.md).
    const photos = startPhotoSync(engine, transport, dexiePhotoKeeper(db), {
      log: (message) => console.warn(`[photos] ${message}`),
      defer: inBackground,
    });
    const stopNeeding = $effect.root(() => {
      $effect(() => {
        const needed = photosByUrgency({
          looks: data.looks.current,
          models: data.models.current,
          shoutOuts: data.shoutOuts.current,
        });
        untrack(() => photos.exchange.need(needed));
      });
    });
    const running: Running = { ...sync, showId, peerjs, transport, photos };
    this.#running = running;
    const show = (ops: PendingOp[]) => {
      if (kiosk.data !== data) return;
      kiosk.noteClocks(ops);
      data.preview(ops);
    };
    const offs = [
      peerjs.onExtra('status', (status) => {
        this.signalling = status;
        this.#publish();
      }),
      peerjs.onExtra('discovery', (isSupported) => {
        this.isDiscoverySupported = isSupported;
        this.#publish();
      }),
      // Clock samples from the transport's heartbeat: answered as soon as the data
      // channel delivers the ping, not after the engine's database queue, so the
      // round trips are short and symmetric.
      peerjs.onExtra('heartbeat', (peer, { t0, t1, t2 }) => {
        const site = siteOfPeer(peer, showId);
        if (site) clockSync.pong(site, t0, t1, t2);
      }),
      engine.on('changed', () => this.#statusLater(running)),
      // A peer's tap, shown before it is stored here (and before the peer stored it).
      engine.on('preview', ({ ops }) => show(ops)),
      // Rows that peers' ops changed, shown as stored without waiting for the re-read.
      engine.on('rows-changed', (changed) => {
        if (kiosk.data === data) data.patchRows(changed);
      }),
      engine.on('auth-failed', (failure) => {
        this.authError = failure.message;
        this.#publish();
      }),
      engine.on('peer-authenticated', (peer) => {
        admissions.peers(engine.status.peers);
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
      // What this window writes, and what the other windows of this browser post, goes to the engine.
      outbox.lead(engine, show),
    ];
    this.signalling = peerjs.status;
    this.#addRoster(data.kiosks.current);
    const roster = setInterval(() => void this.#writeRoster(), ROSTER_EVERY_MS);
    void this.#writeRoster();
    return async () => {
      clearInterval(roster);
      stopNeeding();
      photos.stop();
      offs.forEach((off) => off());
      admissions.close();
      if (this.#running === running) this.#running = undefined;
      await sync.stop();
      detachData();
      if (this.#othersListen === opStore.othersListen) this.#othersListen = undefined;
      opStore.close();
      this.signalling = 'down';
      this.live = [];
    };
  }

  /**
   * The engine reports after every stored batch; the kiosks panel and status corner
   * need it a few times a second, not in the middle of painting a tap.
   */
  #statusLater(from: Running): void {
    if (this.#isStatusScheduled) return;
    this.#isStatusScheduled = true;
    setTimeout(() => {
      this.#isStatusScheduled = false;
      // A mesh stopped meanwhile: its last words would bring back peers it left.
      if (this.#running === from) this.#engineStatus(from.engine.status);
    }, STATUS_EVERY_MS);
  }

  #engineStatus(status: SyncStatus): void {
    admissions.peers(status.peers);
    const now = showClock.now();
    const lastKnown = { ...this.lastKnown };
    const lastLinked = { ...this.lastLinked };
    let isLinkedMoved = false;
    const live = status.peers.flatMap((peer): LivePeer[] => {
      if (!peer.siteId) return [];
      if (peer.authenticated) {
        lastKnown[peer.siteId] = peer.theirVersions;
        // To the second: a status a tap does not make every kiosk's "last seen" new.
        if (!(now - (lastLinked[peer.siteId] ?? -Infinity) < LINKED_STEP_MS)) {
          lastLinked[peer.siteId] = now;
          isLinkedMoved = true;
        }
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
    // What did not change keeps its object: nothing that reads it runs again.
    this.live = keepUnchanged(this.live, live);
    this.versions = keepUnchanged(this.versions, status.versions);
    this.warnings = keepUnchanged(
      this.warnings,
      parts ? parts.kioskWarnings(status.guards, this.showId as ShowId) : noWarnings(),
    );
    this.lastKnown = keepUnchanged(this.lastKnown, lastKnown);
    if (isLinkedMoved) this.lastLinked = lastLinked;
    clockSync.follow(this.#reference());
    this.#publish();
  }

  #addRoster(roster: readonly RosterEntry[]): void {
    const running = this.#running;
    const self = kiosk.settings?.siteId;
    if (!running || !self || !parts) return;
    const { peerIdFor } = parts;
    running.mesh.add(
      roster.filter((row) => row.id !== self).map((row) => peerIdFor(running.showId, row.id)),
    );
  }

  /** This kiosk's roster row, written by the leader window only (see roster.ts). */
  async #writeRoster(isBeat = true): Promise<void> {
    const data = kiosk.data;
    const settings = kiosk.settings;
    const role = kiosk.role;
    if (!data || !settings || !this.#running || !role || !parts) return;
    const site = settings.siteId;
    const row = data.kiosks.current.find((entry) => entry.id === site);
    const changes = parts.rosterChanges(
      row,
      { site, name: kioskName(settings), role },
      showClock.now(),
      isBeat,
    );
    if (changes.length === 0) return;
    try {
      await kiosk.write(changes);
    } catch {
      // kiosk.writeError already says why; the next beat tries again.
    }
  }

  // ---- show clock ----

  /** The kiosk whose clock this one follows, chosen from the peers linked now. */
  #reference(): { site: SiteId; isSelf: boolean; isProducer: boolean } | undefined {
    const self = kiosk.settings?.siteId;
    if (!self) return undefined;
    // With the show's admissions known, only an admitted producer is a producer here.
    const isAdmittedProducer = admissions.founder
      ? (site: SiteId) => {
          const row = admissions.rows[site];
          return row?.kind === 'admitted' && row.role === 'producer';
        }
      : undefined;
    const reference = clockReference(
      { siteId: self, role: kiosk.role },
      this.live,
      isAdmittedProducer,
    );
    const isProducer =
      reference.isSelf &&
      (isAdmittedProducer ? isAdmittedProducer(self) : kiosk.role === 'producer');
    return { site: reference.siteId, isSelf: reference.isSelf, isProducer };
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
    this.warnings = noWarnings();
    this.isDiscoverySupported = null;
  }

  #follow(showId: string, StatusRelay: SyncParts['StatusRelay']): void {
    this.#relay?.close();
    this.#relay = undefined;
    if (!showId) return;
    this.#relay = new StatusRelay(showId, {
      asked: () => {
        this.#othersListen?.(true);
        if (this.isLeader) this.#publish();
      },
      leading: () => {
        if (!this.isLeader) this.#relay?.ask();
      },
      network: () => void this.#restart(),
      status: (status) => {
        if (!this.isLeader && status.showId === this.showId) this.#adopt(status);
      },
    });
    this.#relay.ask();
  }

  #adopt(status: SharedStatus): void {
    this.signalling = status.signalling;
    this.live = status.live;
    this.versions = status.versions;
    this.lastKnown = status.lastKnown;
    this.lastLinked = status.lastLinked;
    this.authError = status.authError;
    this.rejection = status.rejection;
    this.badMessages = status.badMessages;
    this.warnings = status.warnings;
    this.isDiscoverySupported = status.isDiscoverySupported;
  }

  #publish(): void {
    this.#relay?.publishSoon(() =>
      this.isLeader
        ? $state.snapshot({
            showId: this.showId,
            signalling: this.signalling,
            live: this.live,
            versions: this.versions,
            lastKnown: this.lastKnown,
            lastLinked: this.lastLinked,
            authError: this.authError,
            rejection: this.rejection,
            badMessages: this.badMessages,
            warnings: this.warnings,
            isDiscoverySupported: this.isDiscoverySupported,
          })
        : undefined,
    );
  }
}

export const sync = new SyncState();
