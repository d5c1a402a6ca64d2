import { describe, expect, it } from 'vitest';
import { makeLook } from './test-factories';
import {
  callConcernsModel,
  compareCalls,
  composeCall,
  isActiveCall,
  modelsTargeted,
} from './calls';
import type { CallId, LookId, ModelId, SiteId } from './ids';
import type { Call, Look } from './model';
import { runningOrder } from './running-order';

const look = (id: string, rank: string, modelId: string): Look =>
  makeLook({ id: id as LookId, rank, modelId: modelId as ModelId });
const order = runningOrder([
  look('1', 'a1', 'amara'),
  look('2', 'a2', 'lina'),
  look('3', 'a3', 'mei'),
  look('4', 'a4', 'amara'),
]);
const models = ['amara', 'lina', 'mei', 'zara'] as ModelId[];

function call(fields: Partial<Call>): Call {
  return {
    id: 'c-1' as CallId,
    kind: 'custom',
    text: '',
    target: { kind: 'everyone' },
    priority: 'normal',
    issuedAt: 1,
    issuedBy: 'p' as SiteId,
    acknowledgedAt: 0,
    acknowledgedBy: '',
    clearedAt: 0,
    ...fields,
  };
}

describe('who a call targets', () => {
  it('reaches nobody, and never throws, when its target lacks its list or kind (refused at the door; screens stay up anyway)', () => {
    for (const target of [
      { kind: 'models' },
      { kind: 'stations' },
    ] as unknown as Call['target'][]) {
      expect(callConcernsModel(call({ target }), 'amara' as ModelId, order)).toBe(false);
      expect(modelsTargeted(call({ target }), order, models)).toEqual([]);
    }
  });

  it('reaches everyone', () => {
    expect(modelsTargeted(call({}), order, models)).toEqual(models);
  });

  it('reaches the models walking in a range of looks', () => {
    const lineup = call(composeCall({ kind: 'lineup', from: 2, to: 3 }));
    expect(modelsTargeted(lineup, order, models)).toEqual(['lina', 'mei']);
    expect(
      callConcernsModel(
        call(composeCall({ kind: 'lineup', from: 4, to: 4 })),
        'amara' as ModelId,
        order,
      ),
    ).toBe(true);
  });

  it('reaches named models only', () => {
    const touchUp = call(
      composeCall({
        kind: 'touch-up',
        modelIds: ['zara' as ModelId],
        names: ['Zara'],
        what: 'lip',
      }),
    );
    expect(modelsTargeted(touchUp, order, models)).toEqual(['zara']);
  });
});

describe('call templates', () => {
  it('words a line-up call the way runners shout it', () => {
    expect(composeCall({ kind: 'lineup', from: 18, to: 12 })).toMatchObject({
      text: 'Looks 12–18 to the line-up now',
      target: { kind: 'looks', from: 12, to: 18 },
      priority: 'urgent',
    });
    expect(composeCall({ kind: 'lineup', from: 5, to: 5 }).text).toBe('Look 5 to the line-up now');
  });

  it('words briefing, station, touch-up, photo and custom calls', () => {
    expect(composeCall({ kind: 'briefing', minutes: 10, place: 'by the rails' }).text).toBe(
      'Briefing in 10 min — by the rails, everyone',
    );
    expect(
      composeCall({
        kind: 'station',
        modelIds: [],
        names: ['Amara', 'Lina', 'Mei'],
        station: 'Chair 3',
      }).text,
    ).toBe('Amara, Lina and Mei to Chair 3');
    expect(composeCall({ kind: 'touch-up', modelIds: [], names: ['Zara'], what: '' }).text).toBe(
      'Touch-up: Zara',
    );
    expect(
      composeCall({ kind: 'photo', modelIds: [], names: [], place: 'press wall' }).target,
    ).toEqual({ kind: 'everyone' });
    expect(composeCall({ kind: 'custom', text: '  Water at the rails  ', modelIds: [] }).text).toBe(
      'Water at the rails',
    );
  });
});

describe('active calls', () => {
  it('are issued and not cleared, urgent first then newest', () => {
    expect(isActiveCall(call({ clearedAt: 5 }))).toBe(false);
    const calls = [
      call({ id: 'a' as CallId, issuedAt: 1 }),
      call({ id: 'b' as CallId, issuedAt: 2 }),
      call({ id: 'c' as CallId, issuedAt: 0.5, priority: 'urgent' }),
    ];
    expect(calls.sort(compareCalls).map((c) => c.id)).toEqual(['c', 'b', 'a']);
  });
});
