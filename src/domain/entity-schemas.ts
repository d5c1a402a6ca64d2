import * as v from 'valibot';
import {
  LOOK_STEPS,
  MODEL_STEPS,
  ROLES,
  TABLES,
  type Entities,
  type Step,
  type TableName,
} from './model';
import { DELETED } from './op';

// What each table's values may be: one schema per field, so that a value is checked on
// its own (an op carries one field's value) or with its row (a snapshot, a stored row).
// Every value that comes from another kiosk, a backup file or this kiosk's storage passes
// here before a screen reads it: a call aimed at `{kind: 'models'}` with no list of models
// would otherwise throw on every tablet that draws it.
//
// Shape only, never taste: anything this app writes (any version of it) must pass, or a
// kiosk's honest edits would be refused by the others and its later edits held up behind
// them. A field this version does not know passes as any JSON value (the message schema
// bounds it): a newer kiosk of the same show may write it, and no screen here reads it.

/** Why a value does not fit its field, in words the sync log and diagnostics show. */
export interface FieldProblem {
  field: string;
  why: string;
}

const text = v.string('must be text');
const count = v.pipe(v.number('must be a number'), v.minValue(0, 'must not be negative'));
/** Epoch or show-time milliseconds; 0 = not yet. */
const time = count;
const flag = v.boolean('must be true or false');
const oneOf = <const T extends readonly [string, ...string[]]>(options: T) =>
  v.picklist(options, `must be one of ${options.join(', ')}`);
const list = <T extends v.GenericSchema>(item: T) => v.array(item, 'must be a list');

const stepState = v.object({ done: flag, at: time, by: text }, 'must be a step {done, at, by}');

/** A desk saw a last-minute change. */
const changeAck = v.object({ at: time, by: text }, 'must be an acknowledgement {at, by}');

const callTarget = v.variant(
  'kind',
  [
    v.object({ kind: v.literal('everyone') }),
    v.object({ kind: v.literal('models'), modelIds: list(text) }),
    v.object({ kind: v.literal('looks'), from: count, to: count }),
  ],
  'must be everyone, models with their ids, or looks from and to',
);

/** Every field of every table but `id`, with its schema: tsc says when model.ts gains a field without one. */
type FieldSchemas = {
  [T in TableName]: { [F in Exclude<keyof Entities[T], 'id'>]-?: v.GenericSchema };
};

const FIELDS: FieldSchemas = {
  shows: {
    title: text,
    venue: text,
    date: text,
    callTime: text,
    doorsTime: text,
    curtainTime: text,
    kind: oneOf(['runway', 'shoot']),
    phase: oneOf(['setup', 'rehearsal', 'live', 'finished']),
    pacingSeconds: count,
    quickChangeLooks: count,
    quickChangeSeconds: count,
    tabletIdleMinutes: count,
    notes: text,
    autoLineup: flag,
    lineupLooksBefore: count,
    autoCurtainWarnings: flag,
    autoBriefingWarnings: flag,
    briefingTime: text,
    warningMinutes: list(count),
    autoQuickChange: flag,
    autoTouchUp: flag,
    touchUpLooks: count,
    autoSilenced: list(text),
  },
  models: {
    name: text,
    agency: text,
    photo: text,
    notes: text,
    callTime: text,
    checkedInAt: time,
    station: text,
  },
  looks: {
    rank: text,
    modelId: text,
    section: text,
    outfit: text,
    accessories: list(text),
    shoes: text,
    hair: text,
    makeup: text,
    dresser: text,
    walkNotes: text,
    pacingSeconds: count,
    cut: flag,
    photo: text,
  },
  progress: Object.fromEntries(
    [...MODEL_STEPS, ...LOOK_STEPS].map((step) => [step, stepState]),
  ) as Record<Step, typeof stepState>,
  calls: {
    kind: oneOf([
      'lineup',
      'station',
      'briefing',
      'touch-up',
      'photo',
      'custom',
      'quick-change',
      'curtain',
    ]),
    text,
    target: callTarget,
    priority: oneOf(['normal', 'urgent']),
    issuedAt: time,
    issuedBy: text,
    acknowledgedAt: time,
    acknowledgedBy: text,
    clearedAt: time,
    rule: text,
    expiresAt: time,
  },
  runs: {
    kind: oneOf(['rehearsal', 'live']),
    startedAt: time,
    endedAt: time,
    holds: list(list(time)),
  },
  cues: { runId: text, lookId: text, goAt: time, by: text },
  notes: {
    kind: oneOf(['briefing', 'announcement', 'change', 'debrief']),
    text,
    at: time,
    by: text,
    pinned: flag,
  },
  kiosks: { name: text, role: oneOf(ROLES as unknown as [string, ...string[]]), lastSeen: time },
  lookChanges: {
    lookId: text,
    field: oneOf(['outfit', 'accessories', 'shoes', 'hair', 'makeup']),
    // A text, or for accessories a list of texts.
    before: v.union([text, list(text)], 'must be text or a list of texts'),
    after: v.union([text, list(text)], 'must be text or a list of texts'),
    hlc: text,
    at: time,
    by: text,
    ackDresser: changeAck,
    ackHair: changeAck,
    ackMakeup: changeAck,
  },
  shotMarks: { at: time, by: text },
  shoutOuts: { text, emoji: text, photoId: text, at: time, by: text, hidden: flag },
};

