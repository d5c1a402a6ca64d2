import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLook, makeModel } from '../../domain/test-factories';
import type { CallId, LookId, ModelId, SiteId } from '../../domain/ids';
import type { Call, Look, Model, Progress, Step } from '../../domain/model';
import { composeCall, type CallTemplate } from '../../domain/calls';
import { quickChanges, runningOrder } from '../../domain/running-order';
import {
  dresserOptions,
  filterCards,
  cardMaker,
  modelCards,
  quickChangeText,
  readyCount,
  stationOptions,
  summaryState,
  summaryText,
  toggleMessage,
  touchUpRequests,
  upInText,
  type MakeupInput,
  type ModelCard,
} from './makeup';

const site = 'site-a' as SiteId;

const model = (id: string, name: string, station = ''): Model =>
  makeModel({
    id: id as ModelId,
    name,
    station,
  });

const look = (id: string, rank: string, modelId: string, fields: Partial<Look> = {}): Look =>
  makeLook({
    id: id as LookId,
    rank,
    modelId: modelId as ModelId,
    outfit: `Outfit ${id}`,
    ...fields,
  });

const progress = (id: string, ...done: Step[]): Progress => ({
  id: id as ModelId,
  ...Object.fromEntries(done.map((step) => [step, { done: true, at: 1000, by: site }])),
});

let callCount = 0;
const call = (template: CallTemplate, fields: Partial<Call> = {}): Call => ({
  id: `c-${++callCount}` as CallId,
  ...composeCall(template),
  issuedAt: 1000 + callCount,
  issuedBy: site,
  acknowledgedAt: 0,
  acknowledgedBy: '',
  clearedAt: 0,
  ...fields,
});

// Amara walks looks 1 and 4, Mei look 2, Zara look 3 (with accessories), Nadia has no look.
const amara = model('m-amara', 'Amara Okafor', 'Chair 1');
const mei = model('m-mei', 'Mei Tanaka', 'Chair 2');
const zara = model('m-zara', 'Zara Haddad', 'Chair 2');
const nadia = model('m-nadia', 'Nadia Petrova', 'Chair 10');
const looks = [
  look('l-1', 'a1', 'm-amara', { dresser: 'Jo' }),
  look('l-2', 'a2', 'm-mei', { dresser: 'Priya' }),
  look('l-3', 'a3', 'm-zara', { dresser: 'Jo', accessories: ['Belt'] }),
  look('l-4', 'a4', 'm-amara', { dresser: 'Priya' }),
  look('l-cut', 'a5', 'm-mei', { cut: true, dresser: 'Marc' }),
];
const show = { pacingSeconds: 45, quickChangeLooks: 4, quickChangeSeconds: 180 };

function input(fields: Partial<MakeupInput> = {}): MakeupInput {
  return {
    models: [mei, nadia, amara, zara],
    order: runningOrder(looks),
    progress: new Map(),
    nextIndex: 0,
    quickChanges: quickChanges(show, looks),
    activeCalls: [],
    ...fields,
  };
}

const card = (cards: ModelCard[], name: string): ModelCard => {
  const found = cards.find((entry) => entry.name === name);
  if (!found) throw new Error(`no card for ${name}`);
  return found;
};

