import type { SiteId } from '../domain/ids';
import type { Role } from '../domain/model';
import type { Standing } from '../sync/trust/authority';
import { isKeyDerivedSiteId } from '../sync/trust/identity';

// What a producer's kiosk does about a kiosk it sees on a link (pure, so the rule is
// tested without a mesh): a kiosk that joined with the passphrase asking for a
// wall, curtain, make-up or content role is admitted at once with that role; one
// asking to be a producer waits for a producer to say yes; a removed kiosk stays
// removed until a producer re-admits it by hand.

export type AdmissionDecision =
  | { kind: 'none' }
  | { kind: 'admit'; role: Role }
  /** It asks to be a producer: only a person decides that. */
  | { kind: 'ask' };

export function decideAdmission(input: {
  /** This kiosk may sign admissions (it is admitted as producer). */
  isProducerHere: boolean;
  /** The role the kiosk asks for (its roster row, else its hello). */
  asks: Role | '';
  standing: Standing;
  /** A producer refused its request to be a producer (this session). */
  isRefused: boolean;
  /** Its admission ends soon: renewed with the role it has. */
  isExpiring?: boolean;
}): AdmissionDecision {
  const { standing, asks } = input;
  if (!input.isProducerHere || !asks) return { kind: 'none' };
  if (standing.kind === 'removed') return { kind: 'none' };
  if (standing.kind === 'admitted' && input.isExpiring)
    return { kind: 'admit', role: standing.role };
  if (standing.kind === 'admitted' && (standing.role === asks || standing.role === 'producer'))
    return { kind: 'none' };
  if (asks === 'producer') return input.isRefused ? { kind: 'none' } : { kind: 'ask' };
  return { kind: 'admit', role: asks };
}

/** What this kiosk's own standing means for its screen. */
export type SelfAdmission =
  /** No founder known and nothing about itself yet, or sync not running: nothing to say. */
  | { kind: 'idle' }
  | { kind: 'waiting'; asks: Role | '' }
  | { kind: 'admitted'; role: Role }
  | { kind: 'removed'; by: string };

export function selfAdmission(input: {
  standing: Standing;
  asks: Role | '';
  /** Whether the show has a founder this kiosk trusts. */
  hasFounder: boolean;
  isRunning: boolean;
  /** The name of the producer who signed its removal. */
  removedBy: string;
}): SelfAdmission {
  const { standing } = input;
  if (standing.kind === 'removed') return { kind: 'removed', by: input.removedBy };
  if (standing.kind === 'admitted') {
    if (input.asks && input.asks !== standing.role && standing.role !== 'producer')
      return { kind: 'waiting', asks: input.asks };
    return { kind: 'admitted', role: standing.role };
  }
  if (!input.isRunning) return { kind: 'idle' };
  return { kind: 'waiting', asks: input.asks };
}

/** "Makeup tablet 'Station 2' admitted as makeup": what the producer's screen says as it happens. */
export const admittedText = (name: string, role: string): string =>
  `${name ? `Kiosk '${name}'` : 'A kiosk'} admitted as ${role}`;

/** The site a join link names as the show's founder, or undefined when it is not a site id. */
export const founderParam = (value: string | null | undefined): SiteId | undefined =>
  value && isKeyDerivedSiteId(value) ? (value as SiteId) : undefined;

export type AdmissionAction = 'remove' | 'readmit' | 'make-producer';

/** A kiosk's row of the kiosks panel, with what its admission says and what a producer may do about it. */
export interface AdmissionView {
  /** Its admitted role (what it may change), else the role it says it has. */
  role: Role | '';
  /** '', "Waiting for admission", "Removed". */
  standingText: string;
  actions: AdmissionAction[];
}

export function admissionView(input: {
  /** The role it says it has (hello or roster). */
  says: Role | '';
  standing: { kind: Standing['kind']; role: Role | '' } | undefined;
  isSelf: boolean;
  /** This kiosk is an admitted producer. */
  isProducerHere: boolean;
  /** The show has admissions at all (a founder): else nothing is said. */
  hasFounder: boolean;
}): AdmissionView {
  const { standing, isProducerHere, isSelf } = input;
  if (!input.hasFounder) return { role: input.says, standingText: '', actions: [] };
  if (!standing || standing.kind === 'unknown')
    return { role: input.says, standingText: 'Waiting for admission', actions: [] };
  const may = isProducerHere && !isSelf;
  if (standing.kind === 'removed')
    return { role: standing.role, standingText: 'Removed', actions: may ? ['readmit'] : [] };
  const actions: AdmissionAction[] = may
    ? standing.role === 'producer'
      ? ['remove']
      : ['remove', 'make-producer']
    : [];
  return { role: standing.role, standingText: '', actions };
}
