import { Dexie, type EntityTable } from 'dexie';
import { newSiteId, type ShowId, type SiteId } from '../domain/ids';
import type { Role } from '../domain/model';

/** Kiosk-local settings: never synced. One record per key. */
export interface LocalSettings {
  siteId: SiteId;
  role: Role | '';
  kioskName: string;
  showId: ShowId | '';
  /** PeerServer to use; empty = the one on the origin that served the app. */
  peerServer: string;
  /** ICE servers as JSON, for a venue with internet; empty = none (LAN only). */
  iceServers: string;
}

interface SettingRow {
  key: string;
  value: unknown;
}

/** Per show: the derived key (non-extractable CryptoKey, structured-cloned) and whether this kiosk may edit. */
export interface ShowAccess {
  showId: ShowId;
  key: CryptoKey | null;
  passphraseHint: string;
  isProducer: boolean;
}

export class LocalDb extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;
  access!: EntityTable<ShowAccess, 'showId'>;
  constructor(name = 'backstage-kiosk') {
    super(name);
    this.version(1).stores({ settings: 'key', access: 'showId' });
  }
}

const DEFAULTS: Omit<LocalSettings, 'siteId'> = {
  role: '',
  kioskName: '',
  showId: '',
  peerServer: '',
  iceServers: '',
};

/** Read all settings, creating this kiosk's site id on first run (in one transaction, so two windows agree). */
export async function loadSettings(db: LocalDb): Promise<LocalSettings> {
  return db.transaction('rw', db.settings, async () => {
    const rows = await db.settings.toArray();
    const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
    let siteId = stored.siteId as SiteId | undefined;
    if (typeof siteId !== 'string' || !siteId) {
      siteId = newSiteId();
      await db.settings.put({ key: 'siteId', value: siteId });
    }
    const settings: LocalSettings = { ...DEFAULTS, siteId };
    for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
      const value = stored[key];
      if (typeof value === 'string') (settings as unknown as Record<string, string>)[key] = value;
    }
    return settings;
  });
}

export async function saveSetting<K extends keyof Omit<LocalSettings, 'siteId'>>(
  db: LocalDb,
  key: K,
  value: LocalSettings[K],
): Promise<void> {
  await db.settings.put({ key, value });
}
