import { untrack } from 'svelte';
import type { SiteId } from '../domain/ids';
import type { StoredRow } from '../domain/merge';
import { RosterAuthority } from '../sync/trust/roster-authority';
import { ownRole } from './own-role';
import type { ShowData } from './show-data.svelte';

// The stand-in for the admissions (sync/trust/roster-authority.ts), kept level with the
// show's roster and show row while sync runs. Replaced whole by the admissions' Authority.

export interface RosterStanding {
  authority: RosterAuthority;
  stop(): void;
}

/** Start it on the show as stored now (awaited, so the engine's first op is judged on it). */
export async function rosterStanding(site: SiteId, data: ShowData): Promise<RosterStanding> {
  const authority = new RosterAuthority(site, ownRole);
  const update = async () => {
    const showRow = (await data.db.shows.get(data.showId)) as StoredRow | undefined;
    authority.update(data.kiosks.current, showRow);
  };
  await update();
  const stop = $effect.root(() => {
    $effect(() => {
      void data.kiosks.current;
      void data.show;
      untrack(() => void update());
    });
  });
  return { authority, stop };
}
