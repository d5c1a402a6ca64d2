import { describe, expect, it } from 'vitest';
import {
  autoCallRow,
  callsToIssue,
  currentScope,
  dueNext,
  expiredCalls,
  plannedAutoCalls,
  silenceKey,
  STALE_MS,
  type AutoCall,
  type RuleInput,
} from './auto-calls';
import { rowChanges } from './changes';
import { cueId, showPosition } from './cues';
import { defaultShow, toEntity } from './defaults';
import { encodeHlc } from './hlc';
import type { LookId, ModelId, RunId, ShowId, SiteId } from './ids';
import { applyOp, type StoredRow } from './merge';
import type { Call, Cue, Model, Run, Show } from './model';
import { quickChanges, walkingOrder } from './running-order';
import { makeLook, makeModel } from './test-factories';

/** A clock that moves only when told (domain tests may not import src/clock). */
class FakeClock {
  constructor(private time: number) {}
  now = () => this.time;
  set = (time: number) => void (this.time = time);
  advance = (ms: number) => void (this.time += ms);
}

// Ten looks at 60 s pacing. Amara walks looks 1 and 3 (a quick change: one look
// between), Lina walks 2 and 9, the others once. The curtain is at 20:00.
const curtain = new Date(2027, 2, 1, 20, 0).getTime();
const models: Model[] = ['amara', 'lina', 'mei', 'zara', 'ines', 'noor', 'ruth', 'sade'].map((id) =>
  makeModel({ id: id as ModelId, name: id[0]!.toUpperCase() + id.slice(1) }),
);
const walkers = ['amara', 'lina', 'amara', 'mei', 'zara', 'ines', 'noor', 'ruth', 'lina', 'sade'];
const looks = walkers.map((modelId, i) =>
  makeLook({
    id: `l${i + 1}` as LookId,
    rank: `a${i}`,
    modelId: modelId as ModelId,
    dresser: i === 2 ? 'Ana' : '',
  }),
);
const order = walkingOrder(looks);
const runId = 'r-1' as RunId;
const run: Run = { id: runId, kind: 'live', startedAt: curtain, endedAt: 0, holds: [] };

function showWith(fields: Partial<Show>): Show {
  return {
    ...defaultShow('s1' as ShowId),
    pacingSeconds: 60,
    date: '2027-03-01',
    curtainTime: '20:00',
    briefingTime: '19:30',
    phase: 'live',
    ...fields,
  };
}

const cue = (n: number, goAt: number): Cue => ({
  id: cueId(runId, `l${n}` as LookId),
  runId,
  lookId: `l${n}` as LookId,
  goAt,
  by: 's' as SiteId,
});
/** Looks 1..n went out on the minute from the curtain. */
const wentOut = (n: number): Cue[] =>
  Array.from({ length: n }, (_, i) => cue(i + 1, curtain + i * 60_000));

function input(show: Show, cues: Cue[], now: number, withRun: Run | null = run): RuleInput {
  const theRun = withRun ?? undefined;
  return {
    show,
    order,
    cues,
    run: theRun,
    position: showPosition(order, cues, theRun?.id),
    quickChanges: quickChanges(show, looks),
    modelsById: new Map(models.map((m) => [m.id, m])),
    now,
  };
}

/** One kiosk running the rules: what it has written so far, by id. */
class Kiosk {
  readonly written = new Map<string, AutoCall>();
  constructor(readonly delayMs = 0) {}
  run(
    show: Show,
    cues: Cue[],
    now: number,
    seen: ReadonlySet<string> = new Set(),
    withRun: Run | null = run,
  ): AutoCall[] {
    const existing = new Set([...this.written.keys(), ...seen]);
    const issued = callsToIssue(
      plannedAutoCalls(input(show, cues, now, withRun)),
      existing,
      now,
      this.delayMs,
    );
    for (const call of issued) this.written.set(call.id, call);
    return issued;
  }
}

