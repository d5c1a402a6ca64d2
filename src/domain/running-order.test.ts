import { describe, expect, it } from 'vitest';
import { makeLook } from './test-factories';
import type { LookId, ModelId } from './ids';
import type { Look } from './model';
import {
  quickChangeInto,
  quickChanges,
  runningOrder,
  upInLooks,
  walkingOrder,
  plannedSecondsUntil,
} from './running-order';

const look = (id: string, rank: string, modelId: string, extra: Partial<Look> = {}): Look =>
  makeLook({ id: id as LookId, rank, modelId: modelId as ModelId, ...extra });

const show = { pacingSeconds: 45, quickChangeLooks: 3, quickChangeSeconds: 120 };

describe('running order', () => {
  it('sorts by rank and numbers looks from 1', () => {
    const order = runningOrder([
      look('b', 'a2', 'm1'),
      look('a', 'a1', 'm2'),
      look('c', 'a3', 'm3'),
    ]);
    expect(order.map((entry) => [entry.look.id, entry.number])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('breaks equal ranks by id, the same on every kiosk', () => {
    const order = runningOrder([look('z', 'a1', 'm1'), look('y', 'a1', 'm2')]);
    expect(order.map((entry) => entry.look.id)).toEqual(['y', 'z']);
  });

  it('skips cut looks when numbering, keeping them in place', () => {
    const order = runningOrder([
      look('a', 'a1', 'm1'),
      look('b', 'a2', 'm2', { cut: true }),
      look('c', 'a3', 'm3'),
    ]);
    expect(order.map((entry) => entry.number)).toEqual([1, 0, 2]);
    expect(walkingOrder(order.map((entry) => entry.look)).map((entry) => entry.look.id)).toEqual([
      'a',
      'c',
    ]);
  });
});

describe('quick changes', () => {
  const looks = [
    look('1', 'a1', 'amara'),
    look('2', 'a2', 'lina'),
    look('3', 'a3', 'amara'), // one look between: quick change
    look('4', 'a4', 'mei'),
    look('5', 'a5', 'zara'),
    look('6', 'a6', 'nadia'),
    look('7', 'a7', 'lina'), // four looks between, 225 s: not quick
  ];

  it('flags a model back within fewer looks than the threshold', () => {
    const changes = quickChanges(show, looks);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ modelId: 'amara', looksBetween: 1, seconds: 90 });
    expect(quickChangeInto(changes, '3' as LookId)?.from.number).toBe(1);
  });

  it('flags a model back within too few seconds even with enough looks between', () => {
    expect(
      quickChanges({ ...show, quickChangeSeconds: 300 }, looks).map((change) => change.modelId),
    ).toEqual(['amara', 'lina']);
  });

  it('counts pacing overrides into the gap', () => {
    const slow = looks.map((l) => (l.id === '1' ? { ...l, pacingSeconds: 200 } : l));
    expect(quickChanges({ ...show, quickChangeLooks: 0 }, slow)).toEqual([]);
  });

  it('ignores cut looks: the gap closes around them', () => {
    const withCut = [
      look('1', 'a1', 'amara'),
      look('2', 'a2', 'lina', { cut: true }),
      look('3', 'a3', 'amara'),
    ];
    expect(quickChanges(show, withCut)[0]?.looksBetween).toBe(0);
  });
});

describe('up in N looks', () => {
  const looks = [
    look('1', 'a1', 'amara'),
    look('2', 'a2', 'lina'),
    look('3', 'a3', 'mei'),
    look('4', 'a4', 'amara'),
  ];

  it('counts looks until each model walks next', () => {
    const up = upInLooks(looks, 1);
    expect(up.get('lina' as ModelId)?.looksAway).toBe(0);
    expect(up.get('mei' as ModelId)?.looksAway).toBe(1);
    expect(up.get('amara' as ModelId)?.looksAway).toBe(2);
    expect(up.get('amara' as ModelId)?.look.number).toBe(4);
  });

  it('leaves out models with no look left', () => {
    expect(upInLooks(looks, 3).has('lina' as ModelId)).toBe(false);
  });

  it('plans seconds until a look at the pacing', () => {
    expect(plannedSecondsUntil(show, walkingOrder(looks), 0, 3)).toBe(135);
  });
});
