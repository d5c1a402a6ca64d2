import { describe, expect, it } from 'vitest';
import { makeLook, makeModel } from '../../domain/test-factories';
import { composeCall, type CallTemplate } from '../../domain/calls';
import type { CallId, LookId, ModelId, SiteId } from '../../domain/ids';
import type { Call, Look, Model } from '../../domain/model';
import { runningOrder } from '../../domain/running-order';
import {
  ageText,
  callView,
  draftTemplate,
  initialDraft,
  listNames,
  modelChoice,
  modelOptions,
  preview,
  targetText,
  type ComposerDraft,
} from './calls';

const model = (id: string, name: string, station = ''): Model =>
  makeModel({
    id: id as ModelId,
    name,
    station,
  });

const look = (id: string, rank: string, modelId: string, cut = false): Look =>
  makeLook({
    id: id as LookId,
    rank,
    modelId: modelId as ModelId,
    cut,
  });

const amara = model('m-amara', 'Amara Okafor', 'Chair 1');
const chloe = model('m-chloe', 'Chloé Bernard', 'Chair 4');
const mei = model('m-mei', 'Mei Tanaka', 'Chair 2');
const models = [amara, chloe, mei];
const order = runningOrder([
  look('l-1', 'a1', 'm-amara'),
  look('l-2', 'a2', 'm-mei'),
  look('l-x', 'a3', 'm-chloe', true),
  look('l-3', 'a4', 'm-amara'),
]);

const at = (hh: number, mm: number) => new Date(2027, 2, 1, hh, mm).getTime();

const call = (template: CallTemplate, fields: Partial<Call> = {}): Call => ({
  id: 'c-1' as CallId,
  ...composeCall(template),
  issuedAt: at(19, 5),
  issuedBy: 'site' as SiteId,
  acknowledgedAt: 0,
  acknowledgedBy: '',
  clearedAt: 0,
  ...fields,
});

describe('ageText', () => {
  it('reads like a person would say it', () => {
    expect(ageText(0, 30_000)).toBe('just now');
    expect(ageText(0, 60_000)).toBe('1 min ago');
    expect(ageText(0, 59 * 60_000)).toBe('59 min ago');
    expect(ageText(0, 65 * 60_000)).toBe('1 h 05 min ago');
  });

  it('never says a negative age when clocks disagree a little', () => {
    expect(ageText(10_000, 0)).toBe('just now');
  });
});

