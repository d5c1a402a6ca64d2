import type { SiteId } from '../domain/ids';
import { ROLE_LABELS, type RosterEntry, type Role } from '../domain/model';
import type { Change } from '../domain/op';
import type { LocalSettings } from '../storage/local';

// This kiosk's row in the show's roster: its name and role when they change, and on
// a beat, when it was last seen. Linked kiosks see each other live; the row serves
// kiosks that were not linked at the time, to the minute ("Last seen 3 min ago").

/** Each beat is an op every kiosk stores, so not more often than the minute the row is read to. */
export const ROSTER_EVERY_MS = 60_000;

/** The name a kiosk goes by: the one it was given, else its role and the start of its site id. */
export function kioskName(settings: LocalSettings | null): string {
  if (!settings) return '';
  if (settings.kioskName) return settings.kioskName;
  const role = settings.role;
  return `${role ? ROLE_LABELS[role] : 'Kiosk'} ${settings.siteId.slice(0, 4)}`;
}

/** The changes that bring this kiosk's row up to date; none when nothing changed and it is no beat. */
export function rosterChanges(
  row: RosterEntry | undefined,
  self: { site: SiteId; name: string; role: Role },
  now: number,
  isBeat: boolean,
): Change[] {
  const changes: Change[] = [];
  const { site } = self;
  if (row?.name !== self.name)
    changes.push({ table: 'kiosks', key: site, field: 'name', value: self.name });
  if (row?.role !== self.role)
    changes.push({ table: 'kiosks', key: site, field: 'role', value: self.role });
  if (!isBeat && changes.length === 0) return [];
  changes.push({ table: 'kiosks', key: site, field: 'lastSeen', value: now });
  return changes;
}
