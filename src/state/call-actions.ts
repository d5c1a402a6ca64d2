import { patchChanges } from '../domain/changes';
import type { CallId } from '../domain/ids';
import { ROLES, type Role } from '../domain/model';
import { applyChanges } from './actions';
import { kiosk } from './kiosk.svelte';
import { router } from './route.svelte';

/** Undo a clear: the call is active again (clearedAt back to 0), as it was. */
export const reopenCall = (id: CallId) => applyChanges(patchChanges('calls', id, { clearedAt: 0 }));

const ROLE_NAMES: Record<Role, string> = {
  producer: 'Producer',
  wall: 'Wall',
  curtain: 'Curtain',
  makeup: 'tablet',
  content: 'Content team',
};

/**
 * Who acknowledges a call from this window: the kiosk's name if it has one, else the
 * screen the person is at (windows of one kiosk may show different screens; the
 * kiosk's role is the one chosen last, in any of them).
 */
export function acknowledgerName(): string {
  const screen = router.current.path.slice(1);
  const role = (ROLES as readonly string[]).includes(screen) ? (screen as Role) : kiosk.role;
  return kiosk.settings?.kioskName.trim() || (role ? ROLE_NAMES[role] : 'kiosk');
}