describe('modelCards', () => {
  it('made again after a tap, hands back every other model’s card as the same object', () => {
    const make = cardMaker();
    // The app's order and quick changes are derived once per change of the looks.
    const show = input();
    const meiHair = new Map([['m-mei', progress('m-mei', 'hair')]]);
    const before = make({ ...show, progress: meiHair });
    const again = make({ ...show, progress: new Map(meiHair) });
    expect(again.every((entry, i) => entry === before[i])).toBe(true);
    const after = make({
      ...show,
      progress: new Map([...meiHair, ['l-3', progress('l-3', 'dressed')]]),
    });
    const changed = after.filter((entry) => !before.includes(entry)).map((entry) => entry.name);
    expect(changed).toEqual(['Zara Haddad']);
    // In the changed card, what did not change is the same object too.
    expect(card(after, 'Zara Haddad').steps[0]).toBe(card(before, 'Zara Haddad').steps[0]);
    expect(
      card(after, 'Zara Haddad').looks[0]?.steps.find((step) => step.step === 'dressed')?.isDone,
    ).toBe(true);
    expect(make({ ...show, progress: meiHair, nextIndex: 1 })).not.toContain(
      card(after, 'Mei Tanaka'),
    );
  });

  it('hands out the very same cards when nothing of them changed, and sorts again only when a place may have', () => {
    const make = cardMaker();
    const show = input();
    const before = make(show);
    // Nothing changed: the same array (the screen's later work is skipped).
    expect(make({ ...show, progress: new Map() })).toBe(before);
    // A tap changes Zara's card but not its place: a new array, the same order.
    const tapped = make({ ...show, progress: new Map([['l-3', progress('l-3', 'dressed')]]) });
    expect(tapped).not.toBe(before);
    expect(tapped.map((entry) => entry.name)).toEqual(before.map((entry) => entry.name));
    expect(tapped.filter((entry) => !before.includes(entry)).map((entry) => entry.name)).toEqual([
      'Zara Haddad',
    ]);
    // The show moves on: places change, and the cards are sorted again.
    const moved = make({ ...show, progress: new Map(), nextIndex: 2 });
    expect(moved.map((entry) => entry.name)).toEqual(
      modelCards({ ...show, nextIndex: 2 }).map((entry) => entry.name),
    );
  });

  it('made step by step, always hands out what the cards made afresh would be (property)', () => {
    const steps: Step[] = ['hair', 'makeup', 'dressed'];
    const subjects = ['m-amara', 'm-mei', 'm-zara', 'm-nadia', 'l-1', 'l-2', 'l-3', 'l-4'];
    const change = fc.record({
      tapped: fc.constantFrom(...subjects),
      step: fc.constantFrom(...steps),
      nextIndex: fc.integer({ min: 0, max: 5 }),
      renamed: fc.option(fc.constantFrom('Aaron', 'Zed', 'Mei Tanaka'), { nil: undefined }),
      dropped: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), (changes) => {
        const make = cardMaker();
        const show = input();
        let progressNow = new Map<string, Progress>();
        for (const { tapped, step, nextIndex, renamed, dropped } of changes) {
          progressNow = new Map(progressNow);
          const had = progressNow.get(tapped);
          progressNow.set(tapped, {
            ...progress(tapped),
            ...had,
            [step]: { done: !had?.[step]?.done, at: 1, by: site },
          });
          const models = [mei, nadia, amara, renamed ? { ...zara, name: renamed } : zara].filter(
            (entry) => !(dropped && entry === nadia),
          );
          const now = { ...show, models, progress: progressNow, nextIndex };
          expect(make(now)).toEqual(modelCards(now));
        }
      }),
    );
  });

  it('puts the model who walks soonest first and the one with no look after', () => {
    expect(modelCards(input()).map((entry) => entry.name)).toEqual([
      'Amara Okafor',
      'Mei Tanaka',
      'Zara Haddad',
      'Nadia Petrova',
    ]);
  });

  it('counts looks away from the next look to go', () => {
    const cards = modelCards(input({ nextIndex: 1 }));
    expect(card(cards, 'Mei Tanaka').next).toEqual({ number: 2, looksAway: 0 });
    expect(card(cards, 'Amara Okafor').next).toEqual({ number: 4, looksAway: 2 });
    expect(cards.map((entry) => entry.name)).toEqual([
      'Mei Tanaka',
      'Zara Haddad',
      'Amara Okafor',
      'Nadia Petrova',
    ]);
  });

  it('moves models who have walked all their looks to the bottom', () => {
    const cards = modelCards(input({ nextIndex: 3 }));
    expect(cards.map((entry) => entry.name)).toEqual([
      'Amara Okafor',
      'Nadia Petrova',
      'Mei Tanaka',
      'Zara Haddad',
    ]);
    expect(card(cards, 'Mei Tanaka').hasWalkedAll).toBe(true);
    expect(card(cards, 'Nadia Petrova').hasWalkedAll).toBe(false);
    expect(card(cards, 'Nadia Petrova').hasNoLooks).toBe(true);
  });

  it('offers accessories only for a look that has some', () => {
    const cards = modelCards(input());
    expect(card(cards, 'Zara Haddad').looks[0]?.steps.map((step) => step.step)).toEqual([
      'dressed',
      'accessories',
      'checked',
    ]);
    expect(card(cards, 'Mei Tanaka').looks[0]?.steps.map((step) => step.step)).toEqual([
      'dressed',
      'checked',
    ]);
  });

  it('leaves cut looks out', () => {
    expect(card(modelCards(input()), 'Mei Tanaka').looks.map((entry) => entry.id)).toEqual(['l-2']);
  });

  it('reads the steps done from progress, model steps on the model and look steps on the look', () => {
    const cards = modelCards(
      input({
        progress: new Map([
          ['m-amara', progress('m-amara', 'hair')],
          ['l-1', progress('l-1', 'dressed')],
        ]),
      }),
    );
    const amaraCard = card(cards, 'Amara Okafor');
    expect(amaraCard.steps.map((step) => [step.label, step.isDone])).toEqual([
      ['Hair', true],
      ['Makeup', false],
    ]);
    expect(amaraCard.looks[0]?.steps[0]).toMatchObject({
      subjectId: 'l-1',
      step: 'dressed',
      isDone: true,
      at: 1000,
    });
    expect(amaraCard.looks[0]?.readiness).toMatchObject({
      state: 'in-progress',
      done: 2,
      total: 4,
    });
    expect(amaraCard.looks[0]?.readinessLabel).toBe('In progress');
  });

  it('flags a model coming into a quick change', () => {
    // Amara walks look 1 and again at look 4, two looks later: a quick change at 4 looks.
    const amaraCard = card(modelCards(input()), 'Amara Okafor');
    expect(amaraCard.quickChange?.to.number).toBe(4);
    expect(amaraCard.looks.map((entry) => entry.quickChange !== undefined)).toEqual([false, true]);
    expect(card(modelCards(input()), 'Mei Tanaka').quickChange).toBeUndefined();
  });

  it('attaches active touch-up calls to the models they name', () => {
    const touchUp = call({ kind: 'touch-up', modelIds: [mei.id], names: [mei.name], what: 'Lips' });
    const lineup = call({ kind: 'lineup', from: 1, to: 2 });
    const cards = modelCards(input({ activeCalls: [touchUp, lineup] }));
    expect(card(cards, 'Mei Tanaka').touchUps.map((entry) => entry.id)).toEqual([touchUp.id]);
    expect(card(cards, 'Amara Okafor').touchUps).toEqual([]);
  });
});

