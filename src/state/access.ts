import { type ShowId, type SiteId } from '../domain/ids';
import { siteOfPeer } from '../domain/peer-ids';
import { DexieStatementStore } from '../storage/statements';
import { founderParam } from './admission-flow';
import type { AccessView, JoinRequest } from './access-view';
import type { LocalDb, ShowAccess } from '../storage/local';
import type { PeerId } from '../sync/network/transport';
import { equalBytes } from '../sync/trust/bytes';
import { deriveShowSecret, showSecret } from '../sync/synchronizer/show-key';

// Who may sync a show and who may edit it, as this kiosk keeps it: the show's secret
// for the join (from the passphrase, never the passphrase itself), whether this kiosk
// is the producer, and the join link's inviter. Reads and writes the kiosk's local
// database only; the sync state starts or restarts sync around these.

export { DEMO_PASSPHRASE, producerGate, type AccessView, type JoinRequest } from './access-view';

const seedsKey = (showId: string) => `seeds:${showId}`;

/** The show's access record and secret; null when there is none (a show created here, no passphrase yet). */
export async function readAccess(
  local: LocalDb,
  showId: ShowId,
): Promise<{ view: AccessView; secret: Uint8Array | null } | null> {
  const row = await migrateAccess(local, await local.access.get(showId));
  if (!row) return null;
  const secret = row.secret ?? null;
  return {
    view: { hasKey: Boolean(secret), isProducer: row.isProducer, passphrase: row.passphraseHint },
    secret,
  };
}

/**
 * A show joined before the PAKE join kept its show key: its secret is derived from
 * that key (no passphrase needed) and the key dropped. Done on first read, since
 * WebCrypto cannot run inside a database upgrade.
 */
async function migrateAccess(
  local: LocalDb,
  row: ShowAccess | undefined,
): Promise<ShowAccess | undefined> {
  if (!row?.key || row.secret) return row;
  const migrated: ShowAccess = { ...row, key: null, secret: await showSecret(row.key) };
  await local.access.put(migrated);
  return migrated;
}

/** Keep the key a join derived, and the inviter to dial first. Returns the show joined. */
export async function saveJoin(local: LocalDb, request: JoinRequest): Promise<ShowId> {
  const showId = request.showId.trim().toLowerCase() as ShowId;
  const secret = await deriveShowSecret(request.passphrase, showId);
  const access: ShowAccess = {
    showId,
    key: null,
    secret,
    passphraseHint: '',
    // The producer role takes a producer's admission, not the passphrase alone.
    isProducer: false,
  };
  await local.access.put(access);
  const founder = founderParam(request.founder);
  if (founder) await pinFounder(local, showId, founder);
  const via = request.via && siteOfPeer(request.via, showId) ? [request.via] : [];
  if (via.length) await local.settings.put({ key: seedsKey(showId), value: via });
  return showId;
}

/** The producer sets or changes the passphrase: every other kiosk must join again with the new one. */
export async function savePassphrase(
  local: LocalDb,
  showId: ShowId,
  passphrase: string,
): Promise<void> {
  const secret = await deriveShowSecret(passphrase, showId);
  await local.access.put({
    showId,
    key: null,
    secret,
    passphraseHint: passphrase.trim(),
    isProducer: true,
  });
}

/**
 * Whether `passphrase` is the show's: the first step to the producer role on a kiosk
 * that joined as something else. The role itself then takes a producer's admission
 * (`markProducer` once it arrives).
 */
export async function checkShowPassphrase(
  local: LocalDb,
  showId: ShowId,
  passphrase: string,
): Promise<boolean> {
  const row = await migrateAccess(local, await local.access.get(showId));
  if (!row?.secret) return true;
  return equalBytes(row.secret, await deriveShowSecret(passphrase, showId));
}

/** A producer admitted this kiosk as producer: it may open the producer screen from now on, offline too. */
export async function markProducer(local: LocalDb, showId: ShowId): Promise<void> {
  const row = await local.access.get(showId);
  if (row && !row.isProducer) await local.access.put({ ...row, isProducer: true });
}

/** Trust the admissions of `founder` in this show, unless a founder is pinned already. */
async function pinFounder(local: LocalDb, showId: ShowId, founder: SiteId): Promise<void> {
  const store = new DexieStatementStore(local);
  if (!(await store.load(showId)).founder) await store.setFounder(showId, founder);
}

/** The kiosks to dial first in a show: the join link's inviter. */
export async function readSeeds(local: LocalDb, showId: ShowId): Promise<PeerId[]> {
  const seeds = await local.settings.get(seedsKey(showId));
  if (!Array.isArray(seeds?.value)) return [];
  return (seeds.value as unknown[]).filter(
    (id): id is PeerId => typeof id === 'string' && !!siteOfPeer(id, showId),
  );
}
