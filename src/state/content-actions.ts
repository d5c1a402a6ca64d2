import { patchChanges, rowChanges } from '../domain/changes';
import { shotMark } from '../domain/content-view';
import type { Hlc } from '../domain/hlc';
import type { LookId, ModelId } from '../domain/ids';
import {
  acknowledgeChanges,
  lastMinuteSince,
  lookEditWrites,
  type ChangeDesk,
  type OpenChange,
} from '../domain/look-changes';
import type { Look } from '../domain/model';
import {
  checkShoutOut,
  newShoutOutId,
  postingWaitMs,
  type ShoutOutDraft,
  type ShoutOutId,
} from '../domain/shout-outs';
import { kiosk } from './kiosk.svelte';
import { showClock } from './show-clock';

// What the content team, the desks acknowledging a last-minute change, and anyone
// posting a shout-out can do: changes written through the kiosk, like every action.

function data() {
  const current = kiosk.data;
  if (!current) throw new Error('No show is open on this kiosk');
  return current;
}

/**
 * Edit a look. Once the show's rehearsal has started, what people act on (outfit,
 * accessories, shoes, hair, makeup) is also recorded as a last-minute change, in the
 * same write, for the desks to acknowledge.
 */
export async function editLook(id: LookId, patch: Partial<Omit<Look, 'id' | 'rank'>>) {
  const current = data();
  const before = current.looks.current.find((look) => look.id === id);
  const stored = await (await current.opened()).shows.get(current.showId);
  const since = lastMinuteSince(
    current.show.phase,
    current.runs.current,
    stored?._clocks.phase as Hlc | undefined,
  );
  const at = showClock.now();
  if (!before || since === undefined || at < since)
    return kiosk.write(patchChanges('looks', id, patch));
  return kiosk.write(
    lookEditWrites(before, patch, { hlc: kiosk.stamp(at), at, by: kiosk.site }, since),
  );
}

/** "Seen": the desk has taken in these changes (each record gets its desk's acknowledgement). */
export const acknowledgeLookChanges = (open: readonly OpenChange[], desk: ChangeDesk) =>
  kiosk.write(
    acknowledgeChanges(open, desk, { at: showClock.now(), by: kiosk.site }).map((write) => ({
      table: 'lookChanges' as const,
      key: write.key,
      field: write.field,
      value: { ...write.value },
    })),
  );

/** A shot done (or, on a second tap, undone) for a model's portrait or a look's outfit. */
export const setShot = (id: ModelId | LookId, isDone: boolean) =>
  kiosk.write(rowChanges('shotMarks', shotMark(id, isDone, showClock.now(), kiosk.site)));

export class ShoutOutRefused extends Error {}

/** Post a shout-out to the wall's corner: checked and tidied first; a kiosk posting in a burst is asked to wait. */
export async function postShoutOut(draft: ShoutOutDraft): Promise<ShoutOutId> {
  const checked = checkShoutOut(draft);
  if (!checked.ok) throw new ShoutOutRefused(checked.problems.map((p) => p.message).join('; '));
  const at = showClock.now();
  const wait = postingWaitMs(data().shoutOuts.current, kiosk.site, at);
  if (wait > 0)
    throw new ShoutOutRefused(
      `Three in a minute already: wait ${Math.ceil(wait / 1000)} s so others get the corner too`,
    );
  const id = newShoutOutId();
  // Every field but `hidden`: hiding is the producer's (domain/roles.ts); a new one shows.
  await kiosk.write(patchChanges('shoutOuts', id, { ...checked.value, at, by: kiosk.site }));
  return id;
}

/** The producer hides a shout-out from the wall (and shows it again). */
export const setShoutOutHidden = (id: ShoutOutId, hidden: boolean) =>
  kiosk.write(patchChanges('shoutOuts', id, { hidden }));
