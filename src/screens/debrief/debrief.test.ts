import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cueId } from '../../domain/cues';
import type { CallId, LookId, ModelId, NoteId, RunId, SiteId } from '../../domain/ids';
import type { Cue, Note, Progress, Run } from '../../domain/model';
import { walkingOrder } from '../../domain/running-order';
import { makeCall, makeLook, makeModel } from '../../domain/test-factories';
import {
  debriefChart,
  debriefCsv,
  debriefJson,
  debriefNotes,
  debriefRuns,
  printColumns,
  runDebrief,
  type DebriefInput,
} from './debrief';

// Five looks at 60 s. The rehearsal went to plan; the live run had a hold before
// look 3, look 4 reached the line-up late, and look 5's GO was simply late.
const looks = ['amara', 'lina', 'mei', 'zara', '=cmd|calc'].map((model, i) =>
  makeLook({ id: `l${i + 1}` as LookId, rank: `a${i}`, modelId: model as ModelId }),
);
const order = walkingOrder(looks);
const models = new Map(
  ['amara', 'lina', 'mei', 'zara', '=cmd|calc'].map((id) => [
    id as ModelId,
    makeModel({ id: id as ModelId, name: id === 'amara' ? 'Amara Okafor' : id }),
  ]),
);
const T = 1_800_000_000_000;
const rehearsal: Run = {
  id: 'r-reh' as RunId,
  kind: 'rehearsal',
  startedAt: T,
  endedAt: T + 400_000,
  holds: [],
};
const live: Run = {
  id: 'r-live' as RunId,
  kind: 'live',
  startedAt: T + 3_600_000,
  endedAt: T + 4_200_000,
  holds: [[T + 3_600_000 + 70_000, T + 3_600_000 + 130_000]],
};
const cue = (run: Run, n: number, at: number): Cue => ({
  id: cueId(run.id, `l${n}` as LookId),
  runId: run.id,
  lookId: `l${n}` as LookId,
  goAt: at,
  by: 's' as SiteId,
});
const L = live.startedAt;
const cues = [
  ...[0, 1, 2, 3, 4].map((i) => cue(rehearsal, i + 1, T + i * 60_000)),
  cue(live, 1, L),
  cue(live, 2, L + 60_000),
  cue(live, 3, L + 180_000), // +60 s: held 60 s
  cue(live, 4, L + 300_000), // +60 s: at the line-up only at L+290 s
  cue(live, 5, L + 400_000), // +40 s: nobody's fault but the GO
];
const progress = new Map<string, Progress>([
  ['l4', { id: 'l4' as LookId, lineup: { done: true, at: L + 290_000, by: 's' as SiteId } }],
]);
const calls = [
  makeCall({
    id: 'c-1' as CallId,
    text: 'Look 4 to the line-up now',
    issuedAt: L + 60_000,
    acknowledgedAt: L + 72_000,
    rule: 'lineup',
  }),
  makeCall({
    id: 'c-2' as CallId,
    text: 'Touch-up: Mei',
    issuedAt: L + 100_000,
    acknowledgedAt: L + 130_000,
  }),
  makeCall({ id: 'c-3' as CallId, text: 'Not acknowledged', issuedAt: L + 200_000 }),
  makeCall({ id: 'c-old' as CallId, text: 'Rehearsal call', issuedAt: T + 10 }),
];
const input: DebriefInput = {
  show: { pacingSeconds: 60, title: 'SS27' },
  order,
  cues,
  calls,
  progress,
  modelsById: models,
  now: L + 500_000,
};
const runs = [live, rehearsal];

