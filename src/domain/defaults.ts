import type { LookId, ModelId, ShowId, SiteId } from './ids';
import type {
  Call,
  Cue,
  Entities,
  Look,
  Model,
  Note,
  RosterEntry,
  Run,
  Show,
  TableName,
} from './model';

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
};

/**
 * A stored row as a whole entity: defaults for missing fields, bookkeeping dropped.
 * Values of the wrong type (from an older or hostile kiosk) fall back to the default.
 */
export function toEntity<T extends TableName>(table: T, row: Record<string, unknown>): Entities[T] {
  const entity = DEFAULTS[table](String(row.id)) as unknown as Record<string, unknown>;
  for (const [field, fallback] of Object.entries(entity)) {
    const value = row[field];
    if (value === undefined || field === 'id') continue;
    const sameShape = Array.isArray(fallback)
      ? Array.isArray(value)
      : typeof value === typeof fallback;
    if (sameShape) entity[field] = value;
  }
  if (table === 'progress') {
    for (const [field, value] of Object.entries(row)) {
      if (field !== 'id' && !field.startsWith('_') && isStepState(value)) entity[field] = value;
    }
  }
  return entity as unknown as Entities[T];
}

function isStepState(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { done?: unknown }).done === 'boolean' &&
    typeof (value as { at?: unknown }).at === 'number'
  );
}
