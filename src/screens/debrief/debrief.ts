import Papa from 'papaparse';
import { heldBetween, runHolds } from '../../domain/cues';
import { escapeFormula } from '../../domain/csv/formula';
import type { ModelId } from '../../domain/ids';
import type { Call, Cue, Model, Note, Progress, Run, Show } from '../../domain/model';
import { secondsAfter, type NumberedLook } from '../../domain/running-order';
import type { ShoutOutTimelineEntry } from '../../domain/shout-outs';
import { formatDuration } from '../../domain/show-time';

// The debrief of one run, as plain data: planned against actual for every look, the
// longest gaps and what caused them, the calls and how fast they were acknowledged.
// The screen draws it (chart and table), the exports write it, the tests read it.

export type GapCause = 'late GO' | 'hold' | 'look not ready' | '';

export interface DebriefLook {
  number: number;
  modelName: string;
  /** From the run's first GO, planned at the show's pacing (ms); undefined before the first GO. */
  plannedMs: number | undefined;
  /** From the first GO, as it went (ms); undefined when the look did not go in this run. */
  actualMs: number | undefined;
  /** actual − planned. */
  driftMs: number | undefined;
  /** Time from the GO before it to its own GO, and how much longer that was than planned. */
  gapMs: number | undefined;
  overMs: number | undefined;
  cause: GapCause;
}

export interface DebriefGap {
  number: number;
  gapMs: number;
  overMs: number;
  cause: GapCause;
  /** "Look 12: 1:40 (+0:55), hold" */
  text: string;
}

export interface DebriefCall {
  issuedAt: number;
  kind: string;
  text: string;
  isAutomatic: boolean;
  /** ms from issue to acknowledgement, undefined when never acknowledged. */
  ackMs: number | undefined;
}

export interface RunDebrief {
  runId: string;
  title: string;
  kind: Run['kind'];
  startedAt: number;
  endedAt: number;
  firstGoAt: number;
  /** First GO to the last look back in (the last GO plus its pacing), or to the last GO so far. */
  totalMs: number;
  plannedTotalMs: number;
  heldMs: number;
  cuedCount: number;
  looks: DebriefLook[];
  longestGaps: DebriefGap[];
  calls: DebriefCall[];
  /** Median time to acknowledge, of the acknowledged calls. */
  medianAckMs: number | undefined;
}

export interface DebriefInput {
  show: Pick<Show, 'pacingSeconds' | 'title'>;
  order: readonly NumberedLook[];
  cues: readonly Cue[];
  calls: readonly Call[];
  progress: ReadonlyMap<string, Progress>;
  modelsById: ReadonlyMap<ModelId, Model>;
  now: number;
}

/** A gap longer than planned by less than this has no cause worth naming. */
const GAP_SLACK_MS = 5000;

export function runTitle(run: Run, runs: readonly Run[]): string {
  const sameKind = runs
    .filter((r) => r.kind === run.kind && r.startedAt > 0)
    .sort((a, b) => a.startedAt - b.startedAt);
  const kind = run.kind === 'live' ? 'Live show' : 'Rehearsal';
  return sameKind.length > 1 ? `${kind} ${sameKind.findIndex((r) => r.id === run.id) + 1}` : kind;
}

/** Runs to debrief, oldest first: rehearsals beside the live run. */
export const debriefRuns = (runs: readonly Run[]): Run[] =>
  runs.filter((run) => run.startedAt > 0).sort((a, b) => a.startedAt - b.startedAt);

/**
 * Why a gap ran long: a hold in it (most of the extra time), else the look was
 * marked at the line-up or checked only after its GO was due, else the GO was late.
 */
function gapCause(
  run: Run,
  look: NumberedLook,
  from: number,
  to: number,
  plannedGap: number,
  overMs: number,
  progress: ReadonlyMap<string, Progress>,
  now: number,
): GapCause {
  if (overMs < GAP_SLACK_MS) return '';
  if (heldBetween(run, from, to, now) * 2 >= overMs) return 'hold';
  const steps = progress.get(look.look.id);
  const readyAt = Math.max(
    steps?.lineup?.done ? steps.lineup.at : 0,
    steps?.checked?.done ? steps.checked.at : 0,
  );
  if (readyAt > from + plannedGap && readyAt <= to) return 'look not ready';
  return 'late GO';
}

