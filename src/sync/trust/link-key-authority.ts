import type { SiteId } from '../../domain/ids';
import type { Role } from '../../domain/model';
import type { Authority, Standing } from './authority';
import { decodePublicKey, isSiteOf, type KioskIdentity, type PublicKeyInfo } from './identity';

// TEMPORARY, replaced by the producer's signed admissions (admission.ts): until they
// land, the app's Authority admits this kiosk and every kiosk it has joined a link
// with, under the key and role that kiosk proved in the join (its site id is derived
// from the key, and it signed the join's transcript with it). So page signatures are
// checked for real against the author's own key, but anyone with the passphrase is
// admitted, in the role it claims. An author this kiosk never linked to is learned from
// the key its signed pages name (`learnFromPage`): its site id is derived from that key,
// so the key proves itself, and it is admitted as a producer (its role is unknown here;
// until admissions, every kiosk may write everything anyway).

export class LinkKeyAuthority implements Authority {
  readonly #standings = new Map<SiteId, Standing>();
  readonly #listeners = new Set<() => void>();

  constructor(self: KioskIdentity, role: Role) {
    this.learn(self.site, self.publicKeyInfo, role);
  }

  standing(site: SiteId): Standing {
    return this.#standings.get(site) ?? { kind: 'unknown' };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A link's join proved that `site` holds `key` (the handshake checked both). */
  learn(site: SiteId, key: PublicKeyInfo, role: Role): void {
    const now = this.#standings.get(site);
    if (now?.kind === 'admitted' && now.role === role && sameKey(now.key, key)) return;
    this.#standings.set(site, { kind: 'admitted', role, key });
    for (const listener of this.#listeners) listener();
  }
}

/** Offered a page's key for an author not known here: admitted if its site id is the key's. */
export async function learnFromPage(
  authority: LinkKeyAuthority,
  site: SiteId,
  key: unknown,
): Promise<void> {
  const decoded = decodePublicKey(key);
  if (!decoded || authority.standing(site).kind !== 'unknown') return;
  if (await isSiteOf(site, decoded)) authority.learn(site, decoded, 'producer');
}

const sameKey = (a: PublicKeyInfo, b: PublicKeyInfo): boolean =>
  a.algorithm === b.algorithm &&
  a.raw.length === b.raw.length &&
  a.raw.every((x, i) => x === b.raw[i]);
