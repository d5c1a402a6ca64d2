import { describe, expect, it } from 'vitest';
import { composeCall } from './calls';
import { contentView, photoCallFor, shotMark, type ShotMark } from './content-view';
import { cueId, showPosition } from './cues';
import type { LookId, ModelId, RunId, SiteId } from './ids';
import type { Cue, Progress, StepState } from './model';
import { walkingOrder } from './running-order';
import { makeLook, makeModel } from './test-factories';

// A small show: six looks, five models; Amara walks looks 1 and 6 (a long way apart).
const tablet = 'tablet' as SiteId;
const run = 'r-live' as RunId;
const NOW = 1_800_000_000_000;
const names = ['Amara', 'Lina', 'Mei', 'Sofia', 'Zara'] as const;
const modelId = (name: string) => `m-${name.toLowerCase()}` as ModelId;
const lookId = (n: number) => `l-${n}` as LookId;
const models = names.map((name) =>
  makeModel({ id: modelId(name), name, checkedInAt: NOW - 3_600_000 }),
);
const walkers = ['Amara', 'Lina', 'Mei', 'Sofia', 'Zara', 'Amara'];
const looks = walkers.map((name, i) =>
  makeLook({ id: lookId(i + 1), rank: `a${i}`, modelId: modelId(name) }),
);
const order = walkingOrder(looks);
const show = { pacingSeconds: 45 };

const done: StepState = { done: true, at: NOW, by: tablet };
/** Everyone made up, and dressed for every look. */
const allReady = (): Map<string, Progress> =>
  new Map<string, Progress>([
    ...models.map((m): [string, Progress] => [m.id, { id: m.id, hair: done, makeup: done }]),
    ...looks.map((l): [string, Progress] => [l.id, { id: l.id, dressed: done }]),
  ]);
const cued = (...numbers: number[]): Cue[] =>
  numbers.map((n, i) => ({
    id: cueId(run, lookId(n)),
    runId: run,
    lookId: lookId(n),
    goAt: NOW + i * 45_000,
    by: tablet,
  }));
const noMarks = new Map<string, ShotMark>();
const statuses = (view: ReturnType<typeof contentView>) =>
  Object.fromEntries([...view.free, ...view.notFree].map((e) => [e.model.name, e.status]));

