import type { ShotMark } from './content-view';
import type { LookId, ModelId, ShowId, SiteId } from './ids';
import type { LookChange } from './look-changes';
import type { ShoutOut } from './shout-outs';
import { fieldValueProblem, isOptionalField, type FieldProblem } from './entity-schemas';
import {
  LOOK_STEPS,
  MODEL_STEPS,
  type Call,
  type Cue,
  type Entities,
  type Look,
  type Model,
  type Note,
  type RosterEntry,
  type Run,
  type Show,
  type TableName,
} from './model';
import { DELETED } from './op';

// Rows arrive one field at a time and may be partial; readers see whole entities.

export const defaultShow = (id: ShowId): Show => ({
  id,
  title: 'Untitled show',
  venue: '',
  date: '',
  callTime: '',
  doorsTime: '',
  curtainTime: '',
  kind: 'runway',
  phase: 'setup',
  pacingSeconds: 45,
  quickChangeLooks: 4,
  quickChangeSeconds: 180,
  tabletIdleMinutes: 3,
  notes: '',
  autoLineup: false,
  lineupLooksBefore: 6,
  autoCurtainWarnings: false,
  autoBriefingWarnings: false,
  briefingTime: '',
  warningMinutes: [30, 15, 10, 5],
  autoQuickChange: false,
  autoTouchUp: false,
  touchUpLooks: 3,
  autoSilenced: [],
});

const defaultModel = (id: string): Model => ({
  id: id as ModelId,
  name: '',
  agency: '',
  photo: '',
  notes: '',
  callTime: '',
  checkedInAt: 0,
  station: '',
});

const defaultLook = (id: string): Look => ({
  id: id as LookId,
  rank: '',
  modelId: '' as ModelId,
  section: '',
  outfit: '',
  accessories: [],
  shoes: '',
  hair: '',
  makeup: '',
  dresser: '',
  walkNotes: '',
  pacingSeconds: 0,
  cut: false,
  photo: '',
});

const DEFAULTS: { [T in TableName]: (id: string) => Entities[T] } = {
  shows: (id) => defaultShow(id as ShowId),
  models: defaultModel,
  looks: defaultLook,
  progress: (id) => ({ id: id as ModelId }),
  calls: (id) =>
    ({
      id,
      kind: 'custom',
      text: '',
      target: { kind: 'everyone' },
      priority: 'normal',
      issuedAt: 0,
      issuedBy: '' as SiteId,
      acknowledgedAt: 0,
      acknowledgedBy: '',
      clearedAt: 0,
      rule: '',
      expiresAt: 0,
    }) as Call,
  runs: (id) => ({ id, kind: 'rehearsal', startedAt: 0, endedAt: 0, holds: [] }) as unknown as Run,
  cues: (id) => ({ id, runId: '', lookId: '', goAt: 0, by: '' }) as unknown as Cue,
  notes: (id) =>
    ({ id, kind: 'announcement', text: '', at: 0, by: '', pinned: false }) as unknown as Note,
  kiosks: (id) => ({ id, name: '', role: 'wall', lastSeen: 0 }) as unknown as RosterEntry,
  lookChanges: (id) =>
    ({
      id,
      lookId: '',
      field: 'outfit',
      before: '',
      after: '',
      hlc: '',
      at: 0,
      by: '',
    }) as unknown as LookChange,
  shotMarks: (id) => ({ id, at: 0, by: '' }) as unknown as ShotMark,
  shoutOuts: (id) =>
    ({ id, text: '', emoji: '', photoId: '', at: 0, by: '', hidden: false }) as unknown as ShoutOut,
};

/**
 * A stored row as a whole entity: defaults for missing fields, bookkeeping dropped.
 * A value that does not fit its field (entity-schemas.ts: from an older version, or
 * written into storage by hand) is refused: the field shows its default, and `refused`
 * says which field and why, for the kiosk to report. No screen ever sees the value.
 */
export function readEntity<T extends TableName>(
  table: T,
  row: Readonly<Record<string, unknown>>,
): { entity: Entities[T]; refused: FieldProblem[] } {
  const entity = DEFAULTS[table](String(row.id)) as unknown as Record<string, unknown>;
  const refused: FieldProblem[] = [];
  for (const [field, value] of Object.entries(row)) {
    if (field === 'id' || field === '_clocks' || field === DELETED || value === undefined) continue;
    const isKnown =
      Object.prototype.hasOwnProperty.call(entity, field) ||
      isStep(table, field) ||
      isOptionalField(table, field);
    if (!isKnown) continue; // written by a newer version: nothing here reads it
    const why = fieldValueProblem(table, field, value);
    if (why) refused.push({ field, why });
    else entity[field] = value;
  }
  return { entity: entity as unknown as Entities[T], refused };
}

/** `readEntity` without the report: for building entities from rows this kiosk made. */
export const toEntity = <T extends TableName>(
  table: T,
  row: Readonly<Record<string, unknown>>,
): Entities[T] => readEntity(table, row).entity;

const STEPS = new Set<string>([...MODEL_STEPS, ...LOOK_STEPS]);
const isStep = (table: TableName, field: string): boolean =>
  table === 'progress' && STEPS.has(field);