describe('line-up calls', () => {
  const show = showWith({ autoLineup: true, lineupLooksBefore: 6 });

  it('calls look 7 to the line-up when look 1 goes, once, with a fake clock', () => {
    const clock = new FakeClock(curtain - 1000);
    const kiosk = new Kiosk();
    expect(kiosk.run(show, [], clock.now())).toEqual([]);
    clock.set(curtain + 200);
    const [call, ...more] = kiosk.run(show, wentOut(1), clock.now());
    expect(more).toEqual([]);
    expect(call?.text).toBe('Look 7 to the line-up — Noor');
    expect(call?.target).toEqual({ kind: 'looks', from: 7, to: 7 });
    expect(call?.dueAt).toBe(curtain);
    clock.advance(500);
    expect(kiosk.run(show, wentOut(1), clock.now())).toEqual([]);
    clock.set(curtain + 60_100);
    expect(kiosk.run(show, wentOut(2), clock.now()).map((c) => c.text)).toEqual([
      'Look 8 to the line-up — Ruth',
    ]);
  });

  it('is not issued again after a reload: the call is found among the stored calls by its id', () => {
    const before = new Kiosk();
    const [call] = before.run(show, wentOut(1), curtain + 100);
    const reloaded = new Kiosk(); // nothing in memory: only the database survived
    expect(reloaded.run(show, wentOut(1), curtain + 5000, new Set([call!.id]))).toEqual([]);
  });

  it('makes one call when two kiosks generate it at the same moment', () => {
    const alice = new Kiosk();
    const bob = new Kiosk();
    const [a] = alice.run(show, wentOut(1), curtain + 50);
    const [b] = bob.run(show, wentOut(1), curtain + 50);
    expect(a?.id).toBe(b?.id);
    // Both write their row; merged by last-writer-wins per field, in either order, they are one call.
    const rowOf = (call: AutoCall, site: string, counter: number) =>
      rowChanges('calls', {
        ...toEntity('calls', { id: call.id }),
        ...autoCallRow(call, site),
      } as Call).reduce<StoredRow | undefined>(
        (row, change) =>
          applyOp(row, { ...change, hlc: encodeHlc(curtain + 50, counter, site as SiteId) }) ?? row,
        undefined,
      ) as StoredRow;
    const ab = [rowOf(a!, 'alice', 1), rowOf(b!, 'bob', 1)];
    const merge = (rows: StoredRow[]) =>
      rows.reduce<StoredRow | undefined>((acc, row) => {
        let merged = acc;
        for (const field of Object.keys(row._clocks))
          merged =
            applyOp(merged, {
              key: row.id,
              field,
              value: row[field] as never,
              hlc: row._clocks[field]!,
            }) ?? merged;
        return merged;
      }, undefined)!;
    const one = merge(ab);
    const other = merge([...ab].reverse());
    expect(one.id).toBe(other.id);
    expect({ ...one, _clocks: {} }).toEqual({ ...other, _clocks: {} });
    expect(one.text).toBe('Look 7 to the line-up — Noor');
    expect(one.issuedAt).toBe(curtain);
  });

  it('lets a kiosk that was offline catch up within two minutes, and stay quiet after', () => {
    const late = new Kiosk();
    expect(late.run(show, wentOut(1), curtain + STALE_MS - 1).map((c) => c.text)).toEqual([
      'Look 7 to the line-up — Noor',
    ]);
    expect(new Kiosk().run(show, wentOut(1), curtain + STALE_MS + 1)).toEqual([]);
  });

  it('waits for its turn: a kiosk with a later turn finds the call already made', () => {
    const first = new Kiosk(0);
    const second = new Kiosk(400);
    const made = first.run(show, wentOut(1), curtain + 100);
    expect(second.run(show, wentOut(1), curtain + 100)).toEqual([]);
    expect(second.run(show, wentOut(1), curtain + 500, new Set(made.map((c) => c.id)))).toEqual([]);
  });

  it('is silent when switched off, or silenced for the run', () => {
    expect(new Kiosk().run(showWith({}), wentOut(1), curtain + 100)).toEqual([]);
    const silenced = showWith({ autoLineup: true, autoSilenced: [silenceKey('lineup', runId)] });
    expect(new Kiosk().run(silenced, wentOut(1), curtain + 100)).toEqual([]);
    // ...for that run only.
    const other = showWith({ autoLineup: true, autoSilenced: [silenceKey('lineup', 'r-old')] });
    expect(new Kiosk().run(other, wentOut(1), curtain + 100)).toHaveLength(1);
  });

  it('says what is due next, with the time', () => {
    const planned = plannedAutoCalls(input(show, wentOut(2), curtain + 61_000));
    const next = dueNext(planned, new Set(), curtain + 61_000, 2);
    expect(next.map((c) => [c.text, c.dueAt])).toEqual([
      ['Look 9 to the line-up — Lina', curtain + 120_000],
      ['Look 10 to the line-up — Sade', curtain + 180_000],
    ]);
  });

  it('follows the tuned number of looks', () => {
    const [call] = new Kiosk().run(
      showWith({ autoLineup: true, lineupLooksBefore: 3 }),
      wentOut(1),
      curtain + 10,
    );
    expect(call?.text).toBe('Look 4 to the line-up — Mei');
  });
});

