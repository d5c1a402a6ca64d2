import type { SiteId } from '../../domain/ids';
import type { Role } from '../../domain/model';
import type { PublicKeyInfo } from './identity';

// Who may author what, as this kiosk knows it from the show's admissions: the one
// question every check at the door asks about an op's author (its role for the role
// allow-list, its key for the page signatures, whether a producer removed it). The
// admissions (admission.ts) answer it; tests answer it with a fixed table.

/** What the show's admissions say about one author. */
export type Standing =
  /** Admitted with this role: its ops are checked against the role, its pages against the key. */
  | { kind: 'admitted'; role: Role; key: PublicKeyInfo }
  /** Removed by a producer: its ops above seq `upTo` are refused everywhere. */
  | { kind: 'removed'; role: Role; key: PublicKeyInfo; upTo: number }
  /** No admission known here (yet): its ops are not applied; catch-up offers them again. */
  | { kind: 'unknown' };

export interface Authority {
  standing(site: SiteId): Standing;
  /** Called after any standing changes (an admission, a removal or a re-admission arrived). */
  subscribe(listener: () => void): () => void;
}
