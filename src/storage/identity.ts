import type { LocalDb } from './local';

// This kiosk's signing key pair, kept in its local database (docs/trust.md, "Kiosk
// identity"). The CryptoKeys are structured-cloned into IndexedDB: the private one
// stays non-extractable there. The sync layer's IdentityStore port, by shape.

/** The one identity row (key 'kiosk'). */
export interface IdentityRow {
  id: 'kiosk';
  algorithm: 'Ed25519' | 'ECDSA-P256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

type StoredIdentity = Omit<IdentityRow, 'id'>;

const ROW_ID = 'kiosk';

export class DexieIdentityStore {
  constructor(private readonly db: LocalDb) {}

  async load(): Promise<StoredIdentity | undefined> {
    const row = await this.db.identity.get(ROW_ID);
    if (!row) return undefined;
    const { algorithm, privateKey, publicKey } = row;
    return { algorithm, privateKey, publicKey };
  }

  /**
   * Keep `identity` unless one is kept already: two windows opening at once each make
   * a key pair, and the first one kept is the kiosk's (`load` again afterwards).
   */
  async save(identity: StoredIdentity): Promise<void> {
    await this.db.transaction('rw', this.db.identity, async () => {
      if (await this.db.identity.get(ROW_ID)) return;
      await this.db.identity.put({ id: ROW_ID, ...identity });
    });
  }
}
