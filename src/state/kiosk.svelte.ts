import type { Clock } from '../clock/clock';
import { fieldValueProblem } from '../domain/entity-schemas';
import { roleRefusal } from '../domain/roles';
import { errorText } from '../domain/errors';
import { newShowId, type ShowId, type SiteId } from '../domain/ids';
import type { Role } from '../domain/model';
import { decodeHlc, MAX_DRIFT_MS, tickHlc, type Hlc, type HlcState } from '../domain/hlc';
import {
  MAX_PREVIEW_OPS,
  MAX_VALUE_CHARS,
  type Change,
  type Op,
  type PendingOp,
} from '../domain/op';
import { readStoredKiosk, readStoredShow } from '../storage/boot-read';
import type { LocalWriter } from '../storage/dexie-op-store';
import type { LocalDb } from '../storage/local';
import { settingsFrom, type LocalSettings } from '../storage/settings';
import type { OpenChannel } from '../sync/windows/channel';
import type { Outbox } from '../sync/windows/outbox';
import { health } from './health.svelte';
import { openIdentity, type KioskIdentity } from '../sync/trust/identity';
import { showClock } from './show-clock';
import type { SettingsRelay } from './settings-relay';
import { ShowData, type ShowSource } from './show-data.svelte';

type StorageParts = (typeof import('./storage-parts'))['storageParts'];

export interface KioskOptions {
  /** This kiosk's settings and show keys (default: the browser's `backstage-kiosk` database). */
  local?: LocalDb;
  /** Show time (default: the kiosk's show clock). */
  clock?: Clock;
  /** The channels to this browser's other windows (default: BroadcastChannel; tests pass their own). */
  openChannel?: OpenChannel;
}

/**
 * The kiosk: its local settings, the show it is on, and the one way to change show
 * data (`write`), which turns changes into ops in the show's database.
 */
export class KioskState {
  settings = $state<LocalSettings | null>(null);
  /** This kiosk's signing key pair: its site id is the key's (docs/trust.md). Set by `load`. */
  identity: KioskIdentity | null = null;
  data = $state<ShowData | null>(null);
  /** Writes started and not yet stored: a reload now would lose them (src/pwa waits). */
  writesInFlight = $state(0);
  /** The settings are read (and the show opened): the screens can start. */
  isLoaded = $state(false);
  /** Why the kiosk's storage could not be opened ('' while none). */
  loadError = $state('');
  /** A write that failed (storage full, blocked): shown, never swallowed. */
  writeError = $state('');
  /** Where this window's writes go on to the peers (see sync/windows/outbox.ts). */
  #outbox: Outbox | undefined;
  /**
   * The show database's clock as this window's own writes left it: previews are
   * stamped from it. The write stamps the ops from the stored clock; when another
   * window wrote meanwhile the two differ, and the stored op simply takes over.
   */
  #clock: HlcState = { wall: 0, counter: 0 };
  readonly #showClock: Clock;
  readonly #openChannel: KioskOptions['openChannel'];
  #settingsRelay: SettingsRelay | undefined;
  #local: LocalDb | undefined;
  /** The storage road once loaded (storage-parts.ts), and its loading. */
  #parts: StorageParts | undefined;
  #opening: Promise<StorageParts> | undefined;
  /** Where the open show's own writes are stored, when not on this thread (`writeThrough`). */
  #writer: { showId: ShowId; writer: LocalWriter } | undefined;
  /**
   * The role this kiosk writes as (state/own-role.ts, set by src/main.ts): a write
   * outside it is refused before anything is written. `removed`: every write is refused.
   * Undefined: nothing is checked.
   */
  roleOfWrites: () => Role | 'removed' | undefined = () => undefined;

  constructor(options: KioskOptions = {}) {
    this.#local = options.local;
    this.#showClock = options.clock ?? showClock;
    this.#openChannel = options.openChannel;
  }

  /** The kiosk's own database (settings, keys, statements), once its storage is open. */
  get local(): LocalDb {
    if (!this.#local) throw new Error("This kiosk's storage is not open yet");
    return this.#local;
  }

  get site(): SiteId {
    if (!this.settings) throw new Error('Kiosk settings are not loaded yet');
    return this.settings.siteId;
  }

  get role(): Role | '' {
    return this.settings?.role ?? '';
  }

  /**
   * Read the settings and open the kiosk's show. src/main.ts calls it at start. A
   * returning kiosk reads its identity, settings and show with plain reads, for the first
   * paint; its storage opens after (`openStorage`). A kiosk with nothing stored yet (or
   * stored by another version) opens its storage first.
   */
  async load(): Promise<void> {
    try {
      const stored = await readStoredKiosk(this.#local?.name);
      const identity = stored?.identity && (await openIdentity(stored.identity));
      const settings = identity && settingsFrom(stored.settings, identity.site);
      const show = settings?.showId ? await readStoredShow(settings.showId) : undefined;
      if (identity && settings && (show || !settings.showId)) {
        this.identity = identity;
        this.settings = settings;
        if (settings.showId) this.#open(settings.showId, show);
      } else await this.openStorage();
      this.isLoaded = true;
    } catch (error) {
      this.loadError = errorText(error);
    }
  }

  /**
   * Open the kiosk's storage: load its road (Dexie, the write path: storage-parts.ts),
   * open its databases, and read its identity and settings through them. src/main.ts
   * calls it once the stored show is painted; a write waits for it. Once.
   */
  openStorage(): Promise<StorageParts> {
    this.#opening ??= this.#openStorage().catch((error: unknown) => {
      this.#opening = undefined;
      this.loadError = errorText(error);
      throw error;
    });
    return this.#opening;
  }

