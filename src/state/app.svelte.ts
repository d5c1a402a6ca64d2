import { newShowId, type ShowId, type SiteId } from '../domain/ids';
import type { Role } from '../domain/model';
import type { Change, Op } from '../domain/op';
import { ShowDb } from '../storage/db';
import { LocalDb, loadSettings, saveSetting, type LocalSettings } from '../storage/local';
import { writeChanges } from '../storage/oplog';
import { MAX_VALUE_CHARS } from '../sync/messages';
import { showClock } from './now.svelte';
import { ShowData } from './show-data.svelte';

type WriteListener = (showId: ShowId, ops: Op[]) => void;

/**
 * The kiosk: its local settings, the show it is on, and the one way to change show
 * data (`write`), which turns changes into ops in the show's database.
 */
export class Kiosk {
  readonly local = new LocalDb();
  settings = $state<LocalSettings | null>(null);
  data = $state<ShowData | null>(null);
  /** A write that failed (storage full, blocked): shown, never swallowed. */
  writeError = $state('');
  readonly #writeListeners = new Set<WriteListener>();

  get site(): SiteId {
    if (!this.settings) throw new Error('Kiosk settings are not loaded yet');
    return this.settings.siteId;
  }

  get role(): Role | '' {
    return this.settings?.role ?? '';
  }

  async load(): Promise<void> {
    const settings = await loadSettings(this.local);
    this.settings = settings;
    if (settings.showId) this.#open(settings.showId);
  }

  #open(showId: ShowId): void {
    this.data?.stop();
    this.data = new ShowData(new ShowDb(showId), showId);
  }

  async setSetting<K extends keyof Omit<LocalSettings, 'siteId'>>(key: K, value: LocalSettings[K]): Promise<void> {
    await saveSetting(this.local, key, value);
    if (this.settings) this.settings = { ...this.settings, [key]: value };
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
  async createShow(initial: (showId: ShowId, site: SiteId, now: number) => Change[]): Promise<ShowId> {
    const showId = newShowId();
    await this.useShow(showId);
    await this.write(initial(showId, this.site, showClock.now()));
    return showId;
  }

  /** The one write path for show data: ops + rows in one transaction, then sync is told. */
  async write(changes: Change[]): Promise<Op[]> {
    const data = this.data;
    if (!data) throw new Error('No show is open on this kiosk');
    try {
      // Other kiosks refuse an oversized value, and a refused op would hold up every
      // later edit of this kiosk: refuse it here, where a person can be told.
      for (const change of changes) {
        const size = JSON.stringify(change.value).length;
        if (size > MAX_VALUE_CHARS) {
          throw new Error(`the ${change.field} of ${change.table} ${change.key} is too large (${Math.round(size / 1024)} KB; at most ${MAX_VALUE_CHARS / 1024} KB)`);
        }
      }
      // Sync hears of the ops as soon as they are committed, before this kiosk re-renders.
      const ops = await writeChanges(data.db, this.site, changes, showClock.now(), (written) => {
        for (const listener of this.#writeListeners) listener(data.showId, written);
      });
      this.writeError = '';
      return ops;
    } catch (error) {
      this.writeError = `Could not save: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    }
  }

  onWrite(listener: WriteListener): () => void {
    this.#writeListeners.add(listener);
    return () => this.#writeListeners.delete(listener);
  }
}

export const kiosk = new Kiosk();
