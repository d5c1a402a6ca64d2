import type { Position } from '../../domain/cues';
import type { ModelId } from '../../domain/ids';
import {
  CHANGE_DESKS,
  changeAudience,
  curtainChanges,
  openChangesOfLook,
  type ChangeDesk,
  type OpenChange,
} from '../../domain/look-changes';
import type { Look, Model } from '../../domain/model';

// Last-minute changes as the tablets and the curtain word them. Tested in
// look-changes.test.ts.

/**
 * The desks a tablet acknowledges for: a tablet on a dresser's rail the dresser's
 * changes, one at a station hair and makeup, one showing everyone every desk.
 */
export function desksOfTablet(filter: { station: string; dresser: string }): ChangeDesk[] {
  if (filter.dresser && !filter.station) return ['dresser'];
  if (filter.station && !filter.dresser) return ['hair', 'makeup'];
  return [...CHANGE_DESKS];
}

/** One desk's open changes on a look's card, and the one "Seen" that closes them. */
export interface DeskChanges {
  desk: ChangeDesk;
  /** Who must see them: "Dresser (Jo)", "Makeup (Chair 3)". */
  audience: string;
  /** "No Belt, Add Scarf", "Outfit: Black coat → Red coat". */
  lines: string[];
  changes: OpenChange[];
}

/** The open changes of one look for the given desks, grouped by desk (in desk order). */
export function deskChangesOfLook(
  open: readonly OpenChange[],
  look: Pick<Look, 'id' | 'dresser'>,
  model: Pick<Model, 'station'> | undefined,
  desks: readonly ChangeDesk[],
): DeskChanges[] {
  const ofLook = openChangesOfLook(open, look.id);
  return desks.flatMap((desk): DeskChanges[] => {
    const changes = ofLook.filter((change) => change.desk === desk);
    if (changes.length === 0) return [];
    return [
      {
        desk,
        audience: changeAudience({ desk }, look, model).label,
        lines: changes.map((change) => change.text),
        changes,
      },
    ];
  });
}

export interface CurtainChangeLine {
  key: string;
  /** "Now · look 3", "Next · look 4". */
  where: string;
  text: string;
  /** "Dresser (Jo) has not seen it". */
  waiting: string;
}

/** The curtain's lines: open changes of the look walking now and the next, each with who has not seen it. */
export function curtainChangeLines(
  open: readonly OpenChange[],
  position: Pick<Position, 'now' | 'next'>,
  modelsById: ReadonlyMap<ModelId, Model>,
): CurtainChangeLine[] {
  const { now, next } = curtainChanges(open, position);
  const lines = (changes: OpenChange[], label: string, entry: Position['now']) =>
    entry
      ? changes.map((change) => ({
          key: `${label}/${change.lookId}/${change.field}`,
          where: `${label} · look ${entry.number}`,
          text: change.text,
          waiting: `${changeAudience(change, entry.look, modelsById.get(entry.look.modelId)).label} has not seen it`,
        }))
      : [];
  return [...lines(now, 'Now', position.now), ...lines(next, 'Next', position.next)];
}