describe('filterCards', () => {
  const cards = modelCards(input());

  it('keeps the models of one station', () => {
    expect(
      filterCards(cards, { station: 'Chair 2', dresser: '', query: '' }).map((entry) => entry.name),
    ).toEqual(['Mei Tanaka', 'Zara Haddad']);
  });

  it('keeps a dresser only their own looks, and only models they dress', () => {
    const shown = filterCards(cards, { station: '', dresser: 'Priya', query: '' });
    expect(shown.map((entry) => entry.name)).toEqual(['Amara Okafor', 'Mei Tanaka']);
    expect(card(shown, 'Amara Okafor').looks.map((entry) => entry.number)).toEqual([4]);
    // The summary still speaks of the model's next look, even when it is another dresser's.
    expect(card(shown, 'Amara Okafor').nextLook?.number).toBe(1);
    expect(summaryText(card(shown, 'Amara Okafor'))).toBe(
      'Not started 0/4 · to do: Hair, Makeup, Dressed, Checked',
    );
  });

  it('searches names without caring about case or accents', () => {
    expect(
      filterCards(cards, { station: '', dresser: '', query: 'ZARA' }).map((entry) => entry.name),
    ).toEqual(['Zara Haddad']);
    expect(filterCards(cards, { station: '', dresser: '', query: 'nobody' })).toEqual([]);
  });

  it('combines filters', () => {
    expect(
      filterCards(cards, { station: 'Chair 2', dresser: 'Jo', query: '' }).map(
        (entry) => entry.name,
      ),
    ).toEqual(['Zara Haddad']);
  });
});

