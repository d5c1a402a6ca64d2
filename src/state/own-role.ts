import type { Role } from '../domain/model';
import { mayWrite, type RoleWrite } from '../domain/roles';
import { admissions } from './admissions.svelte';
import { kiosk } from './kiosk.svelte';
import { sync } from './sync.svelte';

/**
 * The role this kiosk writes as: every write is checked against it before anything is
 * written (kiosk.svelte.ts), and the screens offer only what it may do. For now the
 * kiosk's own say: the producer where it may open the producer screen (it made the show,
 * or joined or unlocked it with the passphrase), else the role chosen on this kiosk.
 * While the show's access record is still being read (a show made a moment ago, the
 * first instant after a start) it is taken as the producer's: only a kiosk that joined
 * as another role is held to it, and its screens write only what that role may.
 * Once the producer has admitted it, the admitted role (a removed kiosk writes nothing).
 */
export function ownRole(): Role | undefined {
  // Once admitted, the role the producer admitted it with is the one every peer checks.
  const self = admissions.self;
  if (self.kind === 'removed') return undefined;
  if (self.kind === 'admitted') return self.role;
  if (sync.producerGate !== 'locked') return 'producer';
  return kiosk.role || undefined;
}

/**
 * What a local write is checked against (kiosk.svelte.ts): the role it writes as,
 * `removed` when a producer removed it (nothing may be written), or undefined while no
 * role is known yet.
 */
export function writeRole(): Role | 'removed' | undefined {
  return admissions.self.kind === 'removed' ? 'removed' : ownRole();
}

/** May this kiosk write this field (screens offer only the controls its role may use)? */
export function mayWriteHere(
  write: Omit<RoleWrite, 'key' | 'value'> & Partial<RoleWrite>,
): boolean {
  const role = ownRole();
  const site = kiosk.settings?.siteId;
  if (!role || !site) return false;
  return mayWrite(role, { key: '', value: null, ...write }, site);
}