describe('listNames', () => {
  it('joins names and shortens long lists', () => {
    expect(listNames(['A'])).toBe('A');
    expect(listNames(['A', 'B'])).toBe('A and B');
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(listNames(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C and 2 more');
  });
});

describe('targetText', () => {
  it('says everyone, a range of looks with its model count, or the names', () => {
    expect(targetText(call({ kind: 'briefing', minutes: 5, place: '' }), { order, models })).toBe(
      'Everyone',
    );
    expect(targetText(call({ kind: 'lineup', from: 1, to: 2 }), { order, models })).toBe(
      'Looks 1–2 · 2 models',
    );
    expect(targetText(call({ kind: 'lineup', from: 3, to: 3 }), { order, models })).toBe(
      'Look 3 · 1 model',
    );
    expect(
      targetText(call({ kind: 'touch-up', modelIds: [mei.id, amara.id], names: [], what: '' }), {
        order,
        models,
      }),
    ).toBe('Mei Tanaka and Amara Okafor');
  });

  it('says so when the models named are no longer in the show', () => {
    const gone = call({
      kind: 'station',
      modelIds: ['m-gone' as ModelId],
      names: ['Gone'],
      station: 'Chair 1',
    });
    expect(targetText(gone, { order, models })).toBe('1 model (no longer in the show)');
  });
});

describe('callView', () => {
  it('shows kind, urgency and when it was issued', () => {
    const view = callView(call({ kind: 'lineup', from: 1, to: 2 }), {
      order,
      models,
      now: at(19, 8),
    });
    expect(view).toMatchObject({
      kindLabel: 'Line-up',
      icon: '▶',
      text: 'Looks 1–2 to the line-up now',
      isUrgent: true,
      issuedText: '19:05 · 3 min ago',
      isAcknowledged: false,
      acknowledgedText: '',
    });
  });

  it('says who acknowledged and when', () => {
    const view = callView(
      call(
        { kind: 'briefing', minutes: 5, place: '' },
        { acknowledgedAt: at(19, 6), acknowledgedBy: 'Curtain' },
      ),
      {
        order,
        models,
        now: at(19, 8),
      },
    );
    expect(view.isUrgent).toBe(false);
    expect(view.acknowledgedText).toBe('Acknowledged by Curtain at 19:06');
  });
});

describe('the composer', () => {
  const draft = (fields: Partial<ComposerDraft>): ComposerDraft => ({
    ...initialDraft(1, 3),
    ...fields,
  });

  it('starts on a line-up of the next four looks, within the show', () => {
    expect(initialDraft(5, 32)).toMatchObject({ kind: 'lineup', from: 5, to: 8 });
    expect(initialDraft(31, 32)).toMatchObject({ from: 31, to: 32 });
    expect(initialDraft(33, 32)).toMatchObject({ from: 32, to: 32 });
    expect(initialDraft(1, 0)).toMatchObject({ from: 1, to: 1 });
  });

  it('knows which calls need models', () => {
    expect(modelChoice('touch-up')).toBe('required');
    expect(modelChoice('station')).toBe('required');
    expect(modelChoice('photo')).toBe('optional');
    expect(modelChoice('custom')).toBe('optional');
    expect(modelChoice('lineup')).toBe('none');
    expect(modelChoice('briefing')).toBe('none');
  });

  it('turns a line-up draft into a template, and refuses looks that do not exist', () => {
    expect(draftTemplate(draft({ from: 1, to: 3 }), models, 3)).toEqual({
      template: { kind: 'lineup', from: 1, to: 3 },
    });
    expect(draftTemplate(draft({ from: 1, to: 9 }), models, 3)).toEqual({
      problem: 'Look numbers go from 1 to 3',
    });
    expect(draftTemplate(draft({}), models, 0)).toEqual({
      problem: 'The running order has no looks yet',
    });
  });

  it('asks for a model when the call needs one, and names the models chosen', () => {
    expect(draftTemplate(draft({ kind: 'touch-up', what: 'Lips' }), models, 3)).toEqual({
      problem: 'Choose at least one model',
    });
    expect(
      draftTemplate(draft({ kind: 'touch-up', what: ' Lips ', modelIds: [mei.id] }), models, 3),
    ).toEqual({
      template: { kind: 'touch-up', modelIds: [mei.id], names: ['Mei Tanaka'], what: 'Lips' },
    });
  });

  it('drops chosen models that have since been deleted', () => {
    const result = draftTemplate(
      draft({ kind: 'station', station: 'Chair 3', modelIds: ['m-gone' as ModelId, amara.id] }),
      models,
      3,
    );
    expect(result.template).toEqual({
      kind: 'station',
      modelIds: [amara.id],
      names: ['Amara Okafor'],
      station: 'Chair 3',
    });
    expect(
      draftTemplate(draft({ kind: 'station', station: ' ', modelIds: [amara.id] }), models, 3),
    ).toEqual({ problem: 'Say which station' });
  });

  it('checks briefing minutes and custom text', () => {
    expect(draftTemplate(draft({ kind: 'briefing', minutes: 1.5 }), models, 3).problem).toMatch(
      /whole number/,
    );
    expect(
      draftTemplate(draft({ kind: 'briefing', minutes: 0, place: 'Rails' }), models, 3).template,
    ).toEqual({ kind: 'briefing', minutes: 0, place: 'Rails' });
    expect(draftTemplate(draft({ kind: 'custom', text: '  ' }), models, 3)).toEqual({
      problem: 'Write the message',
    });
  });

  it('previews the words and priority the call will have', () => {
    expect(
      preview(draftTemplate(draft({ kind: 'briefing', minutes: 0, place: '' }), models, 3)),
    ).toEqual({ text: 'Briefing now, everyone', priority: 'urgent' });
    expect(preview(draftTemplate(draft({ kind: 'photo', place: 'Wall' }), models, 3))).toEqual({
      text: 'Photo call: everyone — Wall',
      priority: 'normal',
    });
    expect(preview({ problem: 'x' })).toBeUndefined();
  });
});

describe('modelOptions', () => {
  it('finds models by name without accents, with station and look numbers', () => {
    expect(modelOptions(models, order, 'chloe')).toEqual([
      { id: chloe.id, name: 'Chloé Bernard', station: 'Chair 4', looksText: 'No look' },
    ]);
    expect(modelOptions(models, order, '').map((option) => option.looksText)).toEqual([
      'Looks 1, 3',
      'No look',
      'Look 2',
    ]);
  });
});
