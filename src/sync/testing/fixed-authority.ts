import type { SiteId } from '../../domain/ids';
import type { Role } from '../../domain/model';
import type { Authority, Standing } from '../trust/authority';
import type { PublicKeyInfo } from '../trust/identity';

/** An Authority set by hand, for tests: admit, remove, and tell listeners. */
export class FixedAuthority implements Authority {
  readonly #standings = new Map<SiteId, Standing>();
  readonly #listeners = new Set<() => void>();

  standing(site: SiteId): Standing {
    return this.#standings.get(site) ?? { kind: 'unknown' };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  admit(site: SiteId, role: Role, key: PublicKeyInfo): void {
    this.#set(site, { kind: 'admitted', role, key });
  }

  remove(site: SiteId, upTo: number): void {
    const now = this.standing(site);
    if (now.kind === 'unknown') throw new Error(`${site} was never admitted`);
    this.#set(site, { kind: 'removed', role: now.role, key: now.key, upTo });
  }

  #set(site: SiteId, standing: Standing): void {
    this.#standings.set(site, standing);
    for (const listener of this.#listeners) listener();
  }
}
