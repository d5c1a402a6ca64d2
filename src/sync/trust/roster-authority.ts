import { decodeHlc, isHlc } from '../../domain/hlc';
import type { SiteId } from '../../domain/ids';
import type { StoredRow } from '../../domain/merge';
import type { Role, RosterEntry } from '../../domain/model';
import type { Authority, Standing } from './authority';
import type { PublicKeyInfo } from './identity';

// A STAND-IN, until the producer's signed admissions (admission.ts) answer who has which
// role: it takes each kiosk's role from the show's roster, as the kiosk wrote it, and
// counts as producers the kiosks that set the show up. Not a security boundary (a kiosk
// writes its own roster row); it lets the role checks run on the roles kiosks say they
// have, and is replaced whole by the admissions' Authority.
//
// - a kiosk that wrote the show's setup (a field of the show row other than its phase,
//   which a curtain's GO writes) is a producer, whichever screen it shows now;
// - a kiosk whose roster row has said "producer" while this kiosk watched stays one;
// - any other kiosk has the role of its roster row;
// - a kiosk with no roster row yet is taken as a producer, as before roles (its row
//   comes with its first ops; holding its ops until then would hold its row too).

/** No key is known here: the stand-in vouches for roles only, not for signatures. */
const NO_KEY: PublicKeyInfo = { algorithm: 'Ed25519', raw: new Uint8Array() };

/** The kiosks that set the show up: the authors of its show row's fields, but the phase. */
export function showSetters(showRow: StoredRow | undefined): SiteId[] {
  if (!showRow) return [];
  return Object.entries(showRow._clocks).flatMap(([field, hlc]) =>
    field !== 'phase' && isHlc(hlc) ? [decodeHlc(hlc).site] : [],
  );
}

export class RosterAuthority implements Authority {
  readonly #self: SiteId;
  readonly #ownRole: () => Role | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #producers = new Set<SiteId>();
  #roles = new Map<SiteId, Role>();

  constructor(self: SiteId, ownRole: () => Role | undefined) {
    this.#self = self;
    this.#ownRole = ownRole;
  }

  standing(site: SiteId): Standing {
    return { kind: 'admitted', role: this.#roleOf(site), key: NO_KEY };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The roster and the show row as stored now. */
  update(roster: readonly RosterEntry[], showRow: StoredRow | undefined): void {
    const before = this.#signature();
    for (const site of showSetters(showRow)) this.#producers.add(site);
    const roles = new Map<SiteId, Role>();
    for (const row of roster) {
      roles.set(row.id, row.role);
      if (row.role === 'producer') this.#producers.add(row.id);
    }
    this.#roles = roles;
    if (this.#signature() === before) return;
    for (const listener of this.#listeners) listener();
  }

  #roleOf(site: SiteId): Role {
    if (site === this.#self) return this.#ownRole() ?? 'producer';
    if (this.#producers.has(site)) return 'producer';
    return this.#roles.get(site) ?? 'producer';
  }

  #signature(): string {
    return `${[...this.#producers].sort().join()}|${[...this.#roles]
      .map(([s, r]) => `${s}=${r}`)
      .sort()
      .join()}`;
  }
}
