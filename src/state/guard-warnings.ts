import type { ShowId } from '../domain/ids';
import { siteOfPeer } from '../domain/peer-ids';
import type { GuardStatus } from '../sync/synchronizer/guards';
import type { KioskWarnings } from './kiosk-warnings';

/** The engine's guard status, per kiosk (a dropped peer is named by its site). */
export function kioskWarnings(guards: GuardStatus, showId: ShowId): KioskWarnings {
  return {
    clocks: guards.wrongClocks.map(({ site, aheadMs, held }) => ({ site, aheadMs, held })),
    dropped: guards.dropped.flatMap((drop) => {
      const site = drop.siteId ?? siteOfPeer(drop.peer, showId);
      return site ? [{ site, until: drop.until, reason: drop.reason }] : [];
    }),
    refused: guards.refusedAuthors.map(({ site, changes, last }) => ({ site, changes, last })),
  };
}