describe('the content view', () => {
  it('before the show, with a lookahead of 3, only models walking 4th or later are free', () => {
    const view = contentView(
      show,
      order,
      showPosition(order, [], undefined),
      models,
      allReady(),
      noMarks,
      3,
    );
    expect(view.free.map((e) => e.model.name)).toEqual(['Sofia', 'Zara']);
    expect(statuses(view)).toMatchObject({ Amara: 'soon', Lina: 'soon', Mei: 'soon' });
    expect(view.free[0]).toMatchObject({ looksAway: 3, secondsAway: 135 });
  });

  it('keeps the model on the runway and the one at the line-up, and frees Amara between her looks', () => {
    const progress = allReady();
    progress.set(lookId(3), { id: lookId(3), dressed: done, lineup: done });
    // Look 1 (Amara) went out, look 2 (Lina) is on the runway now.
    const view = contentView(
      show,
      order,
      showPosition(order, cued(1, 2), run),
      models,
      progress,
      noMarks,
      2,
    );
    expect(statuses(view)).toEqual({
      Amara: 'free',
      Lina: 'walking',
      Mei: 'walking',
      Sofia: 'soon',
      Zara: 'free',
    });
    expect(view.free.map((e) => [e.model.name, e.looksAway])).toEqual([
      ['Zara', 2],
      ['Amara', 3],
    ]);
    expect(view.free.find((e) => e.model.name === 'Amara')?.look?.number).toBe(6);
  });

  it('a line-up left over from the rehearsal (walked too) does not count as waiting at the line-up', () => {
    const progress = allReady();
    progress.set(lookId(5), { id: lookId(5), dressed: done, lineup: done, walked: done });
    const view = contentView(
      show,
      order,
      showPosition(order, [], undefined),
      models,
      progress,
      noMarks,
      3,
    );
    expect(statuses(view).Zara).toBe('free');
  });

  it('says what a model still needs, and leaves out models not checked in', () => {
    const progress = allReady();
    progress.set(modelId('Sofia'), { id: modelId('Sofia'), hair: done });
    progress.set(lookId(5), { id: lookId(5) });
    const absent = models.map((m) => (m.name === 'Lina' ? { ...m, checkedInAt: 0 } : m));
    const view = contentView(
      show,
      order,
      showPosition(order, [], undefined),
      absent,
      progress,
      noMarks,
      1,
    );
    expect(view.free.map((e) => e.model.name)).toEqual(['Mei']);
    expect(view.notFree.map((e) => [e.model.name, e.status, e.missing])).toEqual([
      ['Amara', 'soon', []],
      ['Lina', 'absent', []],
      ['Sofia', 'preparing', ['Makeup']],
      ['Zara', 'preparing', ['Dressed']],
    ]);
  });

  it('a model just off the runway who walks again within the lookahead (a quick change) is not free', () => {
    // Amara walks looks 1 and 6; with 5 looks kept clear, after look 1 her look 6 is 4 away.
    const view = contentView(
      show,
      order,
      showPosition(order, cued(1, 2), run),
      models,
      allReady(),
      noMarks,
    );
    expect(view.notFree.find((e) => e.model.name === 'Amara')).toMatchObject({
      status: 'soon',
      looksAway: 3,
      secondsAway: 135,
    });
  });

  it('takes dressing from the next look, not from the look just walked', () => {
    const progress = allReady();
    progress.set(lookId(6), { id: lookId(6) });
    const view = contentView(
      show,
      order,
      showPosition(order, cued(1, 2), run),
      models,
      progress,
      noMarks,
      1,
    );
    expect(view.notFree.find((e) => e.model.name === 'Amara')).toMatchObject({
      status: 'preparing',
      missing: ['Dressed'],
      look: { number: 6 },
    });
  });

  it('a model who has walked all their looks is free in their last look', () => {
    const view = contentView(
      show,
      order,
      showPosition(order, cued(1, 2, 3, 4), run),
      models,
      allReady(),
      noMarks,
      2,
    );
    const mei = view.free.find((e) => e.model.name === 'Mei');
    expect(mei).toMatchObject({ looksAway: undefined, secondsAway: undefined });
    expect(mei?.look?.number).toBe(3);
  });

  it('puts models already shot (model and look) after the ones still to shoot, and shows each mark', () => {
    const marks = new Map<string, ShotMark>([
      [modelId('Sofia'), shotMark(modelId('Sofia'), true, NOW, tablet)],
      [lookId(4), shotMark(lookId(4), true, NOW, tablet)],
      [modelId('Zara'), shotMark(modelId('Zara'), true, NOW, tablet)],
    ]);
    const view = contentView(
      show,
      order,
      showPosition(order, [], undefined),
      models,
      allReady(),
      marks,
      3,
    );
    expect(view.free.map((e) => [e.model.name, e.isModelShot, e.isLookShot])).toEqual([
      ['Zara', true, false],
      ['Sofia', true, true],
    ]);
  });

  it('an undone mark counts as not shot', () => {
    const marks = new Map<string, ShotMark>([
      [modelId('Zara'), shotMark(modelId('Zara'), false, NOW, tablet)],
    ]);
    const view = contentView(
      show,
      order,
      showPosition(order, [], undefined),
      models,
      allReady(),
      marks,
      3,
    );
    expect(view.free.find((e) => e.model.name === 'Zara')?.isModelShot).toBe(false);
  });
});

describe('the photo call', () => {
  it('asks the picked free models to the content corner, in the words of any call', () => {
    const view = contentView(
      show,
      order,
      showPosition(order, [], undefined),
      models,
      allReady(),
      noMarks,
      3,
    );
    expect(composeCall(photoCallFor(view.free))).toEqual({
      kind: 'photo',
      text: 'Photo call: Sofia and Zara — the content corner',
      target: { kind: 'models', modelIds: [modelId('Sofia'), modelId('Zara')] },
      priority: 'normal',
    });
  });
});