export function runDebrief(run: Run, runs: readonly Run[], input: DebriefInput): RunDebrief {
  const { show, order, cues, calls, progress, modelsById, now } = input;
  const goAt = new Map<string, number>();
  for (const cue of cues) if (cue.runId === run.id && cue.goAt > 0) goAt.set(cue.lookId, cue.goAt);
  const firstIndex = order.findIndex((entry) => goAt.has(entry.look.id));
  const firstGoAt =
    firstIndex >= 0 ? (goAt.get((order[firstIndex] as NumberedLook).look.id) as number) : 0;
  let planned = 0;
  let previousGo = 0;
  let previousPlannedGap = 0;
  let lastGo = 0;
  let lastPacing = 0;
  const looks = order.map((entry, index): DebriefLook => {
    const isStarted = firstIndex >= 0 && index >= firstIndex;
    const plannedMs = isStarted ? planned : undefined;
    const pacing = secondsAfter(show, entry.look) * 1000;
    if (isStarted) planned += pacing;
    const at = goAt.get(entry.look.id);
    const actualMs = at !== undefined ? at - firstGoAt : undefined;
    let gapMs: number | undefined;
    let overMs: number | undefined;
    let cause: GapCause = '';
    if (at !== undefined && previousGo > 0) {
      gapMs = at - previousGo;
      overMs = gapMs - previousPlannedGap;
      cause = gapCause(run, entry, previousGo, at, previousPlannedGap, overMs, progress, now);
    }
    if (at !== undefined) {
      previousGo = at;
      previousPlannedGap = pacing;
      if (at >= lastGo) {
        lastGo = at;
        lastPacing = pacing;
      }
    }
    return {
      number: entry.number,
      modelName: modelsById.get(entry.look.modelId)?.name.trim() ?? '',
      plannedMs,
      actualMs,
      driftMs: actualMs !== undefined && plannedMs !== undefined ? actualMs - plannedMs : undefined,
      gapMs,
      overMs,
      cause,
    };
  });
  const longestGaps = looks
    .filter((look) => look.cause !== '' && look.gapMs !== undefined && look.overMs !== undefined)
    .sort((a, b) => (b.overMs as number) - (a.overMs as number))
    .slice(0, 5)
    .map((look) => ({
      number: look.number,
      gapMs: look.gapMs as number,
      overMs: look.overMs as number,
      cause: look.cause,
      text: `Look ${look.number}: ${formatDuration(look.gapMs as number)} (+${formatDuration(look.overMs as number)}), ${look.cause}`,
    }));
  const end = run.endedAt > 0 ? run.endedAt : now;
  const runCalls = calls
    .filter((call) => call.issuedAt >= run.startedAt && call.issuedAt <= end)
    .sort((a, b) => a.issuedAt - b.issuedAt)
    .map((call) => ({
      issuedAt: call.issuedAt,
      kind: call.kind,
      text: call.text,
      isAutomatic: Boolean(call.rule),
      ackMs: call.acknowledgedAt > 0 ? Math.max(0, call.acknowledgedAt - call.issuedAt) : undefined,
    }));
  const acks = runCalls
    .flatMap((call) => (call.ackMs === undefined ? [] : [call.ackMs]))
    .sort((a, b) => a - b);
  const isAllOut =
    firstIndex >= 0 && looks.every((look, i) => i < firstIndex || look.actualMs !== undefined);
  return {
    runId: run.id,
    title: runTitle(run, runs),
    kind: run.kind,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    firstGoAt,
    totalMs: firstGoAt > 0 ? lastGo - firstGoAt + (isAllOut ? lastPacing : 0) : 0,
    plannedTotalMs: planned,
    heldMs: runHolds(run).reduce((sum, [start, stop]) => sum + ((stop || end) - start), 0),
    cuedCount: goAt.size,
    looks,
    longestGaps,
    calls: runCalls,
    medianAckMs: acks.length ? acks[Math.floor((acks.length - 1) / 2)] : undefined,
  };
}

/** "+0:12", "−0:05", "0:00". */
export function signed(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (Math.abs(ms) < 1000) return '0:00';
  return ms > 0 ? `+${formatDuration(ms)}` : `−${formatDuration(-ms)}`;
}

const offset = (ms: number | undefined) => (ms === undefined ? '' : formatDuration(ms));

/** One row per look and run: opens in any spreadsheet; cells that would run as formulas are defused. */
export function debriefCsv(debriefs: readonly RunDebrief[]): string {
  const header = [
    'Run',
    'Look',
    'Model',
    'Planned',
    'Actual',
    'Difference (s)',
    'Gap (s)',
    'Over plan (s)',
    'Cause',
  ];
  const seconds = (ms: number | undefined) =>
    ms === undefined ? '' : String(Math.round(ms / 1000));
  const rows = debriefs.flatMap((debrief) =>
    debrief.looks.map((look) => [
      debrief.title,
      String(look.number),
      look.modelName,
      offset(look.plannedMs),
      offset(look.actualMs),
      seconds(look.driftMs),
      seconds(look.gapMs),
      seconds(look.overMs),
      look.cause,
    ]),
  );
  return Papa.unparse(
    { fields: header, data: rows.map((row) => row.map(escapeFormula)) },
    { delimiter: ',', newline: '\r\n', escapeFormulae: false },
  );
}