describe('filter options', () => {
  it('lists each station and dresser once, in natural order, without blanks', () => {
    expect(stationOptions([nadia, amara, mei, zara, model('m-x', 'X', '')])).toEqual([
      'Chair 1',
      'Chair 2',
      'Chair 10',
    ]);
    expect(dresserOptions(runningOrder(looks))).toEqual(['Jo', 'Priya']);
  });
});

describe('words on the card', () => {
  it('says when a model is up', () => {
    expect(upInText(0)).toBe('Up next');
    expect(upInText(1)).toBe('Up in 1 look');
    expect(upInText(6)).toBe('Up in 6 looks');
  });

  it('sums up the next look with what is left to do', () => {
    const cards = modelCards(
      input({ progress: new Map([['m-mei', progress('m-mei', 'hair', 'makeup')]]) }),
    );
    expect(summaryText(card(cards, 'Mei Tanaka'))).toBe(
      'In progress 2/4 · to do: Dressed, Checked',
    );
    expect(summaryState(card(cards, 'Mei Tanaka'))).toBe('in-progress');
    expect(summaryText(card(cards, 'Nadia Petrova'))).toBe('No look in the running order');
  });

  it('says a model has walked everything', () => {
    const cards = modelCards(input({ nextIndex: 4 }));
    expect(summaryText(card(cards, 'Amara Okafor'))).toBe('Walked all looks');
    expect(summaryState(card(cards, 'Amara Okafor'))).toBe('walked');
  });

  it('describes a quick change', () => {
    const change = card(modelCards(input()), 'Amara Okafor').quickChange;
    expect(change && quickChangeText(change)).toBe(
      'Quick change into look 4: 2 looks after look 1',
    );
  });

  it('words the undo toast', () => {
    expect(toggleMessage('hair', true, 'Amara Okafor')).toBe('Hair done for Amara Okafor');
    expect(toggleMessage('dressed', false, 'Mei Tanaka', 2)).toBe(
      'Dressed not done for look 2, Mei Tanaka',
    );
  });

  it('counts models with both hair and makeup done', () => {
    const cards = modelCards(
      input({
        progress: new Map([
          ['m-mei', progress('m-mei', 'hair', 'makeup')],
          ['m-amara', progress('m-amara', 'hair')],
        ]),
      }),
    );
    expect(readyCount(cards)).toEqual({ hairAndMakeup: 1, total: 4 });
  });
});

describe('touchUpRequests', () => {
  it('lists touch-ups oldest first with where each model is', () => {
    const later = call(
      { kind: 'touch-up', modelIds: [amara.id], names: [amara.name], what: 'Powder' },
      { issuedAt: 5000 },
    );
    const earlier = call(
      { kind: 'touch-up', modelIds: [zara.id, mei.id], names: [zara.name, mei.name], what: '' },
      { issuedAt: 2000 },
    );
    const briefing = call({ kind: 'briefing', minutes: 5, place: '' });
    const activeCalls = [later, earlier, briefing];
    const requests = touchUpRequests(modelCards(input({ activeCalls })), activeCalls);
    expect(requests.map((request) => request.call.id)).toEqual([earlier.id, later.id]);
    expect(requests[0]?.models).toEqual([
      { id: mei.id, name: 'Mei Tanaka', station: 'Chair 2', upIn: 'Up in 1 look (look 2)' },
      { id: zara.id, name: 'Zara Haddad', station: 'Chair 2', upIn: 'Up in 2 looks (look 3)' },
    ]);
  });
});