/** Fields an entity may lack: rows from older versions, filled by their defaults. */
const OPTIONAL: { [T in TableName]?: readonly string[] } = {
  calls: ['rule', 'expiresAt'],
  runs: ['holds'],
  // Absent until the desk acknowledges the change.
  lookChanges: ['ackDresser', 'ackHair', 'ackMakeup'],
};

/** A field an entity may lack, so its default has none: still one to read from a row. */
export const isOptionalField = (table: TableName, field: string): boolean =>
  OPTIONAL[table]?.includes(field) ?? false;

/** A delete writes true; an undone delete would write false. */
const tombstone = v.boolean('must be true or false (a delete)');

/** The schema of one field of a table, or undefined for a field this version does not know. */
function fieldSchema(table: TableName, field: string): v.GenericSchema | undefined {
  if (field === DELETED) return tombstone;
  const fields = FIELDS[table] as Record<string, v.GenericSchema>;
  return Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
}

/** Say an issue with its place inside the value: "has no 'modelIds'", "has item 2 that must be text". */
function describe(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) =>
    typeof item.key === 'number' ? `item ${item.key + 1}` : `'${String(item.key)}'`,
  );
  if (path.length === 0) return issue.message;
  const where = path.reverse().join(' of ');
  return issue.input === undefined ? `has no ${where}` : `has ${where} that ${issue.message}`;
}

/**
 * Why `value` cannot be the field `field` of a row of `table`, or undefined when it can.
 * A field this version does not know passes (see the top of this file).
 */
export function fieldValueProblem(
  table: TableName,
  field: string,
  value: unknown,
): string | undefined {
  const schema = fieldSchema(table, field);
  if (!schema) return undefined;
  const result = v.safeParse(schema, value, { abortEarly: true });
  return result.success ? undefined : describe(result.issues[0]);
}

/** The first value of a stored row (its fields beside `id` and `_clocks`) that does not fit its table. */
export function rowValueProblem(
  table: TableName,
  row: Readonly<Record<string, unknown>>,
): FieldProblem | undefined {
  for (const [field, value] of Object.entries(row)) {
    if (field === 'id' || field === '_clocks') continue;
    const why = fieldValueProblem(table, field, value);
    if (why) return { field, why };
  }
  return undefined;
}

/** A table's whole entity, as screens read it: what `readEntity` (defaults.ts) gives. */
function entitySchema(table: TableName): v.GenericSchema {
  const fields = Object.entries(FIELDS[table] as Record<string, v.GenericSchema>);
  // Progress has a field per step done so far; calls and runs from older versions lack a few.
  const optional = new Set(table === 'progress' ? fields.map(([field]) => field) : OPTIONAL[table]);
  return v.object({
    id: text,
    ...Object.fromEntries(
      fields.map(([field, schema]) => [field, optional.has(field) ? v.optional(schema) : schema]),
    ),
  });
}

const ENTITY_SCHEMAS = Object.fromEntries(
  TABLES.map((table) => [table, entitySchema(table)]),
) as Record<TableName, v.GenericSchema>;

/** Why `entity` is not a whole entity of `table` (every field present and fitting), or undefined. */
export function entityProblem(table: TableName, entity: unknown): string | undefined {
  const result = v.safeParse(ENTITY_SCHEMAS[table], entity, { abortEarly: true });
  return result.success ? undefined : describe(result.issues[0]);
}
