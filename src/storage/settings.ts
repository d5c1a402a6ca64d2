import type { ShowId, SiteId } from '../domain/ids';
import type { Role } from '../domain/model';

// The kiosk's settings as stored (one record per key), apart from Dexie: the first paint
// reads them before Dexie is loaded (boot-read.ts), local.ts afterwards.

/** Kiosk-local settings: never synced. One record per key. */
export interface LocalSettings {
  /** Derived from the kiosk's identity key (storage/identity.ts); a kiosk's old random one is kept as `legacySiteId`. */
  siteId: SiteId;
  role: Role | '';
  kioskName: string;
  showId: ShowId | '';
  /** PeerServer to use; empty = the one on the origin that served the app. */
  peerServer: string;
  /** ICE servers as JSON, for a venue with internet; empty = none (LAN only). */
  iceServers: string;
}

/** One stored setting. */
export interface SettingRow {
  key: string;
  value: unknown;
}

const DEFAULTS: Omit<LocalSettings, 'siteId'> = {
  role: '',
  kioskName: '',
  showId: '',
  peerServer: '',
  iceServers: '',
};

/** The settings the stored rows hold; `siteId` is the one of the kiosk's identity key. */
export function settingsFrom(rows: readonly SettingRow[], siteId: SiteId): LocalSettings {
  const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  const settings: LocalSettings = { ...DEFAULTS, siteId };
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const value = stored[key];
    if (typeof value === 'string') (settings as unknown as Record<string, string>)[key] = value;
  }
  return settings;
}
