import { generateNKeysBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { makeLook, makeModel } from '../../domain/test-factories';
import { composeCall } from '../../domain/calls';
import { cueId, showPosition, type Position } from '../../domain/cues';
import type { CallId, LookId, ModelId, NoteId, RunId, SiteId } from '../../domain/ids';
import type { Call, Cue, Look, Model, Note, Progress, Run, Step } from '../../domain/model';
import { walkingOrder, type NumberedLook } from '../../domain/running-order';
import { showTimeAt } from '../../domain/show-time';
import { ageText, modelCountdowns, wallCalls, wallHeadline, wallNotes, wallRows } from './wall';

const site = 'site-a' as SiteId;
const run: Run = { id: 'r-1' as RunId, kind: 'rehearsal', startedAt: 1, endedAt: 0 };

const model = (key: string, name: string): Model =>
  makeModel({
    id: `m-${key}` as ModelId,
    name,
    station: '',
  });

const amara = model('amara', 'Amara Okafor');
const lina = model('lina', 'Lina Sørensen');
const mei = model('mei', 'Mei Tanaka');
const olivia = model('olivia', 'Olivia Brooks');
const modelsById = new Map([amara, lina, mei, olivia].map((m) => [m.id, m]));

/** Looks in order, one per model given, with sections. */
function looks(...rows: [Model, string][]): Look[] {
  const ranks = generateNKeysBetween(null, null, rows.length);
  return rows.map(([who, section], i) =>
    makeLook({
      id: `l-${i + 1}` as LookId,
      rank: ranks[i] as string,
      modelId: who.id,
      section,
      outfit: `Outfit ${i + 1}`,
    }),
  );
}

const show = walkingOrder(
  looks(
    [amara, 'Opening'],
    [lina, 'Opening'],
    [mei, 'Day'],
    [olivia, 'Day'],
    [amara, 'Day'],
    [lina, 'Finale'],
  ),
);

/** The position after GO on the first `count` looks. */
function afterGos(order: readonly NumberedLook[], count: number): Position {
  const cues: Cue[] = order.slice(0, count).map((entry, i) => ({
    id: cueId(run.id, entry.look.id),
    runId: run.id,
    lookId: entry.look.id,
    goAt: 1000 * (i + 1),
    by: site,
  }));
  return showPosition(order, cues, run.id);
}

function progressOf(entries: [id: string, steps: Step[]][]): Map<string, Progress> {
  return new Map(
    entries.map(([id, steps]) => [
      id,
      {
        id: id as ModelId,
        ...Object.fromEntries(steps.map((step) => [step, { done: true, at: 1, by: site }])),
      } as Progress,
    ]),
  );
}

describe('wallRows', () => {
  it('numbers looks, names models and says what each look still needs', () => {
    const progress = progressOf([
      [amara.id, ['hair']],
      ['l-1', ['dressed', 'checked']],
      [lina.id, ['hair', 'makeup']],
      ['l-2', ['dressed', 'checked']],
    ]);
    const rows = wallRows(show, modelsById, progress, afterGos(show, 0));
    expect(rows.map((r) => [r.number, r.modelName, r.readinessText])).toEqual([
      [1, 'Amara Okafor', 'Needs Makeup'],
      [2, 'Lina Sørensen', 'Ready'],
      [3, 'Mei Tanaka', 'Not started'],
      [4, 'Olivia Brooks', 'Not started'],
      [5, 'Amara Okafor', 'Needs Makeup +2'],
      [6, 'Lina Sørensen', 'Needs Dressed +1'],
    ]);
  });

  it('marks the look walking now and the next, and counts looks until each', () => {
    const rows = wallRows(show, modelsById, new Map(), afterGos(show, 2));
    expect(rows.map((r) => r.when)).toEqual([
      'Back in 2 looks',
      'Walking now',
      'Next',
      'Up in 1 look',
      'Up in 2 looks',
      'Up in 3 looks',
    ]);
    expect(rows.map((r) => [r.hasGone, r.isNow, r.isNext])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
      [false, false, false],
      [false, false, false],
      [false, false, false],
    ]);
  });

  it('has a short when for a narrow column: Now, Next, 2 looks', () => {
    const rows = wallRows(show, modelsById, new Map(), afterGos(show, 3));
    expect(rows.slice(2, 6).map((r) => r.whenShort)).toEqual(['Now', 'Next', '1 look', '2 looks']);
  });

  it('shows no readiness chip on the look walking now: it is walking, not walked', () => {
    const rows = wallRows(show, modelsById, progressOf([['l-3', ['walked']]]), afterGos(show, 3));
    expect(rows[2]).toMatchObject({ isNow: true, when: 'Walking now', readinessText: '' });
  });

  it('says Done on a gone look once its model walks no more', () => {
    const rows = wallRows(show, modelsById, new Map(), afterGos(show, 4));
    expect(rows.slice(0, 4).map((r) => r.when)).toEqual([
      'Back next',
      'Back in 1 look',
      'Done',
      'Walking now',
    ]);
  });

  it('ignores a walked step left over from an earlier run for a look still to come', () => {
    const progress = progressOf([['l-3', ['walked', 'dressed']]]);
    const before = wallRows(show, modelsById, progress, afterGos(show, 0));
    expect(before[2]?.readiness.state).toBe('in-progress');
    const gone = wallRows(show, modelsById, progressOf([['l-1', ['walked']]]), afterGos(show, 2));
    expect(gone[0]?.readinessText).toBe('Walked');
  });

  it('names a look with no model plainly', () => {
    const order = walkingOrder(looks([model('ghost', ''), 'Opening']));
    expect(wallRows(order, modelsById, new Map(), afterGos(order, 0))[0]?.modelName).toBe(
      'No model yet',
    );
  });
});

