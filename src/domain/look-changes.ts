import { rowChanges } from './changes';
import { decodeHlc, isHlc, type Hlc } from './hlc';
import type { LookId, SiteId } from './ids';
import type { Look, Run, ShowPhase } from './model';
import type { Change } from './op';
import type { Position } from './cues';

// Last-minute changes: "Look 14: no belt". Once the rehearsal has started, an edit
// to what a look wears or how it is done is recorded as a change, shown on the
// cards of those who must act on it until someone there acknowledges it, and shown
// at the curtain for the looks walking now and next while anyone has not.

export const CHANGE_FIELDS = ['outfit', 'accessories', 'shoes', 'hair', 'makeup'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

/** Who acts on a change: the look's dresser, or the model's hair or makeup station. */
export type ChangeDesk = 'dresser' | 'hair' | 'makeup';
export const CHANGE_DESKS: readonly ChangeDesk[] = ['dresser', 'hair', 'makeup'];
export const DESK_OF_FIELD: Record<ChangeField, ChangeDesk> = {
  outfit: 'dresser',
  accessories: 'dresser',
  shoes: 'dresser',
  hair: 'hair',
  makeup: 'makeup',
};
export const DESK_LABELS: Record<ChangeDesk, string> = {
  dresser: 'Dresser',
  hair: 'Hair',
  makeup: 'Makeup',
};
export const CHANGE_FIELD_LABELS: Record<ChangeField, string> = {
  outfit: 'Outfit',
  accessories: 'Accessories',
  shoes: 'Shoes',
  hair: 'Hair',
  makeup: 'Makeup',
};

export type ChangeValue = string | string[];

/** An acknowledgement by someone at a desk. */
export interface ChangeAck {
  at: number;
  by: SiteId;
}

/**
 * One recorded change of one field of one look. Each desk acknowledges in its own
 * field, so two tablets acknowledging at once never overwrite each other.
 */
export interface LookChange {
  /** `${lookId}/${field}/${hlc}`: the same edit always makes the same record. */
  id: string;
  lookId: LookId;
  field: ChangeField;
  before: ChangeValue;
  after: ChangeValue;
  /** The clock of the edit: orders changes, the same way last-writer-wins orders the field. */
  hlc: Hlc;
  at: number;
  by: SiteId;
  /** Only the desk of the field acknowledges; the others stay absent. */
  ackDresser?: ChangeAck;
  ackHair?: ChangeAck;
  ackMakeup?: ChangeAck;
}

export const ACK_FIELD: Record<ChangeDesk, 'ackDresser' | 'ackHair' | 'ackMakeup'> = {
  dresser: 'ackDresser',
  hair: 'ackHair',
  makeup: 'ackMakeup',
};

/**
 * From when an edit counts as last-minute: the start of the first run (rehearsal,
 * or live when there was none), else the moment the show left setup, from the
 * clock of its `phase` field. Undefined while the show is still being set up.
 */
export function lastMinuteFrom(runs: readonly Run[], phaseChangedAt?: number): number | undefined {
  const starts = runs.map((run) => run.startedAt).filter((at) => at > 0);
  if (phaseChangedAt !== undefined && phaseChangedAt > 0) starts.push(phaseChangedAt);
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

/**
 * `lastMinuteFrom` for a stored show: the clock of its `phase` field counts only once
 * the phase has left setup (a new show writes its phase, 'setup', when it is created).
 */
export function lastMinuteSince(
  phase: ShowPhase,
  runs: readonly Run[],
  phaseClock: Hlc | undefined,
): number | undefined {
  const left = phase !== 'setup' && phaseClock !== undefined && isHlc(phaseClock);
  return lastMinuteFrom(runs, left ? decodeHlc(phaseClock).wall : undefined);
}

const tidyList = (items: readonly string[]): string[] =>
  items.map((item) => item.trim()).filter((item) => item !== '');

function isSameValue(a: ChangeValue, b: ChangeValue): boolean {
  if (typeof a === 'string' || typeof b === 'string')
    return typeof a === typeof b && String(a).trim() === String(b).trim();
  // Accessories are a set on the rail: their order is not a change.
  const left = tidyList(a).sort();
  const right = tidyList(b).sort();
  return left.length === right.length && left.every((item, i) => item === right[i]);
}

export interface FieldChange {
  field: ChangeField;
  before: ChangeValue;
  after: ChangeValue;
}

/** The fields an edit changes that people must act on (an edit to walk notes or the dresser is none of these). */
export function lookEditChanges(before: Look, patch: Partial<Look>): FieldChange[] {
  return CHANGE_FIELDS.flatMap((field): FieldChange[] => {
    const after = patch[field];
    if (after === undefined || isSameValue(before[field], after)) return [];
    return [{ field, before: before[field], after }];
  });
}

/**
 * The change records an edit to a look writes, alongside the edit: none before
 * the show's rehearsal started (`since` undefined) or for an edit dated before it.
 */
export function recordLookEdit(
  before: Look,
  patch: Partial<Look>,
  edit: { hlc: Hlc; at: number; by: SiteId },
  since: number | undefined,
): LookChange[] {
  if (since === undefined || edit.at < since) return [];
  return lookEditChanges(before, patch).map((change) => ({
    id: `${before.id}/${change.field}/${edit.hlc}`,
    lookId: before.id,
    ...change,
    ...edit,
  }));
}

/**
 * The writes of an edit to a look: the edit itself and, once the show's rehearsal has
 * started, a change record per field people act on, in the same write (so a kiosk
 * never holds the edit without its record).
 */
export function lookEditWrites(
  before: Look,
  patch: Partial<Omit<Look, 'id'>>,
  edit: { hlc: Hlc; at: number; by: SiteId },
  since: number | undefined,
): Change[] {
  const fields = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => ({ table: 'looks' as const, key: before.id, field, value }));
  const records = recordLookEdit(before, patch, edit, since);
  return [...fields, ...records.flatMap((record) => rowChanges('lookChanges', record))];
}

/** A stored record worth showing: its field is one people act on, and its clock is a clock. */
export const isLookChange = (change: LookChange): boolean =>
  (CHANGE_FIELDS as readonly string[]).includes(change.field) &&
  isHlc(change.hlc) &&
  change.lookId !== '';

/**
 * The change fields of a stored look whose winning write came after `since`, from
 * the field clocks alone: for looks changed where no record was written (an older
 * kiosk, an import). Says what changed, not from what.
 */
export function fieldsChangedSince(
  clocks: Readonly<Record<string, Hlc>>,
  since: number | undefined,
): ChangeField[] {
  if (since === undefined) return [];
  return CHANGE_FIELDS.filter((field) => {
    const clock = clocks[field];
    return clock !== undefined && decodeHlc(clock).wall >= since;
  });
}

/** A field of a look changed and not yet acknowledged by its desk: earlier open changes folded in. */
export interface OpenChange {
  lookId: LookId;
  field: ChangeField;
  desk: ChangeDesk;
  /** The value before the first change the desk has not acknowledged... */
  before: ChangeValue;
  /** ...and the value now (the latest change by clock, as last-writer-wins has it). */
  after: ChangeValue;
  firstAt: number;
  lastAt: number;
  /** The records an acknowledgement writes to. */
  changeIds: string[];
  /** In words for a card: "No Belt", "Outfit: Black coat → Red coat". */
  text: string;
}

const isAcknowledged = (change: LookChange): boolean =>
  change[ACK_FIELD[DESK_OF_FIELD[change.field]]] !== undefined;
const byClock = (a: LookChange, b: LookChange) =>
  a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1;

/** What changed, in the words of a rail: removed accessories read "No Belt", added ones "Add Scarf". */
export function describeChange(
  field: ChangeField,
  before: ChangeValue,
  after: ChangeValue,
): string {
  const label = CHANGE_FIELD_LABELS[field];
  if (Array.isArray(before) || Array.isArray(after)) {
    const was = tidyList(Array.isArray(before) ? before : [before]);
    const now = tidyList(Array.isArray(after) ? after : [after]);
    const removed = was.filter((item) => !now.includes(item)).map((item) => `No ${item}`);
    const added = now.filter((item) => !was.includes(item)).map((item) => `Add ${item}`);
    return [...removed, ...added].join(', ') || `${label} changed`;
  }
  const was = before.trim();
  const now = after.trim();
  if (now === '') return `${label}: none (was ${was})`;
  if (was === '') return `${label}: ${now}`;
  return `${label}: ${was} → ${now}`;
}

/**
 * The open changes (of one desk, or of all), one per look and field, sorted by
 * field then time; screens pick a look's with `openChangesOfLook`. A field whose
 * open changes bring it back where it was is no change.
 */
export function openChanges(changes: readonly LookChange[], desk?: ChangeDesk): OpenChange[] {
  const groups = new Map<string, LookChange[]>();
  for (const change of [...changes].sort(byClock)) {
    if (desk !== undefined && DESK_OF_FIELD[change.field] !== desk) continue;
    const key = `${change.lookId}/${change.field}`;
    const group = groups.get(key) ?? [];
    group.push(change);
    groups.set(key, group);
  }
  const open: OpenChange[] = [];
  for (const group of groups.values()) {
    // Changes after the last acknowledged one are open; an acknowledgement covers only its own record,
    // so one made before a later change arrived leaves that change open.
    let lastAcked = -1;
    group.forEach((change, index) => {
      if (isAcknowledged(change)) lastAcked = index;
    });
    const pending = group.slice(lastAcked + 1);
    const first = pending[0];
    const last = pending.at(-1);
    if (!first || !last || isSameValue(first.before, last.after)) continue;
    open.push({
      lookId: first.lookId,
      field: first.field,
      desk: DESK_OF_FIELD[first.field],
      before: first.before,
      after: last.after,
      firstAt: first.at,
      lastAt: last.at,
      changeIds: pending.map((change) => change.id),
      text: describeChange(first.field, first.before, last.after),
    });
  }
  return open.sort(
    (a, b) =>
      CHANGE_FIELDS.indexOf(a.field) - CHANGE_FIELDS.indexOf(b.field) || a.firstAt - b.firstAt,
  );
}

/** Open changes of one look, for its card on a desk's tablet. */
export const openChangesOfLook = (open: readonly OpenChange[], lookId: LookId): OpenChange[] =>
  open.filter((change) => change.lookId === lookId);

/**
 * The writes that acknowledge open changes at `desk`: one field per record, so
 * acknowledging twice, or at two tablets at once, comes to the same.
 */
export function acknowledgeChanges(
  open: readonly OpenChange[],
  desk: ChangeDesk,
  ack: ChangeAck,
): { key: string; field: (typeof ACK_FIELD)[ChangeDesk]; value: ChangeAck }[] {
  return open
    .filter((change) => change.desk === desk)
    .flatMap((change) =>
      change.changeIds.map((key) => ({ key, field: ACK_FIELD[desk], value: ack })),
    );
}

export interface CurtainChanges {
  /** Open changes of the look walking now, each naming the desk that has not acknowledged. */
  now: OpenChange[];
  next: OpenChange[];
}

/** What the curtain shows: changes of now and next that someone has not acknowledged yet. */
export function curtainChanges(
  open: readonly OpenChange[],
  position: Pick<Position, 'now' | 'next'>,
): CurtainChanges {
  const of = (lookId: LookId | undefined) => (lookId ? openChangesOfLook(open, lookId) : []);
  return { now: of(position.now?.look.id), next: of(position.next?.look.id) };
}

/**
 * Who must see an open change, by name where the show has one: the look's dresser
 * ("Jo"), or the model's station ("Chair 3") for hair and makeup. A tablet shows
 * a card's changes for its own people; `name` is '' when nobody is assigned yet.
 */
export function changeAudience(
  change: Pick<OpenChange, 'desk'>,
  look: Pick<Look, 'dresser'>,
  model: { station: string } | undefined,
): { desk: ChangeDesk; name: string; label: string } {
  const name = (change.desk === 'dresser' ? look.dresser : (model?.station ?? '')).trim();
  const desk = DESK_LABELS[change.desk];
  return { desk: change.desk, name, label: name ? `${desk} (${name})` : desk };
}
