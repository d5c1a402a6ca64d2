// What the producer screen shows and decides, as plain functions: the components only render.
import { splitAccessories } from '../../domain/csv';
import type { LookId, ModelId } from '../../domain/ids';
import type { Cue, Look, Model, NoteKind, Run, Show, ShowPhase } from '../../domain/model';
import { secondsAfter, type NumberedLook, type QuickChange } from '../../domain/running-order';
import { clockTime, formatDuration } from '../../domain/show-time';

export const SECTIONS = [
  { id: 'show', label: 'Show' },
  { id: 'models', label: 'Models' },
  { id: 'running-order', label: 'Running order' },
  { id: 'calls', label: 'Calls' },
  { id: 'notes', label: 'Notes' },
  { id: 'run', label: 'Run & debrief' },
  { id: 'import-export', label: 'Import/Export' },
  { id: 'kiosks', label: 'Kiosks' },
] as const;

export const PHASES: readonly ShowPhase[] = ['setup', 'rehearsal', 'live', 'finished'];
export const PHASE_LABELS: Record<ShowPhase, string> = {
  setup: 'Setup',
  rehearsal: 'Rehearsal',
  live: 'Live',
  finished: 'Finished',
};

/** The note kinds a producer writes here (debrief notes come after the show). */
export const NOTE_KINDS: readonly NoteKind[] = ['briefing', 'announcement', 'change'];
export const NOTE_KIND_LABELS: Record<NoteKind, string> = {
  briefing: 'Briefing',
  announcement: 'Announcement',
  change: 'Last-minute change',
  debrief: 'Debrief',
};

// ---- Editing -------------------------------------------------------------------

/** Accessories as the producer types them: "Gold cuff, tote bag" or "Gold cuff | tote bag". */
export const accessoriesText = (accessories: readonly string[]): string => accessories.join(', ');
export const parseAccessories = (text: string): string[] => splitAccessories(text);

/** A whole number of seconds from an input, or undefined when it is not one (the edit is refused). */
export function parseSeconds(text: string, max = 24 * 3600): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= max ? value : undefined;
}

/** Numeric show fields and what an input may hold for them. */
export const SHOW_NUMBER_LIMITS = {
  pacingSeconds: { min: 1, max: 600 },
  quickChangeLooks: { min: 0, max: 50 },
  quickChangeSeconds: { min: 0, max: 3600 },
  tabletIdleMinutes: { min: 0, max: 120 },
} as const satisfies Partial<Record<keyof Show, { min: number; max: number }>>;

export function parseShowNumber(
  field: keyof typeof SHOW_NUMBER_LIMITS,
  text: string,
): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  const { min, max } = SHOW_NUMBER_LIMITS[field];
  return value >= min && value <= max ? value : undefined;
}

// ---- Running order -------------------------------------------------------------

export interface LookRow {
  entry: NumberedLook;
  /** Position in the full running order (cut looks included), from 0. */
  position: number;
  /** "12", or "cut". */
  numberLabel: string;
  /** How assistive technology names this row: "Look 12" or "Cut look (Black silk slip dress)". */
  name: string;
  isCut: boolean;
  quickChange: QuickChange | undefined;
  quickChangeText: string;
  modelName: string;
  isFirst: boolean;
  isLast: boolean;
}

export function lookName(entry: NumberedLook, modelName = ''): string {
  if (entry.number > 0) return `Look ${entry.number}`;
  const what = entry.look.outfit || modelName;
  return what ? `Cut look (${what})` : 'Cut look';
}

/** "Quick change from look 15 (1 look between, 1:30)". */
export function quickChangeText(change: QuickChange | undefined): string {
  if (!change) return '';
  const between =
    change.looksBetween === 0
      ? 'back to back'
      : `${change.looksBetween} ${change.looksBetween === 1 ? 'look' : 'looks'} between`;
  return `Quick change from look ${change.from.number} (${between}, ${formatDuration(change.seconds * 1000)})`;
}

/**
 * The table's rows. A row whose look, number, place, model name and quick change are
 * as in `previous` is that same object, so an edit re-renders its own row only.
 */