  async #openStorage(): Promise<StorageParts> {
    const { storageParts: parts } = await import('./storage-parts');
    this.#local ??= new parts.LocalDb();
    this.identity = await parts.loadKioskIdentity(this.#local);
    const settings = await parts.loadSettings(this.#local, this.identity.site);
    this.#parts = parts;
    const shown = this.data;
    // Another window may have switched the show since the plain read.
    if (shown && shown.showId === settings.showId) this.#attach(parts, shown);
    else if (settings.showId) this.#open(settings.showId);
    else if (shown) this.#close();
    this.settings = settings;
    // Role and name changed in another window of this browser reach this one.
    this.#settingsRelay ??= new parts.SettingsRelay(
      () => void this.#adoptSettings(),
      this.#openChannel,
    );
    return parts;
  }

  /** Take on the role and name another window set (the show switch has its own road: useShow). */
  async #adoptSettings(): Promise<void> {
    if (!this.identity) return;
    const { loadSettings } = await this.openStorage();
    const fresh = await loadSettings(this.local, this.identity.site);
    if (this.settings)
      this.settings = { ...this.settings, role: fresh.role, kioskName: fresh.kioskName };
  }

  /** Read the settings again (another window of this browser changed them). */
  async reloadSettings(): Promise<void> {
    const { loadKioskIdentity, loadSettings } = await this.openStorage();
    this.identity ??= await loadKioskIdentity(this.local);
    this.settings = await loadSettings(this.local, this.identity.site);
  }

  /** Show `showId`: from its database once storage is open, else from what a plain read found. */
  #open(showId: ShowId, stored?: ShowSource['stored']): void {
    this.#close();
    this.data = new ShowData(showId, { stored, onRefused: reportRefused });
    if (this.#parts) this.#attach(this.#parts, this.data);
  }

  #close(): void {
    this.data?.stop();
    this.data = null;
    this.#outbox?.close();
    this.#outbox = undefined;
    this.#clock = { wall: 0, counter: 0 };
  }

  /** The show's database under `data`, and the outbox of its writes. */
  #attach(parts: StorageParts, data: ShowData): void {
    data.attach(new parts.ShowDb(data.showId), parts.followMutations);
    this.#outbox = new parts.Outbox(data.showId, this.#openChannel);
  }

  /** The outbox of the open show: the window that runs the mesh leads it. */
  get outbox(): Outbox | undefined {
    return this.#outbox;
  }

  async setSetting<K extends keyof Omit<LocalSettings, 'siteId'>>(
    key: K,
    value: LocalSettings[K],
  ): Promise<void> {
    const { saveSetting } = await this.openStorage();
    await saveSetting(this.local, key, value);
    if (this.settings) this.settings = { ...this.settings, [key]: value };
    if (key === 'role' || key === 'kioskName') this.#settingsRelay?.announce();
  }

  async setRole(role: Role): Promise<void> {
    await this.setSetting('role', role);
  }

  /** Switch this kiosk to a show (its database is created on first write). */
  async useShow(showId: ShowId): Promise<void> {
    await this.setSetting('showId', showId);
    this.#open(showId);
  }

  /** Start a new, empty show on this kiosk and switch to it. */
  async createShow(
    initial: (showId: ShowId, site: SiteId, now: number) => Change[],
  ): Promise<ShowId> {
    const showId = newShowId();
    await this.useShow(showId);
    await this.write(initial(showId, this.site, this.#showClock.now()));
    return showId;
  }

  /**
   * The one write path for show data: previews to the outbox and the screen, ops and
   * rows in one transaction, then the ops to the outbox and the rows to the screen.
   */
  async write(changes: Change[]): Promise<Op[]> {
    // A tap in the moment between the first paint and the storage's opening waits for it.
    const { writeChanges } = this.#parts ?? (await this.#storageForWrite());
    const data = this.data;
    const outbox = this.#outbox;
    const db = data?.db;
    if (!data || !outbox || !db) throw new Error('No show is open on this kiosk');
    // Other kiosks refuse an oversized value, and a refused op would hold up every
    // later edit of this kiosk: refuse it here, where a person can be told.
    for (const change of changes) {
      const size = JSON.stringify(change.value).length;
      if (size > MAX_VALUE_CHARS) {
        this.#failed(
          new Error(
            `the ${change.field} of ${change.table} ${change.key} is too large (${Math.round(size / 1024)} KB; at most ${MAX_VALUE_CHARS / 1024} KB)`,
          ),
        );
      }
      // Likewise a value that does not fit its field (domain/entity-schemas.ts).
      const misfit = fieldValueProblem(change.table, change.field, change.value);
      if (misfit)
        this.#failed(new Error(`the ${change.field} of ${change.table} ${change.key} ${misfit}`));
    }
    // Likewise a write outside this kiosk's role (domain/roles.ts): the others refuse it.
    const role = this.roleOfWrites();
    if (role === 'removed')
      this.#failed(
        new NotInRole(
          'a producer removed this kiosk from the show: it can change nothing until re-admitted',
        ),
      );
    const outOfRole = role && changes.find((change) => roleRefusal(role, change, this.site));
    if (role && outOfRole)
      this.#failed(new NotInRole(`${roleRefusal(role, outOfRole, this.site)}. Ask the producer.`));
    const now = this.#showClock.now();
    const pending = this.#preview(data, outbox, changes, now);
    const writer = this.#writer?.showId === data.showId ? this.#writer.writer : undefined;
    this.writesInFlight++;
    try {
      const { ops, changed } = writer
        ? await writer.writeLocal(this.site, changes, now)
        : await writeChanges(db, this.site, changes, now);
      try {
        // Peers hear of the ops as soon as they are committed, before this kiosk re-renders.
        outbox.send({ ops });
      } finally {
        data.patchRows(changed);
      }
      this.noteClocks(ops);
      this.writeError = '';
      return ops;
    } catch (error) {
      data.unpreview(pending);
      this.#failed(error);
    } finally {
      this.writesInFlight--;
    }
  }

  /**
   * Store the show's own writes through `writer` (the op store's worker, opened by sync in
   * the window that runs it: the transaction off the thread that paints the tap) until the
   * returned stop. The same transaction as on this thread; other windows, and this one
   * before and after, write here.
   */
  writeThrough(showId: ShowId, writer: LocalWriter): () => void {
    const through = { showId, writer };
    this.#writer = through;
    return () => {
      if (this.#writer === through) this.#writer = undefined;
    };
  }

  /** The storage, for a write that came before it opened: a write under way meanwhile (no update reloads the screen). */
  async #storageForWrite(): Promise<StorageParts> {
    this.writesInFlight++;
    try {
      return await this.openStorage();
    } finally {
      this.writesInFlight--;
    }
  }

  /**
   * Show a small write (a tap, an edit) here and on the peers before it is stored:
   * the commit takes milliseconds that a tablet across the room should not wait for.
   */
  #preview(data: ShowData, outbox: Outbox, changes: Change[], now: number): PendingOp[] {
    if (changes.length > MAX_PREVIEW_OPS) return [];
    const clock = { ...this.#clock };
    const pending = changes.map((change): PendingOp => ({
      site: this.site,
      hlc: tickHlc(clock, now, this.site),
      ...change,
    }));
    outbox.send({ previews: pending });
    data.preview(pending);
    return pending;
  }

  /**
   * Keep the clock mirror level with clocks this kiosk has seen (its own writes, peers'
   * previews), so that its next preview sorts after them as its stored op will.
   */
  noteClocks(ops: readonly PendingOp[]): void {
    const limit = this.#showClock.now() + MAX_DRIFT_MS; // the store ignores clocks beyond it too
    for (const op of ops) {
      const { wall, counter } = decodeHlc(op.hlc);
      if (wall > limit) continue;
      if (wall > this.#clock.wall || (wall === this.#clock.wall && counter > this.#clock.counter))
        this.#clock = { wall, counter };
    }
  }

  /**
   * A clock stamp for a record that stands for an edit written with it (a last-minute
   * change names the look edit it records): after every write of this window so far.
   */
  stamp(now: number): Hlc {
    return tickHlc(this.#clock, now, this.site);
  }

  #failed(error: unknown): never {
    this.writeError = `Could not save: ${errorText(error)}`;
    throw error;
  }
}

/** A write outside this kiosk's role, refused before anything was written. */
export class NotInRole extends Error {}

/** A stored value refused on its way to the screens: in the console and the diagnostics' error list. */
function reportRefused(message: string): void {
  console.warn(message);
  const route = typeof location === 'undefined' ? '' : location.hash;
  void health.recordError({ at: Date.now(), kind: 'error', message, stack: '', route });
}

export const kiosk = new KioskState();
