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
import { ShowDb } from '../storage/db';
import { LocalDb, loadSettings, saveSetting, type LocalSettings } from '../storage/local';
import { writeChanges } from '../storage/oplog';
import type { OpenChannel } from '../sync/windows/channel';
import { Outbox } from '../sync/windows/outbox';
import { health } from './health.svelte';
import type { KioskIdentity } from '../sync/trust/identity';
import { loadKioskIdentity } from './identity';
import { showClock } from './show-clock';
import { SettingsRelay } from './settings-relay';
import { ShowData } from './show-data.svelte';

export interface KioskOptions {
  /** This kiosk's settings and show keys (default: the browser's `backstage-kiosk` database). */
  local?: LocalDb;
  /** A show's database (default: `backstage-show-<id>`). */
  openShow?: (showId: ShowId) => ShowDb;
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
  readonly local: LocalDb;
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
  readonly #openShow: (showId: ShowId) => ShowDb;
  readonly #openChannel: KioskOptions['openChannel'];
  #settingsRelay: SettingsRelay | undefined;
  /**
   * The role this kiosk writes as (state/own-role.ts, set by src/main.ts): a write
   * outside it is refused before anything is written. `removed`: every write is refused.
   * Undefined: nothing is checked.
   */
  roleOfWrites: () => Role | 'removed' | undefined = () => undefined;

  constructor(options: KioskOptions = {}) {
    this.local = options.local ?? new LocalDb();
    this.#openShow = options.openShow ?? ((showId) => new ShowDb(showId));
    this.#showClock = options.clock ?? showClock;
    this.#openChannel = options.openChannel;
  }

  get site(): SiteId {
    if (!this.settings) throw new Error('Kiosk settings are not loaded yet');
    return this.settings.siteId;
  }

  get role(): Role | '' {
    return this.settings?.role ?? '';
  }

  /** Read the settings and open the kiosk's show. src/main.ts calls it at start. */
  async load(): Promise<void> {
    try {
      this.identity = await loadKioskIdentity(this.local);
      const settings = await loadSettings(this.local, this.identity.site);
      this.settings = settings;
      if (settings.showId) this.#open(settings.showId);
      // Role and name changed in another window of this browser reach this one.
      this.#settingsRelay ??= new SettingsRelay(
        () => void this.#adoptSettings(),
        this.#openChannel,
      );
      this.isLoaded = true;
    } catch (error) {
      this.loadError = errorText(error);
    }
  }

  /** Take on the role and name another window set (the show switch has its own road: useShow). */
  async #adoptSettings(): Promise<void> {
    if (!this.identity) return;
    const fresh = await loadSettings(this.local, this.identity.site);
    if (this.settings)
      this.settings = { ...this.settings, role: fresh.role, kioskName: fresh.kioskName };
  }

  /** Read the settings again (another window of this browser changed them). */
  async reloadSettings(): Promise<void> {
    this.identity ??= await loadKioskIdentity(this.local);
    this.settings = await loadSettings(this.local, this.identity.site);
  }

  #open(showId: ShowId): void {
    this.data?.stop();
    this.#outbox?.close();
    this.#clock = { wall: 0, counter: 0 };
    this.data = new ShowData(this.#openShow(showId), showId, reportRefused);
    this.#outbox = new Outbox(showId, this.#openChannel);
  }

  /** The outbox of the open show: the window that runs the mesh leads it. */
  get outbox(): Outbox | undefined {
    return this.#outbox;
  }

  async setSetting<K extends keyof Omit<LocalSettings, 'siteId'>>(
    key: K,
    value: LocalSettings[K],
  ): Promise<void> {
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
    const data = this.data;
    const outbox = this.#outbox;
    if (!data || !outbox) throw new Error('No show is open on this kiosk');
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
    this.writesInFlight++;
    try {
      const { ops, changed } = await writeChanges(data.db, this.site, changes, now);
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