export function lookRows(
  order: readonly NumberedLook[],
  modelsById: ReadonlyMap<string, Model>,
  quickChangeInto: ReadonlyMap<LookId, QuickChange>,
  previous: readonly LookRow[] = [],
): LookRow[] {
  const before = new Map(previous.map((row) => [row.entry.look.id, row]));
  return order.map((entry, position) => {
    const modelName = modelsById.get(entry.look.modelId)?.name ?? '';
    const quickChange = entry.look.cut ? undefined : quickChangeInto.get(entry.look.id);
    const isFirst = position === 0;
    const isLast = position === order.length - 1;
    const last = before.get(entry.look.id);
    if (
      last &&
      last.entry === entry &&
      last.position === position &&
      last.modelName === modelName &&
      last.quickChange === quickChange &&
      last.isFirst === isFirst &&
      last.isLast === isLast
    )
      return last;
    return {
      entry,
      position,
      numberLabel: entry.look.cut ? 'cut' : String(entry.number),
      name: lookName(entry, modelName),
      isCut: entry.look.cut,
      quickChange,
      quickChangeText: quickChangeText(quickChange),
      modelName,
      isFirst,
      isLast,
    };
  });
}

/** Where a key press on a row's handle moves it (a position in the full order), or undefined. */
export function keyboardMoveTarget(
  key: string,
  position: number,
  length: number,
): number | undefined {
  const target =
    key === 'ArrowUp'
      ? position - 1
      : key === 'ArrowDown'
        ? position + 1
        : key === 'Home'
          ? 0
          : key === 'End'
            ? length - 1
            : undefined;
  if (target === undefined || target < 0 || target >= length || target === position)
    return undefined;
  return target;
}

/**
 * The `toIndex` for `moveLook` (a position among the other looks) when a row at
 * `from` is dropped on the row at `over`, in its upper (`isAfter` false) or lower half.
 */
export function dropIndex(from: number, over: number, isAfter: boolean): number {
  const overAmongOthers = over > from ? over - 1 : over;
  return isAfter ? overAmongOthers + 1 : overAmongOthers;
}

/** Would dropping there change anything? */
export const isDropMove = (from: number, over: number, isAfter: boolean): boolean =>
  from !== over && dropIndex(from, over, isAfter) !== from;

/** The live-region sentence after a move: "Look 5 moved to position 4". */
export const moveAnnouncement = (name: string, toPosition: number): string =>
  `${name} moved to position ${toPosition + 1}`;

// ---- Models --------------------------------------------------------------------

export function looksByModel(order: readonly NumberedLook[]): Map<ModelId, number[]> {
  const result = new Map<ModelId, number[]>();
  for (const entry of order) {
    if (entry.look.cut) continue;
    const numbers = result.get(entry.look.modelId);
    if (numbers) numbers.push(entry.number);
    else result.set(entry.look.modelId, [entry.number]);
  }
  return result;
}

/** "Looks 3, 17" / "No look yet". */
export function looksText(numbers: readonly number[] | undefined): string {
  if (!numbers || numbers.length === 0) return 'No look yet';
  return `${numbers.length === 1 ? 'Look' : 'Looks'} ${numbers.join(', ')}`;
}

/** The question asked before deleting a model: their looks go with them. */
export function deleteModelQuestion(model: Pick<Model, 'name'>, lookCount: number): string {
  const who = model.name || 'this model';
  if (lookCount === 0) return `Delete ${who}?`;
  return `Delete ${who} and ${lookCount === 1 ? 'their look' : `their ${lookCount} looks`}?`;
}

export const checkInText = (model: Pick<Model, 'checkedInAt'>): string =>
  model.checkedInAt > 0 ? `Checked in ${clockTime(model.checkedInAt)}` : 'Not checked in';

/** Models sorted for the roster: by name, unnamed last. */
export function sortedModels(models: readonly Model[]): Model[] {
  return [...models].sort((a, b) => {
    if (!a.name !== !b.name) return a.name ? -1 : 1;
    return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
  });
}

// ---- Files ---------------------------------------------------------------------

/** A file name from the show's title: "Maison Lumière — SS27" → "maison-lumiere-ss27". */
export function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem || 'show';
}

export const csvFileName = (title: string): string => `${fileStem(title)}-running-order.csv`;