describe('curtain and briefing warnings', () => {
  const show = showWith({
    autoCurtainWarnings: true,
    autoBriefingWarnings: true,
    phase: 'rehearsal',
  });

  it('warns at 30, 15, 10 and 5 minutes before the curtain, the last one urgent', () => {
    const kiosk = new Kiosk();
    const texts: string[] = [];
    const clock = new FakeClock(curtain - 40 * 60_000);
    while (clock.now() < curtain) {
      for (const call of kiosk.run(show, [], clock.now(), undefined, null))
        if (call.rule === 'curtain') texts.push(`${call.text} ${call.priority}`);
      clock.advance(10_000);
    }
    expect(texts).toEqual([
      'Curtain in 30 min (20:00) — everyone normal',
      'Curtain in 15 min (20:00) — everyone normal',
      'Curtain in 10 min (20:00) — everyone normal',
      'Curtain in 5 min (20:00) — everyone urgent',
    ]);
  });

  it('warns before the briefing at the same minutes', () => {
    const calls = new Kiosk().run(show, [], curtain - 45 * 60_000, undefined, null);
    expect(calls.map((c) => c.text)).toEqual(['Briefing in 15 min (19:30) — everyone']);
  });

  it('stops warning once the live run has started', () => {
    expect(
      new Kiosk().run(showWith({ autoCurtainWarnings: true }), wentOut(1), curtain - 5 * 60_000),
    ).toEqual([]);
  });

  it('each warning expires when the next one comes, the last at the curtain', () => {
    const planned = plannedAutoCalls(input(show, [], curtain - 3_600_000, null)).filter(
      (c) => c.rule === 'curtain',
    );
    expect(planned.map((c) => (curtain - c.expiresAt) / 60_000)).toEqual([15, 10, 5, 0]);
  });

  it('silences for this curtain time', () => {
    const scope = currentScope('curtain', show, undefined)!;
    const silenced = { ...show, autoSilenced: [silenceKey('curtain', scope)] };
    expect(
      new Kiosk()
        .run(silenced, [], curtain - 5 * 60_000, undefined, null)
        .filter((c) => c.rule === 'curtain'),
    ).toEqual([]);
  });
});

describe('quick-change alerts and touch-up reminders', () => {
  const show = showWith({ autoQuickChange: true, autoTouchUp: true, touchUpLooks: 3 });

  it('alerts the tablets and her dresser when a model in a quick change comes off stage, with the time to her next GO', () => {
    const calls = new Kiosk().run(show, wentOut(1), curtain + 300);
    const alert = calls.find((c) => c.rule === 'quick-change');
    expect(alert?.text).toBe(
      'Quick change: Amara into look 3 — dresser Ana, 2:00 until her GO (20:02)',
    );
    expect(alert?.priority).toBe('urgent');
    expect(alert?.target).toEqual({ kind: 'looks', from: 3, to: 3 });
  });

  it('reminds makeup of a touch-up for a model who walks again within the tuned number of looks', () => {
    const calls = new Kiosk().run(show, wentOut(1), curtain + 300);
    expect(calls.filter((c) => c.rule === 'touch-up').map((c) => c.text)).toEqual([
      'Touch-up: Amara before look 3 — 2 looks, 2:00',
    ]);
    // Lina walks 2 and 9: seven looks apart, no reminder.
    expect(
      new Kiosk()
        .run(show, wentOut(2), curtain + 60_100)
        .filter((c) => c.rule === 'touch-up' && c.text.includes('Lina')),
    ).toEqual([]);
  });

  it('counts a hold into the time left', () => {
    const held: Run = { ...run, holds: [[curtain + 10_000, curtain + 70_000]] };
    const [alert] = callsToIssue(
      plannedAutoCalls({ ...input(show, wentOut(1), curtain + 80_000, held) }).filter(
        (c) => c.rule === 'quick-change',
      ),
      new Set(),
      curtain + 80_000,
    );
    // Look 2 is due at 20:02 (60 s paced + 60 s held), look 3 a minute after.
    expect(alert?.text).toContain('until her GO (20:03)');
  });
});

describe('expiry', () => {
  it('finds active calls past their expiry, and leaves calls without one', () => {
    const call = (fields: Partial<Call>): Call => ({
      ...toEntity('calls', { id: 'c-x' }),
      issuedAt: 1,
      ...fields,
    });
    expect(
      expiredCalls(
        [call({ expiresAt: 100 }), call({ expiresAt: 0 }), call({ expiresAt: 50, clearedAt: 60 })],
        100,
      ),
    ).toHaveLength(1);
  });
});
