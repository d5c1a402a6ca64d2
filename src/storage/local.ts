import { Dexie, type EntityTable } from 'dexie';
import type { ShowId, SiteId } from '../domain/ids';
import { LOCAL_DB_NAME } from './db-names';
import type { IdentityRow } from './identity';
import { settingsFrom, type LocalSettings, type SettingRow } from './settings';
import type { StatementRow } from './statements';

export type { LocalSettings };

/** Per show: the show's secret for the join and whether this kiosk may edit. */
export interface ShowAccess {
  showId: ShowId;
  /**
   * Before the PAKE join: the show key (non-extractable HMAC CryptoKey). Read once to
   * derive `secret` (state/access.ts), then cleared.
   */
  key: CryptoKey | null;
  /** The show's secret for the join: 32 bytes derived from the passphrase, never the passphrase. */
  secret?: Uint8Array | null;
  passphraseHint: string;
  isProducer: boolean;
}

export class LocalDb extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;
  access!: EntityTable<ShowAccess, 'showId'>;
  identity!: EntityTable<IdentityRow, 'id'>;
  statements!: EntityTable<StatementRow, 'id'>;
  constructor(name = LOCAL_DB_NAME) {
    super(name);
    this.version(1).stores({ settings: 'key', access: 'showId' });
    // 2: the kiosk's own signing key pair; its site id becomes the key's. The old random
    // site id is kept (it still names the ops this kiosk wrote before), and each show's
    // key turns into its join secret when first read (WebCrypto cannot run inside an upgrade).
    this.version(2)
      .stores({ identity: 'id' })
      .upgrade(async (tx) => {
        const old = await tx.table('settings').get('siteId');
        if (typeof old?.value === 'string')
          await tx.table('settings').put({ key: 'legacySiteId', value: old.value });
      });
    // 3: the shows' admission statements (storage/statements.ts), checked again when read.
    this.version(3).stores({ statements: 'id, show' });
  }
}

/** Read all settings; `siteId` is the one of the kiosk's identity key (state/identity.ts loads it). */
export async function loadSettings(db: LocalDb, siteId: SiteId): Promise<LocalSettings> {
  return db.transaction('rw', db.settings, async () => {
    const rows = await db.settings.toArray();
    if (!rows.some((row) => row.key === 'siteId' && row.value === siteId))
      await db.settings.put({ key: 'siteId', value: siteId });
    return settingsFrom(rows, siteId);
  });
}

export async function saveSetting<K extends keyof Omit<LocalSettings, 'siteId'>>(
  db: LocalDb,
  key: K,
  value: LocalSettings[K],
): Promise<void> {
  await db.settings.put({ key, value });
}