export function backupFileName(title: string, at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${fileStem(title)}-backup-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.json`;
}

// ---- Run & debrief -------------------------------------------------------------

/** The run to debrief: the one going on, else the last one started. */
export function runToShow(runs: readonly Run[], current: Run | undefined): Run | undefined {
  if (current) return current;
  return [...runs].filter((run) => run.startedAt > 0).sort((a, b) => b.startedAt - a.startedAt)[0];
}

export function runTitle(run: Run, runs: readonly Run[]): string {
  const sameKind = [...runs]
    .filter((r) => r.kind === run.kind && r.startedAt > 0)
    .sort((a, b) => a.startedAt - b.startedAt);
  const n = sameKind.findIndex((r) => r.id === run.id) + 1;
  const kind = run.kind === 'live' ? 'Live show' : 'Rehearsal';
  return sameKind.length > 1 ? `${kind} ${n}` : kind;
}

export interface CueRow {
  number: number;
  modelName: string;
  /** Epoch ms the look was planned to go, from the first cue and the pacing; 0 before the first cue. */
  plannedAt: number;
  /** Epoch ms it went, 0 = not cued. */
  actualAt: number;
  /** actual − planned in ms, undefined when not cued. */
  driftMs: number | undefined;
}

export interface CueSummary {
  rows: CueRow[];
  cuedCount: number;
  total: number;
  /** From the first GO to the last (or to now for a run going on) vs the plan for the same looks. */
  actualMs: number;
  plannedMs: number;
  /** Of the last look cued: positive = behind the plan. */
  driftMs: number;
}

/**
 * Planned vs actual go times for one run. The plan starts at the first GO and adds
 * each look's pacing, so the debrief shows where the show gained or lost time.
 */
export function cueSummary(
  run: Run,
  cues: readonly Cue[],
  walking: readonly NumberedLook[],
  show: Pick<Show, 'pacingSeconds'>,
  modelsById: ReadonlyMap<string, Model>,
): CueSummary {
  const goAt = new Map<string, number>();
  for (const cue of cues) if (cue.runId === run.id && cue.goAt > 0) goAt.set(cue.lookId, cue.goAt);
  const firstIndex = walking.findIndex((entry) => goAt.has(entry.look.id));
  const start =
    firstIndex >= 0 ? (goAt.get((walking[firstIndex] as NumberedLook).look.id) ?? 0) : 0;
  let planned = start;
  let lastCued: CueRow | undefined;
  const rows = walking.map((entry, i): CueRow => {
    const plannedAt = firstIndex >= 0 && i >= firstIndex ? planned : 0;
    if (firstIndex >= 0 && i >= firstIndex) planned += secondsAfter(show, entry.look) * 1000;
    const actualAt = goAt.get(entry.look.id) ?? 0;
    const row: CueRow = {
      number: entry.number,
      modelName: modelsById.get(entry.look.modelId)?.name ?? '',
      plannedAt,
      actualAt,
      driftMs: actualAt > 0 && plannedAt > 0 ? actualAt - plannedAt : undefined,
    };
    if (actualAt > 0 && (!lastCued || actualAt >= lastCued.actualAt)) lastCued = row;
    return row;
  });
  return {
    rows,
    cuedCount: rows.filter((row) => row.actualAt > 0).length,
    total: rows.length,
    actualMs: lastCued ? lastCued.actualAt - start : 0,
    plannedMs: lastCued ? lastCued.plannedAt - start : 0,
    driftMs: lastCued?.driftMs ?? 0,
  };
}

/** "+0:12 late", "−0:05 early", "on time" (within a second). */
export function driftText(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (Math.abs(ms) < 1000) return 'on time';
  return ms > 0 ? `+${formatDuration(ms)} late` : `−${formatDuration(-ms)} early`;
}

export const timeOrDash = (at: number): string => (at > 0 ? clockTimeWithSeconds(at) : '—');

export function clockTimeWithSeconds(at: number): string {
  const d = new Date(at);
  return `${clockTime(at)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

export function runStatusText(run: Run | undefined, phase: ShowPhase): string {
  if (!run) {
    const kind = phase === 'live' ? 'live' : 'rehearsal';
    return `No run going. The next GO at the curtain starts a ${kind} run.`;
  }
  const kind = run.kind === 'live' ? 'Live show' : 'Rehearsal';
  return `${kind} running since ${clockTime(run.startedAt)}.`;
}

/** Does a look of `modelId` exist? Used to warn on a look without a model. */
export const hasModel = (look: Look, modelsById: ReadonlyMap<string, Model>): boolean =>
  modelsById.has(look.modelId);