describe('modelCountdowns', () => {
  it('tells every model walking now, next, up in N looks, or done', () => {
    const countdowns = modelCountdowns(show, modelsById, afterGos(show, 3));
    expect(countdowns.map((c) => [c.name, c.text])).toEqual([
      ['Amara Okafor', 'Up in 1 look'],
      ['Lina Sørensen', 'Up in 2 looks'],
      ['Mei Tanaka', 'Walking now'],
      ['Olivia Brooks', 'Next'],
    ]);
    const end = modelCountdowns(show, modelsById, afterGos(show, 6));
    expect(end.map((c) => c.state)).toEqual(['done', 'walking', 'done', 'done']);
  });
});

describe('wallHeadline', () => {
  const curtain = showTimeAt('2027-03-01', '19:30') as number;
  const base = { curtain, run: undefined, lookCount: 6, nextName: 'Amara Okafor' };

  it('counts down to the planned curtain', () => {
    const headline = wallHeadline({
      ...base,
      now: curtain - (62 * 60 + 5) * 1000,
      position: afterGos(show, 0),
    });
    expect(headline).toMatchObject({
      kind: 'countdown',
      label: 'Curtain in',
      text: '1:02:05',
      detail: 'Curtain at 19:30',
    });
  });

  it('says how late the curtain is when no look has gone past its time', () => {
    const headline = wallHeadline({ ...base, now: curtain + 125_000, position: afterGos(show, 0) });
    expect(headline).toMatchObject({ kind: 'late', label: 'Curtain is late by', text: '2:05' });
  });

  it('shows the live position once looks go out', () => {
    const position = afterGos(show, 3);
    const live = wallHeadline({
      ...base,
      run: { ...run, kind: 'live' },
      now: curtain + 60_000,
      position,
      nextName: 'Olivia Brooks',
    });
    expect(live).toEqual({
      kind: 'live',
      label: 'Live',
      text: 'Look 3',
      detail: 'Next: look 4, Olivia Brooks',
      aside: '',
    });
    const rehearsal = wallHeadline({
      ...base,
      run,
      now: curtain - 3600_000,
      position,
      nextName: 'Olivia Brooks',
    });
    expect(rehearsal.label).toBe('Rehearsal');
    expect(rehearsal.detail).toBe('Next: look 4, Olivia Brooks');
    expect(rehearsal.aside).toBe('Curtain in 1:00:00');
  });

  it('says when every look has walked', () => {
    expect(wallHeadline({ ...base, run, now: curtain, position: afterGos(show, 6) })).toMatchObject(
      { kind: 'finished', text: 'All looks have walked' },
    );
  });

  it('says so when no curtain time is set', () => {
    expect(
      wallHeadline({ ...base, curtain: undefined, now: 0, position: afterGos(show, 0) }),
    ).toMatchObject({ kind: 'unset', text: 'Time not set' });
  });
});

describe('calls and notes', () => {
  const call = (
    id: string,
    template: Parameters<typeof composeCall>[0],
    issuedAt: number,
  ): Call => ({
    id: id as CallId,
    ...composeCall(template),
    issuedAt,
    issuedBy: site,
    acknowledgedAt: 0,
    acknowledgedBy: '',
    clearedAt: 0,
  });

  it('shows each call with its kind, priority and age', () => {
    const calls = [
      call('c-1', { kind: 'lineup', from: 12, to: 18 }, 0),
      call('c-2', { kind: 'briefing', minutes: 15, place: '' }, 170_000),
    ];
    expect(wallCalls(calls, 185_000)).toEqual([
      {
        id: 'c-1',
        kindLabel: 'Line-up',
        text: 'Looks 12–18 to the line-up now',
        isUrgent: true,
        age: '3 min ago',
        isNew: true,
        pulses: 0,
        issuedAt: 0,
      },
      {
        id: 'c-2',
        kindLabel: 'Briefing',
        text: 'Briefing in 15 min, everyone',
        isUrgent: false,
        age: 'just now',
        isNew: true,
        pulses: 0,
        issuedAt: 170_000,
      },
    ]);
  });

  it('highlights a call until acknowledged and pulses a new one', () => {
    const fresh = { ...call('c-3', { kind: 'lineup', from: 7, to: 7 }, 100_000), rule: 'lineup' };
    const [view] = wallCalls([fresh], 102_000);
    expect(view).toMatchObject({ isNew: true, pulses: 3 });
    expect(wallCalls([{ ...fresh, acknowledgedAt: 101_000 }], 102_000)[0]?.isNew).toBe(false);
  });

  it('words ages for a glance', () => {
    expect([
      ageText(1000, 0),
      ageText(0, 59_999),
      ageText(0, 60_000),
      ageText(0, 65 * 60_000),
    ]).toEqual(['just now', 'just now', '1 min ago', '1 h 5 min ago']);
  });

  it('labels pinned notes by kind and drops blank ones', () => {
    const note = (id: string, kind: Note['kind'], text: string): Note => ({
      id: id as NoteId,
      kind,
      text,
      at: 0,
      by: site,
      pinned: true,
    });
    expect(
      wallNotes([
        note('n-1', 'briefing', ' No phones in the line-up. '),
        note('n-2', 'announcement', '  '),
      ]),
    ).toEqual([{ id: 'n-1', kindLabel: 'Briefing', text: 'No phones in the line-up.' }]);
  });
});
