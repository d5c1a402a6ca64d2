import { patchChanges } from '../domain/changes';
import type { CallId } from '../domain/ids';
import type { Role } from '../domain/model';
import { applyChanges } from './actions';
import { kiosk } from './kiosk.svelte';

/** Undo a clear: the call is active again (clearedAt back to 0), as it was. */
export const reopenCall = (id: CallId) => applyChanges(patchChanges('calls', id, { clearedAt: 0 }));

const ROLE_NAMES: Record<Role, string> = {
  producer: 'Producer',
  wall: 'Wall',
  curtain: 'Curtain',
  makeup: 'tablet',
};

/** Who acknowledges a call from this kiosk: its name if it has one, else what it is. */
export function acknowledgerName(): string {
  const role = kiosk.role;
  return kiosk.settings?.kioskName.trim() || (role ? ROLE_NAMES[role] : 'kiosk');
}
