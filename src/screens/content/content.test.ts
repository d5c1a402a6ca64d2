import { describe, expect, it } from 'vitest';
import type { ContentEntry } from '../../domain/content-view';
import type { CallId, LookId, ModelId, SiteId } from '../../domain/ids';
import type { Call } from '../../domain/model';
import { walkingOrder } from '../../domain/running-order';
import { makeCall, makeLook, makeModel } from '../../domain/test-factories';
import {
  activePhotoCall,
  lookaheadFrom,
  photoCallText,
  reasonText,
  rowWhenText,
  shotCount,
  whenText,
} from './content';

const NOW = 1_800_000_000_000;
const amara = makeModel({ id: 'm-amara' as ModelId, name: 'Amara Okafor' });
const [look19] = walkingOrder([
  makeLook({ id: 'l-19' as LookId, rank: 'a', modelId: amara.id, outfit: 'Sequin gown' }),
]).map((entry) => ({ ...entry, number: 19 }));
const entry = (fields: Partial<ContentEntry>): ContentEntry => ({
  model: amara,
  status: 'free',
  look: look19,
  looksAway: 13,
  secondsAway: 13 * 45,
  missing: [],
  isModelShot: false,
  isLookShot: false,
  ...fields,
});

describe('the content tablet', () => {
  it('keeps between 1 and 20 looks clear, 5 when the address says nothing usable', () => {
    expect(lookaheadFrom(null)).toBe(5);
    expect(lookaheadFrom('eight')).toBe(5);
    expect(lookaheadFrom('8')).toBe(8);
    expect(lookaheadFrom('0')).toBe(1);
    expect(lookaheadFrom('400')).toBe(20);
  });

  it('says when a model walks next, in looks and in minutes rounded down', () => {
    expect(whenText(entry({}))).toBe('Look 19 in 13 looks · about 9 min');
    expect(whenText(entry({ looksAway: 1, secondsAway: 45 }))).toBe(
      'Look 19 in 1 look · under a minute',
    );
    expect(whenText(entry({ looksAway: 0, secondsAway: 0 }))).toBe('Look 19 is next');
    expect(whenText(entry({ looksAway: undefined, secondsAway: undefined }))).toBe(
      'Walked all looks (last: look 19)',
    );
    expect(whenText(entry({ look: undefined, looksAway: undefined }))).toBe(
      'No look in the running order',
    );
  });

  it('in a row of those not free, says which look and when, the reason counting the looks', () => {
    expect(rowWhenText(entry({ status: 'soon', looksAway: 2, secondsAway: 90 }))).toBe(
      'Look 19 · about 1 min',
    );
    expect(rowWhenText(entry({ status: 'soon', looksAway: 0, secondsAway: 0 }))).toBe('Look 19');
    expect(rowWhenText(entry({ status: 'preparing' }))).toBe('Look 19 in 13 looks · about 9 min');
  });

  it('says why a model cannot be shot now', () => {
    expect(reasonText(entry({ status: 'absent' }))).toBe('Not checked in');
    expect(reasonText(entry({ status: 'preparing', missing: ['Makeup', 'Dressed'] }))).toBe(
      'Still to do: Makeup, Dressed',
    );
    expect(reasonText(entry({ status: 'walking' }))).toBe('On the runway or at the line-up');
    expect(reasonText(entry({ status: 'soon', looksAway: 0 }))).toBe('Walks next');
    expect(reasonText(entry({ status: 'soon', looksAway: 3 }))).toBe('Walks in 3 looks');
  });

  it('finds the newest active photo call naming the model, and says whether it was acknowledged', () => {
    const call = (id: string, fields: Partial<Call>) =>
      makeCall({
        id: id as CallId,
        kind: 'photo',
        target: { kind: 'models', modelIds: [amara.id] },
        issuedAt: NOW - 5 * 60_000,
        issuedBy: 'content' as SiteId,
        ...fields,
      });
    const calls = [
      call('c-old', { issuedAt: NOW - 20 * 60_000 }),
      call('c-new', {}),
      call('c-cleared', { issuedAt: NOW, clearedAt: NOW }),
      call('c-touch', { kind: 'touch-up', issuedAt: NOW }),
      call('c-other', { issuedAt: NOW, target: { kind: 'models', modelIds: ['m-x' as ModelId] } }),
    ];
    const found = activePhotoCall(calls, amara.id);
    expect(found?.id).toBe('c-new');
    expect(photoCallText(found!, NOW)).toBe('Called 5 min ago');
    expect(photoCallText({ ...found!, acknowledgedAt: NOW }, NOW)).toBe(
      'Called 5 min ago · acknowledged',
    );
    expect(activePhotoCall(calls, 'm-nobody' as ModelId)).toBeUndefined();
  });

  it('counts the free models shot both ways', () => {
    expect(
      shotCount([entry({ isModelShot: true, isLookShot: true }), entry({ isModelShot: true })]),
    ).toBe('1 of 2 free models shot');
    expect(shotCount([entry({})])).toBe('0 of 1 free model shot');
  });
});
