import { DexieIdentityStore } from '../storage/identity';
import type { LocalDb } from '../storage/local';
import { loadOrCreateIdentity, openIdentity, type KioskIdentity } from '../sync/trust/identity';

/**
 * This kiosk's identity: the signing key pair kept in its local database, made on
 * first run. Two windows starting at once agree: the first pair kept is the kiosk's.
 */
export async function loadKioskIdentity(local: LocalDb): Promise<KioskIdentity> {
  const store = new DexieIdentityStore(local);
  await loadOrCreateIdentity(store);
  const kept = await store.load();
  if (!kept) throw new Error("This kiosk's identity key could not be kept in its storage");
  return openIdentity(kept);
}