/** The debrief as JSON: times as ISO strings and milliseconds, notes included. */
export function debriefJson(
  show: Pick<Show, 'title'>,
  debriefs: readonly RunDebrief[],
  notes: readonly Note[],
  shoutOuts: readonly ShoutOutTimelineEntry[] = [],
): string {
  const iso = (at: number) => (at > 0 ? new Date(at).toISOString() : null);
  return JSON.stringify(
    {
      show: show.title,
      runs: debriefs.map((debrief) => ({
        title: debrief.title,
        kind: debrief.kind,
        startedAt: iso(debrief.startedAt),
        endedAt: iso(debrief.endedAt),
        totalMs: debrief.totalMs,
        plannedTotalMs: debrief.plannedTotalMs,
        heldMs: debrief.heldMs,
        looks: debrief.looks,
        longestGaps: debrief.longestGaps,
        calls: debrief.calls.map((call) => ({ ...call, issuedAt: iso(call.issuedAt) })),
        medianAckMs: debrief.medianAckMs ?? null,
      })),
      notes: notes.map((note) => ({ at: iso(note.at), text: note.text })),
      shoutOuts: shoutOuts.map((entry) => ({
        at: iso(entry.at),
        text: entry.text,
        hidden: entry.hidden,
      })),
    },
    null,
    2,
  );
}

/** Debrief notes, oldest first (a debrief reads as the evening went). */
export const debriefNotes = (notes: readonly Note[]): Note[] =>
  notes.filter((note) => note.kind === 'debrief' && note.text.trim()).sort((a, b) => a.at - b.at);

// ——— The chart ———

export interface ChartSeries {
  runId: string;
  title: string;
  kind: Run['kind'];
  /** SVG path of actual GO times (minutes from the first GO) against look number. */
  path: string;
  points: { x: number; y: number; number: number; label: string }[];
}

export interface Chart {
  width: number;
  height: number;
  /** The plan: a straight-ish dashed line at the planned pacing. */
  plannedPath: string;
  series: ChartSeries[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  plot: { left: number; top: number; right: number; bottom: number };
}

/**
 * Planned against actual for each run, one line per run on shared axes: x is the
 * look number, y minutes from the run's first GO. A line above the plan is behind.
 */
export function debriefChart(debriefs: readonly RunDebrief[], width = 640, height = 360): Chart {
  const plot = { left: 56, top: 16, right: width - 16, bottom: height - 40 };
  const count = Math.max(1, ...debriefs.map((d) => d.looks.length));
  const maxMs = Math.max(
    60_000,
    ...debriefs.flatMap((d) =>
      d.looks.flatMap((look) => [look.actualMs ?? 0, look.plannedMs ?? 0]),
    ),
  );
  const rawMinutes = Math.ceil(maxMs / 60_000);
  const yStep = rawMinutes <= 6 ? 1 : rawMinutes <= 30 ? 5 : rawMinutes <= 90 ? 15 : 30;
  // The axis ends on a labelled tick.
  const minutes = Math.ceil(rawMinutes / yStep) * yStep;
  const x = (number: number) =>
    plot.left + ((number - 1) / Math.max(1, count - 1)) * (plot.right - plot.left);
  const y = (ms: number) => plot.bottom - (ms / (minutes * 60_000)) * (plot.bottom - plot.top);
  const line = (points: { x: number; y: number }[]) =>
    points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const reference = debriefs.find((d) => d.looks.some((look) => look.plannedMs !== undefined));
  const plannedPath = reference
    ? line(
        reference.looks.flatMap((look) =>
          look.plannedMs === undefined ? [] : [{ x: x(look.number), y: y(look.plannedMs) }],
        ),
      )
    : '';
  const series = debriefs.map((d) => {
    const points = d.looks.flatMap((look) =>
      look.actualMs === undefined
        ? []
        : [
            {
              x: x(look.number),
              y: y(look.actualMs),
              number: look.number,
              label: `${d.title}, look ${look.number}: ${formatDuration(look.actualMs)} (${signed(look.driftMs)})`,
            },
          ],
    );
    return { runId: d.runId, title: d.title, kind: d.kind, path: line(points), points };
  });
  const xStep = count <= 12 ? 1 : count <= 40 ? 5 : count <= 120 ? 10 : 50;
  const xTicks = [
    1,
    ...Array.from({ length: Math.floor(count / xStep) }, (_, i) => (i + 1) * xStep),
  ]
    .filter((n, i, all) => n <= count && all.indexOf(n) === i)
    .map((n) => ({ x: x(n), label: String(n) }));
  const yTicks = Array.from({ length: Math.floor(minutes / yStep) + 1 }, (_, i) => i * yStep).map(
    (m) => ({
      y: y(m * 60_000),
      label: `${m} min`,
    }),
  );
  return { width, height, plannedPath, series, xTicks, yTicks, plot };
}

/**
 * The print table in side-by-side columns of at most `maxRows` looks, so that a long
 * running order still fits its A4 page (rows shrink as columns are added, see the CSS).
 */
export function printColumns<T>(rows: readonly T[], maxRows = 45): T[][] {
  if (rows.length === 0) return [];
  const count = Math.ceil(rows.length / maxRows);
  const size = Math.ceil(rows.length / count);
  return Array.from({ length: count }, (_, i) => rows.slice(i * size, (i + 1) * size));
}