describe('debrief of a run', () => {
  const debrief = runDebrief(live, runs, input);

  it('compares planned and actual for every look, from the first GO', () => {
    expect(debrief.looks.map((l) => [l.number, l.plannedMs, l.actualMs, l.driftMs])).toEqual([
      [1, 0, 0, 0],
      [2, 60_000, 60_000, 0],
      [3, 120_000, 180_000, 60_000],
      [4, 180_000, 300_000, 120_000],
      [5, 240_000, 400_000, 160_000],
    ]);
    expect(debrief.totalMs).toBe(460_000); // last GO + its 60 s walk
    expect(debrief.plannedTotalMs).toBe(300_000);
    expect(debrief.heldMs).toBe(60_000);
  });

  it('names the longest gaps and where they came from', () => {
    expect(debrief.longestGaps.map((g) => g.text)).toEqual([
      'Look 3: 2:00 (+1:00), hold',
      'Look 4: 2:00 (+1:00), look not ready',
      'Look 5: 1:40 (+0:40), late GO',
    ]);
  });

  it('lists the calls of the run with the time each took to be acknowledged', () => {
    expect(debrief.calls.map((c) => [c.text, c.isAutomatic, c.ackMs])).toEqual([
      ['Look 4 to the line-up now', true, 12_000],
      ['Touch-up: Mei', false, 30_000],
      ['Not acknowledged', false, undefined],
    ]);
    expect(debrief.medianAckMs).toBe(12_000);
  });

  it('titles runs by kind, rehearsals first beside the live run', () => {
    expect(debriefRuns(runs).map((r) => runDebrief(r, runs, input).title)).toEqual([
      'Rehearsal',
      'Live show',
    ]);
  });
});

describe('debrief exports and chart', () => {
  const debriefs = debriefRuns(runs).map((r) => runDebrief(r, runs, input));

  it('writes a CSV a spreadsheet reads back, with formulas defused', () => {
    const parsed = Papa.parse<string[]>(debriefCsv(debriefs), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toEqual([
      'Run',
      'Look',
      'Model',
      'Planned',
      'Actual',
      'Difference (s)',
      'Gap (s)',
      'Over plan (s)',
      'Cause',
    ]);
    expect(parsed.data).toHaveLength(11);
    expect(parsed.data[9]).toEqual([
      'Live show',
      '4',
      'zara',
      '3:00',
      '5:00',
      '120',
      '120',
      '60',
      'look not ready',
    ]);
    expect(parsed.data[10]?.[2]).toBe("'=cmd|calc");
  });

  it('writes JSON with the runs, their calls and the debrief notes', () => {
    const notes: Note[] = [
      {
        id: 'n-1' as NoteId,
        kind: 'debrief',
        text: 'Finale lights late',
        at: L + 700_000,
        by: 's' as SiteId,
        pinned: false,
      },
    ];
    const json = JSON.parse(debriefJson({ title: 'SS27' }, debriefs, debriefNotes(notes)));
    expect(json.runs.map((r: { title: string }) => r.title)).toEqual(['Rehearsal', 'Live show']);
    expect(json.runs[1].calls[0].ackMs).toBe(12_000);
    expect(json.notes[0].text).toBe('Finale lights late');
  });

  it('draws one line per run on shared axes, the live run above the plan where it fell behind', () => {
    const chart = debriefChart(debriefs, 640, 360);
    expect(chart.series.map((s) => s.points.length)).toEqual([5, 5]);
    const [reh, liveSeries] = chart.series;
    // Same look, later time: higher on the chart (smaller y).
    expect(liveSeries!.points[4]!.y).toBeLessThan(reh!.points[4]!.y);
    expect(chart.plannedPath.startsWith('M56.0,320.0')).toBe(true);
    expect(chart.xTicks.map((t) => t.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0 min', '5 min', '10 min']);
  });
});

describe('print columns', () => {
  it('keeps a short running order in one column and spreads a long one evenly', () => {
    expect(printColumns([1, 2, 3])).toEqual([[1, 2, 3]]);
    const long = Array.from({ length: 300 }, (_, i) => i);
    expect(printColumns(long).map((c) => c.length)).toEqual([43, 43, 43, 43, 43, 43, 42]);
  });
});
